using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Fast start: on each order of a member who joined fewer than <c>within_days</c> days
/// before it, the k-th sponsor up gets <c>percents[k−1]</c> % of CV. No compression: an
/// inactive upline forfeits its level.
/// The contract read plainly, without the speed: <see cref="Reference.FastStart"/>.
/// </summary>
internal static class FastStart
{
    private const int Batch = 32;

    public static void Compute(PeriodContext ctx, FastStartBonus bonus)
    {
        var orders = ctx.Orders;
        var sponsor = ctx.Network.Sponsor;
        var joined = ctx.Network.JoinedOn;
        var active = ctx.PaidIn(bonus);
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        var bonusOrders = ctx.BonusOrders;
        var days = bonus.WithinDays ?? int.MaxValue;
        var limited = bonus.WithinDays is not null;
        // Every order paid on is dated in the period, so a member who joined `days` or more
        // before its first day has no order that qualifies: one bit per member (in cache) says
        // which members may, and only their orders read the join dates and sponsors.
        var recent = RecentJoiners(joined, limited ? (long)ctx.Period.From.DayNumber - days : long.MinValue);
        ctx.EmitOnOrders(BonusType.FastStart, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            // A batch of the recent joiners' orders at a time: their join dates and sponsors are
            // read first, in a run of loads that do not wait for one another (their misses overlap).
            Span<int> batchOrders = stackalloc int[Batch];
            Span<int> batchMembers = stackalloc int[Batch];
            var seen = 0;
            var i = from;
            while (i < to)
            {
                var count = 0;
                for (; i < to && count < Batch; i++)
                {
                    var o = bonusOrders[i];
                    var x = orders.Member[o];
                    if ((recent[x >> 6] & (1UL << x)) == 0) continue; // the shift takes the low 6 bits
                    batchOrders[count] = o;
                    batchMembers[count++] = x;
                }
                for (var b = 0; b < count; b++) seen ^= joined[batchMembers[b]] ^ sponsor[batchMembers[b]];
                for (var b = 0; b < count; b++)
                {
                    var o = batchOrders[b];
                    var x = batchMembers[b];
                    if (!bonus.Within(joined[x], orders.Date[o])) continue;
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

    /// <summary>One bit per member: set when it joined after day <paramref name="after"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong[] RecentJoiners(int[] joined, long after)
    {
        var bits = new ulong[(joined.Length + 63) / 64];
        for (var m = 0; m < joined.Length; m++)
        {
            if (joined[m] > after) bits[m >> 6] |= 1UL << m;
        }
        return bits;
    }
}
