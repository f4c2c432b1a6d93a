using Arbor.Core.Members;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Members;

/// <summary>Members: search by handle, name or e-mail, a page at a time.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class IndexModel(ArborContext db) : StaffPage
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Members = await new MemberQueries(db).SearchAsync(Search, PageNumber, PageSize, ct);
    }
}
