using Arbor.Data;
using Arbor.Web.Pages.Shared;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's downline as it was at a closed period's close: who was in it, ranks and volumes then (<see cref="AsOfView"/>).</summary>
public sealed class AsOfModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    public AsOfView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? period, string? tree, int? depth, int? page, CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        View = await AsOfView.LoadAsync(db, "/office/asof", Me.Handle, period, tree, depth, page, Me.Id, ct);
        return Page();
    }
}
