using System.Globalization;
using Arbor.Core.Compliance;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>
/// How the back office writes compliance figures in the request's language: values by their unit,
/// verdict bands, verdicts and results as badges with words, and each per-member indicator's rule
/// with the company's thresholds. Names, sources and explanations are texts per figure key
/// (<c>CF.{key}.*</c> and <c>CI.{key}.*</c> in Admin.resx); Core's own words stay its English.
/// </summary>
public static class ComplianceView
{
    /// <summary>A figure's value: shares as percents, the Gini to three decimals, PV, counts, money; "–" when there is none.</summary>
    public static string Value(decimal? value, string unit, string currency) => value is not { } v ? "–" : unit switch
    {
        "share" => Formats.Percent(v),
        "ratio" => v.ToString("N3", CultureInfo.CurrentCulture),
        "count" => Formats.Count((long)v),
        "money" => Formats.Money(v, currency),
        _ => Formats.Volume(v),
    };

    public static string Bands(IStringLocalizer a, Bands bands, string unit) => bands.Better == Better.Higher
        ? a[bands.StrictGreen ? "Compliance.BandsHigherStrict" : "Compliance.BandsHigher", Value(bands.Green, unit, ""), Value(bands.Red, unit, "")]
        : a["Compliance.BandsLower", Value(bands.Green, unit, ""), Value(bands.Red, unit, "")];

    /// <summary>The CSS class and the word of a verdict (colour never alone).</summary>
    public static (string Css, string Text) Verdict(IStringLocalizer a, Verdict verdict) => verdict switch
    {
        Core.Compliance.Verdict.Green => ("verdict green", a["Verdict.Green"]),
        Core.Compliance.Verdict.Amber => ("verdict amber", a["Verdict.Amber"]),
        Core.Compliance.Verdict.Red => ("verdict red", a["Verdict.Red"]),
        Core.Compliance.Verdict.NotApplicable => ("verdict none", a["Verdict.NotApplicable"]),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    public static (string Css, string Text) Result(IStringLocalizer a, IndicatorResult result) => result switch
    {
        IndicatorResult.Pass => ("verdict green", a["Result.Pass"]),
        IndicatorResult.Fail => ("verdict red", a["Result.Fail"]),
        IndicatorResult.NotApplicable => ("verdict none", a["Verdict.NotApplicable"]),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    /// <summary>A scorecard figure's name (the retention figures name their window).</summary>
    public static string FigureName(IStringLocalizer a, string key, ComplianceSettings settings) => a[$"CF.{key}.Name", settings.RetentionMonths];

    /// <summary>The name of a scorecard figure or of a per-member indicator.</summary>
    public static string Name(IStringLocalizer a, string key, ComplianceSettings settings) =>
        Scorecard.Keys.Contains(key) ? FigureName(a, key, settings) : a[$"CI.{key}.Name"];

    /// <summary>When a member passes an indicator, with the company's thresholds filled in.</summary>
    public static string Rule(IStringLocalizer a, string key, ComplianceSettings s) => key switch
    {
        MemberIndicators.RetailShare => a["CI.retail_share.Rule", Formats.Percent(s.MinRetailSharePercent / 100m)],
        MemberIndicators.NonParticipantShare => a["CI.non_participant_share.Rule", Formats.Percent(s.MinNonParticipantPercent / 100m)],
        MemberIndicators.SeventyPercent => a["CI.seventy_percent.Rule", Formats.Percent(s.MinResoldPercent / 100m), Formats.Volume(s.OwnUsePv)],
        MemberIndicators.TenCustomers => a["CI.retail_customers.Rule", Formats.Count(s.MinRetailCustomers)],
        MemberIndicators.FirstOrderLoading => a["CI.first_order_loading.Rule", Formats.Volume(s.FirstOrderMaxPv)],
        MemberIndicators.PeriodLoading => a["CI.period_loading.Rule", Formats.Volume(s.LoadingFactor), Formats.Volume(s.OwnUsePv)],
        MemberIndicators.NetLoss => a["CI.net_loss.Rule"],
        MemberIndicators.RecruitingShare => a["CI.recruiting_share.Rule", Formats.Percent(s.MaxRecruitingPercent / 100m)],
        _ => key,
    };

    /// <summary>The members behind a figure: its page.</summary>
    public static string BehindUrl(string period, string key) => $"/admin/compliance/behind?period={Uri.EscapeDataString(period)}&figure={Uri.EscapeDataString(key)}";
}
