using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Stairstep differential: walking up from the ordering member, each active member whose
/// rank percent exceeds what was paid below gets the difference. Past the first member at
/// or above the breakaway rank, differentials stop and the next active breakaway-rank
/// members get the generation overrides (level 100 + generation).
/// </summary>
internal static class Stairstep
{
    public static void Compute(PeriodContext ctx, StairstepBonus bonus)
    {
        var orders = ctx.Orders;
        var active = ctx.Active;
        var rank = ctx.Rank;
        var depth = ctx.Sponsors.Depth;
        var percents = bonus.Percents;
        var breakaway = bonus.BreakawayRank ?? int.MaxValue;
        var overrides = bonus.Overrides;
        var maxPercent = percents.Count == 0 ? 0 : percents.Max();

        bool Pays(int m) => active[m] && percents[rank[m]] > 0;
        bool BreaksAway(int m) => rank[m] >= breakaway;
        // Jump pointers: the walk only stops where something can happen.
        var nextStop = ctx.Sponsors.NearestAncestorWhere(m => Pays(m) || BreaksAway(m));
        var nextOverride = ctx.Sponsors.NearestAncestorWhere(m => active[m] && BreaksAway(m));

        foreach (var o in ctx.BonusOrders)
        {
            var x = orders.Member[o];
            var cv = orders.Cv[o];
            decimal paid = 0;
            var u = Pays(x) || BreaksAway(x) ? x : nextStop[x];
            var brokeAway = -1;
            while (u >= 0)
            {
                var p = active[u] ? percents[rank[u]] : 0;
                if (p > paid)
                {
                    ctx.Pay(BonusType.Stairstep, u, o, x, depth[x] - depth[u], Money.Percent(cv, p - paid));
                    paid = p;
                }
                if (BreaksAway(u))
                {
                    brokeAway = u;
                    break;
                }
                if (paid >= maxPercent && bonus.BreakawayRank is null) break;
                u = nextStop[u];
            }
            if (brokeAway < 0) continue;
            var g = nextOverride[brokeAway];
            for (var gen = 1; gen <= overrides.Count && g >= 0; gen++, g = nextOverride[g])
            {
                ctx.Pay(BonusType.Stairstep, g, o, x, 100 + gen, Money.Percent(cv, overrides[gen - 1]));
            }
        }
    }
}
