using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Unilevel: on each order, level k up the sponsor tree gets <c>percents[k−1]</c> % of CV if
/// its rank is paid that deep. Dynamic compression skips inactive members without using a
/// level; without compression an inactive member uses and forfeits its level.
/// </summary>
internal static class Unilevel
{
    public static void Compute(PeriodContext ctx, UnilevelBonus bonus)
    {
        var orders = ctx.Orders;
        var active = ctx.Active;
        var rank = ctx.Rank;
        var percents = bonus.Percents;
        var maxLevels = bonus.MaxLevels;
        // The next member up that can hold a level: the sponsor, or with compression the nearest active upline.
        var up = bonus.DynamicCompression ? ctx.Sponsors.NearestAncestorWhere(m => active[m]) : ctx.Network.Sponsor;
        foreach (var o in ctx.BonusOrders)
        {
            var x = orders.Member[o];
            var cv = orders.Cv[o];
            var u = up[x];
            for (var k = 1; k <= percents.Count && u >= 0; k++, u = up[u])
            {
                if (active[u] && k <= maxLevels[rank[u]]) ctx.Pay(BonusType.Unilevel, u, o, x, k, Money.Percent(cv, percents[k - 1]));
            }
        }
    }
}
