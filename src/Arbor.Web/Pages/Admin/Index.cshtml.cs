using Arbor.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Admin;

/// <summary>The back office's dashboard.</summary>
public sealed class IndexModel(ArborContext db) : PageModel
{
    public int Members { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Members = await db.Members.CountAsync(ct);
}
