using Arbor.Core.Compliance;
using Arbor.Core.Periods;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>The company's compliance scorecard of a closed period (the latest by default): every figure with its verdict, the money it sums, the per-member indicator counts, and the trend over the last closed periods.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class IndexModel(ArborDatabase database, ArborContext db, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    /// <summary>How many closed periods the trend charts cover.</summary>
    public const int TrendPeriods = 12;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public IReadOnlyList<CommissionPeriod> Periods { get; private set; } = [];
    public ScorecardReport? Report { get; private set; }
    public ScorecardTrend? Trend { get; private set; }
    public string Currency { get; private set; } = "";

    /// <summary>The trend charts' data, read by admin.js from JSON islands; shares in percent, the Gini × 100.</summary>
    public IReadOnlyList<(string Id, string Title, string Json)> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Periods = await PeriodList.ClosedAsync(database, ct);
        if (Periods.Count == 0) return;
        Period = string.IsNullOrWhiteSpace(Period) ? Periods[0].Key : Period.Trim();
        Currency = await CurrencyAsync(db, ct);
        var queries = new ComplianceQueries(db);
        var card = await queries.ScorecardAsync(Period, ct);
        if (!card.Ok)
        {
            Refused("period", card.Problem!);
            return;
        }
        Report = card.Value!;
        var trend = await queries.TrendAsync(Period, TrendPeriods, ct);
        if (!trend.Ok) return;
        Trend = trend.Value!;
        Charts =
        [
            ("trend-rewards", a["Compliance.TrendRewards"], Chart(Scorecard.RetailRewardsShare, Scorecard.NonParticipantVolume, Scorecard.PayoutRatio, Scorecard.RecruitingShare)),
            ("trend-participants", a["Compliance.TrendParticipants"], Chart(Scorecard.NetLossShare, Scorecard.Retention, Scorecard.Churn, Scorecard.LowestRankShare)),
            ("trend-concentration", a["Compliance.TrendConcentration"], Chart(Scorecard.Top1Share, Scorecard.Top10Share, Scorecard.Gini)),
        ];
    }

    private static readonly string[] Colors = ["#1d5c3f", "#0b5cad", "#b35c00", "#a4161a"];

    private string Chart(params string[] keys) => Arbor.Web.Charts.Json(Trend!.Periods, "line", [.. keys.Select((key, i) =>
    {
        var series = Trend.Series.Single(s => s.Key == key);
        var name = ComplianceView.FigureName(a, key, Report!.Settings);
        return (series.Unit == "share" ? name + " (%)" : name + " × 100", Colors[i], series.Values.Select(v => v is { } x ? (decimal?)Math.Round(x * 100m, 1, MidpointRounding.ToEven) : null));
    })]);
}
