using System.Runtime.CompilerServices;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>Section 4.1–4.3: personal volume, group volume and activity.</summary>
internal static class Volumes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx)
    {
        // Own volumes on every core, each core summing the orders of its own range of members
        // (every core reads all orders and keeps its members'), so no two cores add to one sum.
        // A member's PV and CV sit side by side, so an order touches one place in memory.
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        var n = ctx.Network.Count;
        var own = new Own[n];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, first, last) =>
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<Own, long>(own.AsSpan());
            // A batch of orders at a time: a word of each of its members' sums is read first, in
            // a run of loads that do not wait for one another (their cache misses overlap), then
            // the sums are added to from cache.
            Span<int> members = stackalloc int[Batch];
            long seen = 0;
            for (var start = 0; start < periodOrders.Length; start += Batch)
            {
                var count = Math.Min(Batch, periodOrders.Length - start);
                for (var b = 0; b < count; b++)
                {
                    var m = members[b] = orders.Member[periodOrders[start + b]];
                    if (m >= first && m < last) seen ^= words[4 * m];
                }
                for (var b = 0; b < count; b++)
                {
                    var m = members[b];
                    if (m < first || m >= last) continue;
                    var o = periodOrders[start + b];
                    ref var sum = ref own[m];
                    sum.Pv += orders.Pv[o];
                    sum.Cv += orders.Cv[o];
                }
            }
            Touch.Keep(seen);
        });
        // The members' figures, ranges of members on every core; the period's totals are the members'.
        var pv = ctx.Pv;
        var ownCv = ctx.OwnCv;
        var active = ctx.Active;
        var terminated = ctx.Network.Terminated;
        var minPv = ctx.Plan.ActiveMinPv;
        var rangeTotals = new (decimal Pv, decimal Cv)[Cores.PartsFor(n)];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (r, from, to) =>
        {
            decimal totalPv = 0, totalCv = 0;
            for (var m = from; m < to; m++)
            {
                pv[m] = own[m].Pv;
                ownCv[m] = own[m].Cv;
                active[m] = !terminated[m] && own[m].Pv >= minPv;
                totalPv += own[m].Pv;
                totalCv += own[m].Cv;
            }
            rangeTotals[r] = (totalPv, totalCv);
        });
        ctx.TotalPv = rangeTotals.Aggregate(0m, (sum, r) => sum + r.Pv);
        ctx.TotalCv = rangeTotals.Aggregate(0m, (sum, r) => sum + r.Cv);

        // GV: the whole downline, whatever anyone's status, bottom-up on every core.
        var gv = ctx.Gv;
        var sponsors = ctx.Sponsors;
        sponsors.WalkBottomUp([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            for (var i = topDown.Length - 1; i >= 0; i--)
            {
                var m = topDown[i];
                var sum = pv[m];
                foreach (var c in sponsors.ChildrenOf(m)) sum += gv[c];
                gv[m] = sum;
            }
        });
    }

    private const int Batch = 32;

    /// <summary>A member's own volumes.</summary>
    private struct Own
    {
        public decimal Pv;
        public decimal Cv;
    }
}
