using Arbor.Core.Periods;
using Arbor.Core.Office;
using Arbor.Core.Messages;
using Arbor.Core.Prospects;
using Arbor.Core.Training;
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
public sealed class IndexModel(Viewer viewer, EstimateService estimates, ArborContext db, TimeProvider clock) : PageModel
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

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Prospects to follow up today or overdue.</summary>
    public IReadOnlyList<Prospect> FollowUps { get; private set; } = [];

    /// <summary>The company's announcements not read yet.</summary>
    public IReadOnlyList<InboxItem> Announcements { get; private set; } = [];

    /// <summary>Customers whose usual reorder interval has passed.</summary>
    public IReadOnlyList<CustomerCareRow> Reminders { get; private set; } = [];

    /// <summary>Required courses not completed yet.</summary>
    public IReadOnlyList<CourseProgress> TrainingDue { get; private set; } = [];

    /// <summary>Whether the member's shop is open (the company can tie it to the income-claims course).</summary>
    public bool ShopLive { get; private set; }

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
        FollowUps = await new ProspectBook(db).DueAsync(Me.Id, Today, ct);
        Announcements = await new TeamMessages(db, clock).UnreadAnnouncementsAsync(Me.Id, ct: ct);
        Reminders = await new CustomerCare(db).RemindersAsync(Me.Id, Today, ct);
        var training = new TrainingLibrary(db, clock);
        TrainingDue = [.. (await training.ProgressAsync(Me.Id, ct)).Where(c => c.Required && !c.Complete)];
        ShopLive = await training.ShopLiveAsync(Me.Id, ct);
        return Page();
    }
}
