using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, rank_advancement.</summary>
internal static class RankAdvancement
{
    /// <summary>
    /// If an active member's paid-as rank is above its input <c>highest_rank</c>, it gets the
    /// sum of <c>amounts</c> of every rank above the old highest up to and including the paid-as rank.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, RankAdvancementBonus bonus)
    {
        foreach (var m in period.Company.Members)
        {
            if (!period.Paid(m.Id, bonus)) continue;
            decimal amount = 0;
            for (var r = m.HighestRank + 1; r <= period.Rank(m.Id); r++) amount += bonus.Amounts[r];
            yield return Line.OnMember(m.Id, BonusType.RankAdvancement, m.Id, 0, Line.Round(amount));
        }
    }
}
