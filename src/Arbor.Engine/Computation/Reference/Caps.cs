using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 6 (and decision 14).</summary>
internal static class Caps
{
    /// <summary>
    /// On every line but retail profit, in this order: a member whose total exceeds
    /// <c>caps.member</c> has each line become line × cap / total, rounded again; then if the
    /// grand total exceeds <c>payout_percent</c> % of total CV (the limit), every line becomes
    /// line × limit / grand total, rounded again (not when the grand total is 0: decision 14).
    /// </summary>
    public static List<Line> Apply(Standing period, PlanCaps caps, List<Line> lines)
    {
        static bool Capped(Line l) => l.Bonus != BonusType.RetailProfit;
        if (caps.Member is { } cap)
        {
            var totals = lines.Where(Capped).GroupBy(l => l.PayeeId).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
            lines = [.. lines.Select(l => Capped(l) && totals[l.PayeeId] > cap ? l with { Amount = Line.Round(l.Amount * cap / totals[l.PayeeId]) } : l)];
        }
        if (caps.PayoutPercent is { } percent)
        {
            var limit = period.TotalCv * percent / 100m;
            var grand = lines.Where(Capped).Sum(l => l.Amount);
            if (grand > limit && grand != 0)
            {
                lines = [.. lines.Select(l => Capped(l) ? l with { Amount = Line.Round(l.Amount * limit / grand) } : l)];
            }
        }
        return lines;
    }
}
