using Arbor.Core.Audit;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's own details, its language choice (posted to the account's language page), and who of the staff looked at its office.</summary>
public sealed class ProfileModel(Viewer viewer, ArborContext db, ArborDatabase database, TimeProvider clock) : PageModel
{
    public Member Me { get; private set; } = null!;
    public Member? Sponsor { get; private set; }

    /// <summary>The staff who looked at this office (support's read-only "act as"), newest first.</summary>
    public IReadOnlyList<Look> Looks { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Me = self.Value!;
        if (Me.SponsorId is { } sponsorId) Sponsor = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == sponsorId, ct);
        Looks = await new AuditLog(database, clock).LooksAtAsync(Me.Handle, ct);
        return Page();
    }
}
