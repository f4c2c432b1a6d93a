using System.Globalization;

namespace Arbor.Core.Compliance;

/// <summary>Whether a member passes an indicator.</summary>
public enum IndicatorResult
{
    Pass,
    Fail,
    NotApplicable,
}

/// <summary>
/// One per-member indicator in one period: its value, the threshold it is held to, the result
/// and a short why in words. Shares are fractions (0.5 is 50 %); volumes PV; money in the company's currency.
/// </summary>
/// <param name="Unit"><c>share</c>, <c>pv</c>, <c>count</c> or <c>money</c>.</param>
public sealed record Indicator(string Key, string Name, string Unit, decimal? Value, decimal? Threshold, IndicatorResult Result, string Why, string Source);

/// <summary>A member's indicators in a closed period, with the figures they were computed from.</summary>
public sealed record MemberIndicatorReport(string Period, DateOnly From, DateOnly To, MemberFigures Figures, IReadOnlyList<Indicator> Indicators)
{
    public Indicator this[string key] => Indicators.Single(i => i.Key == key);
}

/// <summary>The per-member indicators of docs/compliance.md, computed from a member's <see cref="MemberFigures"/>.</summary>
public static class MemberIndicators
{
    public const string RetailShare = "retail_share", NonParticipantShare = "non_participant_share", SeventyPercent = "seventy_percent",
        TenCustomers = "retail_customers", FirstOrderLoading = "first_order_loading", PeriodLoading = "period_loading",
        NetLoss = "net_loss", RecruitingShare = "recruiting_share";

    /// <summary>The indicators' keys, in the order they are reported.</summary>
    public static IReadOnlyList<string> Keys { get; } = [RetailShare, NonParticipantShare, SeventyPercent, TenCustomers, FirstOrderLoading, PeriodLoading, NetLoss, RecruitingShare];

    public static IReadOnlyList<Indicator> Compute(MemberFigures f, ComplianceSettings s) =>
    [
        Retail(f, s), NonParticipant(f, s), Seventy(f, s), Customers(f, s), FirstOrder(f, s), Loading(f, s), Loss(f), Recruiting(f, s),
    ];

    private static Indicator Retail(MemberFigures f, ComplianceSettings s)
    {
        var threshold = s.MinRetailSharePercent / 100m;
        const string Name = "Retail share", Source = "Amway (FTC 1979) and FTC v. Vemma (2016): rewards should rest on sales to people outside the plan";
        if (f.Pv.RetailShare is not { } share) return new(RetailShare, Name, "share", null, threshold, IndicatorResult.NotApplicable, "no retail or own purchases this period", Source);
        return new(RetailShare, Name, "share", share, threshold, share >= threshold ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"retail PV {f.Pv.Retail:0.####} of {f.Pv.Total:0.####} ({Percent(share)}); at least {Percent(threshold)} passes"), Source);
    }

    private static Indicator NonParticipant(MemberFigures f, ComplianceSettings s)
    {
        var threshold = s.MinNonParticipantPercent / 100m;
        const string Name = "Bought by non-participants (member and downline)", Source = "FTC v. Vemma (2016 order): more than 50 % of a participant's and its downline's volume bought by non-participants";
        if (f.GroupPv.RetailShare is not { } share) return new(NonParticipantShare, Name, "share", null, threshold, IndicatorResult.NotApplicable, "no retail or own purchases in the member's group this period", Source);
        return new(NonParticipantShare, Name, "share", share, threshold, share > threshold ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"retail PV {f.GroupPv.Retail:0.####} of the group's {f.GroupPv.Total:0.####} ({Percent(share)}); more than {Percent(threshold)} passes"), Source);
    }

    private static Indicator Seventy(MemberFigures f, ComplianceSettings s)
    {
        var threshold = s.MinResoldPercent / 100m;
        const string Name = "70 % rule (inferred)", Source = "In re Amway Corp., 93 F.T.C. 618 (1979): 70 % of purchases resold or consumed to earn a bonus";
        if (f.Rewards <= 0) return new(SeventyPercent, Name, "share", null, threshold, IndicatorResult.NotApplicable, "no bonus this period: the rule conditions bonuses", Source);
        var consumed = Math.Min(f.Pv.Personal, s.OwnUsePv);
        var share = f.Pv.Total == 0 ? 1m : (f.Pv.Retail + consumed) / f.Pv.Total;
        return new(SeventyPercent, Name, "share", share, threshold, share >= threshold ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"(retail PV {f.Pv.Retail:0.####} + own use {consumed:0.####}) / {f.Pv.Total:0.####} = {Percent(share)}; at least {Percent(threshold)} passes"), Source);
    }

    private static Indicator Customers(MemberFigures f, ComplianceSettings s)
    {
        const string Name = "Ten retail customers", Source = "In re Amway Corp. (1979): sales to at least ten retail customers a month to earn a bonus";
        if (f.Rewards <= 0) return new(TenCustomers, Name, "count", f.RetailCustomers, s.MinRetailCustomers, IndicatorResult.NotApplicable, "no bonus this period: the rule conditions bonuses", Source);
        return new(TenCustomers, Name, "count", f.RetailCustomers, s.MinRetailCustomers, f.RetailCustomers >= s.MinRetailCustomers ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"{f.RetailCustomers} customers bought this period; at least {s.MinRetailCustomers} passes"), Source);
    }

    private static Indicator FirstOrder(MemberFigures f, ComplianceSettings s)
    {
        const string Name = "Inventory loading: first order", Source = "FTC v. BurnLounge (9th Cir. 2014), FTC Business Guidance on MLM (2018): large buy-ins as the price of joining";
        if (f.FirstOrderPv is not { } first) return new(FirstOrderLoading, Name, "pv", null, s.FirstOrderMaxPv, IndicatorResult.NotApplicable, "the member's first own order is not in this period", Source);
        return new(FirstOrderLoading, Name, "pv", first, s.FirstOrderMaxPv, first <= s.FirstOrderMaxPv ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"first own order PV {first:0.####}; at most {s.FirstOrderMaxPv:0.####} passes"), Source);
    }

    private static Indicator Loading(MemberFigures f, ComplianceSettings s)
    {
        const string Name = "Inventory loading: period", Source = "In re Amway Corp. (1979) and FTC Business Guidance on MLM (2018): purchases beyond what is sold or used";
        var limit = s.LoadingFactor * (f.Pv.Retail + s.OwnUsePv);
        if (f.Pv.Personal <= 0) return new(PeriodLoading, Name, "pv", f.Pv.Personal, limit, IndicatorResult.NotApplicable, "no own purchases this period", Source);
        return new(PeriodLoading, Name, "pv", f.Pv.Personal, limit, f.Pv.Personal <= limit ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"own purchases PV {f.Pv.Personal:0.####}; at most {s.LoadingFactor:0.####} × (retail PV {f.Pv.Retail:0.####} + own use {s.OwnUsePv:0.####}) = {limit:0.####} passes"), Source);
    }

    private static Indicator Loss(MemberFigures f)
    {
        const string Name = "Net loss", Source = "FTC v. Vemma (2016), FTC v. Herbalife (2016): most participants earn less than they spend";
        var net = f.Earnings - f.Purchases;
        return new(NetLoss, Name, "money", net, 0m, net >= 0 ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"earnings {f.Earnings:0.00} − own purchases {f.Purchases:0.00} = {net:0.00}; below 0 is a loss"), Source);
    }

    private static Indicator Recruiting(MemberFigures f, ComplianceSettings s)
    {
        var threshold = s.MaxRecruitingPercent / 100m;
        const string Name = "Recruiting-tied share of earnings", Source = "EU directive 2005/29 Annex I point 14; FTC v. BurnLounge (2014): rewards for recruiting rather than sales";
        if (f.Earnings <= 0) return new(RecruitingShare, Name, "share", null, threshold, IndicatorResult.NotApplicable, "no earnings this period", Source);
        var share = f.RecruitingTied / f.Earnings;
        return new(RecruitingShare, Name, "share", share, threshold, share <= threshold ? IndicatorResult.Pass : IndicatorResult.Fail,
            Say($"fast start and rank advancement {f.RecruitingTied:0.00} of earnings {f.Earnings:0.00} ({Percent(share)}); at most {Percent(threshold)} passes"), Source);
    }

    /// <summary>A share as a percent with up to two decimals: 0.66666 → "66.67 %".</summary>
    public static string Percent(decimal share) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(share * 100m, 2, MidpointRounding.ToEven):0.00} %");

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
