using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, pool.</summary>
internal static class Pool
{
    /// <summary>
    /// pool = <c>percent</c> % of total CV. Each active member's share is <c>shares[rank]</c>;
    /// members with a share above 0 get pool × share / total shares.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, PoolBonus bonus)
    {
        var pool = period.TotalCv * bonus.Percent / 100m;
        var active = period.Company.Members.Where(m => period.Paid(m.Id, bonus)).ToList();
        var totalShares = active.Sum(m => bonus.Shares[period.Rank(m.Id)]);
        foreach (var m in active)
        {
            var share = bonus.Shares[period.Rank(m.Id)];
            if (share > 0) yield return Line.OnMember(m.Id, BonusType.Pool, m.Id, 0, Line.Round(pool * share / totalShares));
        }
    }
}
