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
        var percents = bonus.Percents.ToArray();
        var breakaway = bonus.BreakawayRank ?? int.MaxValue;
        var overrides = bonus.Overrides;
        var maxPercent = percents.Length == 0 ? 0 : percents.Max();

        decimal Effective(int m) => active[m] ? percents[rank[m]] : 0;
        bool BreaksAway(int m) => rank[m] >= breakaway;
        // Jump pointers per level of `paid`: after a member paid p, the walk's next stop is the
        // nearest ancestor paying more than p, or breaking away; members in between change nothing.
        var levels = percents.Where(p => p > 0).Append(0m).Distinct().Order().ToArray();
        var next = new int[levels.Length][];
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            next[i] = ctx.Sponsors.NearestAncestorWhere(m => Effective(m) > level || BreaksAway(m));
        }
        var nextOverride = ctx.Sponsors.NearestAncestorWhere(m => active[m] && BreaksAway(m));

        foreach (var o in ctx.BonusOrders)
        {
            var x = orders.Member[o];
            var cv = orders.Cv[o];
            decimal paid = 0;
            var paidLevel = 0;
            var u = Effective(x) > 0 || BreaksAway(x) ? x : next[0][x];
            var brokeAway = -1;
            while (u >= 0)
            {
                var p = Effective(u);
                if (p > paid)
                {
                    ctx.Pay(BonusType.Stairstep, u, o, x, depth[x] - depth[u], Money.Percent(cv, p - paid));
                    paid = p;
                    paidLevel = Array.IndexOf(levels, p);
                }
                if (BreaksAway(u))
                {
                    brokeAway = u;
                    break;
                }
                if (paid >= maxPercent && bonus.BreakawayRank is null) break;
                u = next[paidLevel][u];
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
