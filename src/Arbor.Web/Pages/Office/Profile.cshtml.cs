using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's own details, and its language choice (posted to the account's language page).</summary>
public sealed class ProfileModel(Viewer viewer, ArborContext db) : PageModel
{
    public Member Me { get; private set; } = null!;
    public Member? Sponsor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Me = self.Value!;
        if (Me.SponsorId is { } sponsorId) Sponsor = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == sponsorId, ct);
        return Page();
    }
}
