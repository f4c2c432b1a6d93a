using Arbor.Core.Periods;
using Arbor.Core.Genealogy;
using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>One member of the viewer's downline (or the viewer itself); any other handle is "not found".</summary>
public sealed class MemberModel(Viewer viewer, EstimateService estimates, ArborContext db) : PageModel
{
    public Member Shown { get; private set; } = null!;
    public int Level { get; private set; }
    public Member? Sponsor { get; private set; }

    /// <summary>Whether the viewer may open the sponsor's page (the sponsor is the viewer or in its downline).</summary>
    public bool SponsorVisible { get; private set; }
    public OpenEstimate? Estimate { get; private set; }
    public Figures? Figures { get; private set; }

    /// <summary>The shown member's frontline: the way down the tree without scripts.</summary>
    public IReadOnlyList<TreeNode> Below { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string handle, CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        var seen = await viewer.SeeAsync(handle, ct);
        if (!self.Ok || !seen.Ok) return NotFound();
        Shown = seen.Value!;
        Level = Shown.Depth - self.Value!.Depth;
        if (Shown.SponsorId is { } sponsorId)
        {
            Sponsor = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == sponsorId, ct);
            SponsorVisible = Sponsor is not null && Visibility.Sees(self.Value, Sponsor);
        }
        Estimate = estimates.Latest;
        Figures = Estimate?.Of(Shown.Id);
        Below = await new GenealogyQueries(db).ChildrenAsync(self.Value, Shown, Tree.Sponsor, ct);
        return Page();
    }
}
