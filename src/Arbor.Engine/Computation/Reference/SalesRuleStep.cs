using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>The 70 % rule, inferred (issue 17; decision 18).</summary>
internal static class SalesRuleStep
{
    /// <summary>
    /// For each member, s = (retail PV + min(personal PV, <c>own_use_pv</c>)) / (retail PV + personal
    /// PV), 1 when nothing was bought (that sum 0 or less), never below 0. When s is below
    /// <c>percent</c> / 100, each of the member's lines of every bonus but retail profit becomes
    /// line × s / (percent / 100), computed exactly as (line × resold × 100) / (bought × percent),
    /// rounded again. Runs on the lines after matching and before the caps (section 6).
    /// </summary>
    public static List<Line> Apply(Standing period, SalesRule rule, List<Line> lines) =>
        [.. lines.Select(l =>
        {
            if (l.Bonus == BonusType.RetailProfit) return l;
            var retail = period.RetailPv(l.PayeeId);
            var personal = period.PersonalPv(l.PayeeId);
            var bought = retail + personal;
            var resold = Math.Max(0m, retail + Math.Min(personal, rule.OwnUsePv));
            if (bought <= 0 || rule.Percent == 0) return l; // s = 1, or a rule of 0 %: never below it
            if (resold * 100m >= rule.Percent * bought) return l; // s >= percent / 100, compared without dividing
            return l with { Amount = Line.Round(l.Amount * resold * 100m / (bought * rule.Percent)) };
        })];
}
