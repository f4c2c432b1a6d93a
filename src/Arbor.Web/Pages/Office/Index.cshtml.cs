using Arbor.Core.Periods;
using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Engine.Explain;
using Arbor.Engine.Plans;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>
/// The virtual office's dashboard: the open period as last estimated (volumes, activity, rank,
/// what the next rank still needs, earnings by bonus) and the last closed period as stored.
/// </summary>
public sealed class IndexModel(Viewer viewer, EstimateService estimates, ArborContext db) : PageModel
{
    public Member Me { get; private set; } = null!;
    public string Currency { get; private set; } = "";
    public OpenEstimate? Estimate { get; private set; }

    /// <summary>The viewer's figures in the estimate; null when there is none or the viewer is not in the period.</summary>
    public Figures? Mine { get; private set; }
    public int HighestRank { get; private set; }

    /// <summary>What the rank above the paid-as rank still needs; null at the top rank.</summary>
    public RankGaps? Next { get; private set; }

    /// <summary>This period's estimated earnings by bonus, in cents, bonuses without lines left out.</summary>
    public IReadOnlyList<(BonusType Bonus, long Cents)> ByBonus { get; private set; } = [];
    public long EarningsCents { get; private set; }
    public ClosedFigures? LastClosed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Me = self.Value!;
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        Estimate = estimates.Latest;
        if (Estimate is not null && Estimate.IndexOf(Me.Id) is { } i)
        {
            Mine = Estimate.Of(Me.Id);
            HighestRank = Estimate.HighestRank(i);
            Next = Estimate.Next(i);
            EarningsCents = Estimate.EarningsCents(i);
            ByBonus = Estimate.ByBonus(i).ToArray();
        }
        LastClosed = await new EarningsHistory(db).LastClosedAsync(Me.Id, ct);
        return Page();
    }
}
