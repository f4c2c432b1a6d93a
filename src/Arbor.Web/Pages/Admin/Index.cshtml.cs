using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>The back office's dashboard: per closed period sales, active members, enrollments and payout ratio (charts and the same figures as a table), and the open period's estimate.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.None)]
public sealed class IndexModel(ArborDatabase database, ArborContext db, EstimateService estimates, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public int Members { get; private set; }
    public IReadOnlyList<PeriodFigures> Periods { get; private set; } = [];
    public OpenEstimate? Estimate => estimates.Latest;
    public string Currency { get; private set; } = "";

    /// <summary>The charts' data, read by admin.js from JSON islands.</summary>
    public string SalesJson { get; private set; } = "{}";
    public string MembersJson { get; private set; } = "{}";
    public string RatioJson { get; private set; } = "{}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Members = await db.Members.CountAsync(ct);
        Periods = await PeriodFiguresQuery.ClosedAsync(database, ct: ct);
        Currency = await CurrencyAsync(db, ct);
        var labels = Periods.Select(p => p.Period).ToArray();
        SalesJson = Charts.Json(labels, "bar", (a["Dashboard.Cv"], "#1d5c3f", Periods.Select(p => (decimal?)p.Cv)));
        MembersJson = Charts.Json(labels, "bar", (a["Dashboard.Active"], "#0b5cad", Periods.Select(p => (decimal?)p.Active)), (a["Dashboard.Enrollments"], "#b35c00", Periods.Select(p => (decimal?)p.Enrollments)));
        RatioJson = Charts.Json(labels, "line", (a["Dashboard.RatioPercent"], "#a4161a", Periods.Select(p => (decimal?)(p.PayoutRatio is { } r ? Math.Round(r * 100m, 1) : 0m))));
    }
}
