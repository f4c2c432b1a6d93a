using Arbor.Core.Analytics;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's own analytics: its team, recruits and customers month by month, as charts with the figures as tables.</summary>
public sealed class AnalyticsModel(Viewer viewer, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Office> o) : OfficePage(viewer, clock)
{
    public TeamReport Report { get; private set; } = new([], []);
    public string Currency { get; private set; } = "";
    public string TeamJson { get; private set; } = "{}";
    public string JoinedJson { get; private set; } = "{}";
    public string CustomersJson { get; private set; } = "{}";
    public string ShareJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        Report = await new TeamAnalytics(db).OfAsync(Me.Id, Today, 12, ct);
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        var labels = Report.Months.Select(m => Formats.MonthShort(m.Month)).ToList();
        TeamJson = Charts.Json(labels, "line", (o["Analytics.TeamSize"], "#1d5c3f", Report.Months.Select(m => (decimal?)m.TeamSize)), (o["Analytics.Active"], "#0b5cad", Report.Months.Select(m => (decimal?)m.Active)));
        JoinedJson = Charts.Json(labels, "bar", (o["Analytics.Joined"], "#b35c00", Report.Months.Select(m => (decimal?)m.Joined)));
        CustomersJson = Charts.Json(labels, "bar", (o["Analytics.RetailSales"], "#1d5c3f", Report.Months.Select(m => (decimal?)m.RetailSales)), (o["Analytics.Customers"], "#0b5cad", Report.Months.Select(m => (decimal?)m.Customers)));
        ShareJson = Charts.Json(labels, "line", (o["Analytics.CustomerShare"], "#a4161a", Report.Months.Select(m => m.CustomerSharePercent)));
        return Page();
    }
}
