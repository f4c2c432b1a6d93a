using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Fast start: on each order of a member who joined fewer than <c>within_days</c> days
/// before it, the k-th sponsor up gets <c>percents[k−1]</c> % of CV. No compression: an
/// inactive upline forfeits its level.
/// </summary>
internal static class FastStart
{
    public static void Compute(PeriodContext ctx, FastStartBonus bonus)
    {
        var orders = ctx.Orders;
        var sponsor = ctx.Network.Sponsor;
        var joined = ctx.Network.JoinedOn;
        var active = ctx.Active;
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        var bonusOrders = ctx.BonusOrders;
        ctx.EmitOnOrders(BonusType.FastStart, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var o = bonusOrders[i];
                var x = orders.Member[o];
                if (bonus.WithinDays is { } days && orders.Date[o] - joined[x] >= days) continue;
                var cv = new ExactDecimal(orders.Cv[o]);
                var u = sponsor[x];
                for (var k = 1; k <= percents.Length && u >= 0; k++, u = sponsor[u])
                {
                    if (active[u]) sink.Add(u, o, x, k, Money.Percent(cv, percents[k - 1]));
                }
            }
        });
    }
}
