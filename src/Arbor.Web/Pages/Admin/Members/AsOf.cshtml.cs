using Arbor.Data;
using Arbor.Web.Pages.Shared;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Admin.Members;

/// <summary>A member's downline as it was at a closed period's close, for staff answering "who was in my downline in March?" (<see cref="AsOfView"/>).</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.None)]
public sealed class AsOfModel(ArborContext db) : StaffPage
{
    [FromRoute] public string Handle { get; set; } = "";

    public AsOfView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? period, string? tree, int? depth, int? page, CancellationToken ct)
    {
        View = await AsOfView.LoadAsync(db, $"/admin/members/{Uri.EscapeDataString(Handle)}/asof", Handle, period, tree, depth, page, viewer: null, ct);
        return Page();
    }
}
