using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Fast start: on each order of a member who joined fewer than <c>within_days</c> days
/// before it, the k-th sponsor up gets <c>percents[k−1]</c> % of CV. No compression: an
/// inactive upline forfeits its level.
/// </summary>
internal static class FastStart
{
    private const int Batch = 32;

    public static void Compute(PeriodContext ctx, FastStartBonus bonus)
    {
        var orders = ctx.Orders;
        var sponsor = ctx.Network.Sponsor;
        var joined = ctx.Network.JoinedOn;
        var active = ctx.Active;
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        var bonusOrders = ctx.BonusOrders;
        var days = bonus.WithinDays ?? int.MaxValue;
        var limited = bonus.WithinDays is not null;
        ctx.EmitOnOrders(BonusType.FastStart, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            // A batch of orders at a time: their members' join dates and sponsors are read first,
            // in a run of loads that do not wait for one another (their cache misses overlap).
            Span<int> members = stackalloc int[Batch];
            var seen = 0;
            for (var start = from; start < to; start += Batch)
            {
                var count = Math.Min(Batch, to - start);
                for (var b = 0; b < count; b++)
                {
                    var x = members[b] = orders.Member[bonusOrders[start + b]];
                    seen ^= joined[x] ^ sponsor[x];
                }
                for (var b = 0; b < count; b++)
                {
                    var o = bonusOrders[start + b];
                    var x = members[b];
                    if (limited && orders.Date[o] - joined[x] >= days) continue;
                    var cv = new ExactDecimal(orders.Cv[o]);
                    var u = sponsor[x];
                    for (var k = 1; k <= percents.Length && u >= 0; k++, u = sponsor[u])
                    {
                        if (active[u]) sink.Add(u, o, x, k, Money.Percent(cv, percents[k - 1]));
                    }
                }
            }
            Touch.Keep(seen);
        });
    }
}
