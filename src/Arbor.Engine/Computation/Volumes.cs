using System.Runtime.CompilerServices;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>Section 4.1–4.3: personal volume, group volume and activity.</summary>
internal static class Volumes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx)
    {
        // Own volumes on every core, each range of orders into its own sums, added up after:
        // exact decimal sums do not depend on the order they are added in. A member's PV and
        // CV sit side by side, so an order touches one place in memory.
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        var n = ctx.Network.Count;
        var parts = Math.Clamp(periodOrders.Length / PeriodContext.MinOrdersPerPart, 1, Cores.Parts);
        var sums = new Own[parts][];
        Parallel.For(0, parts, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int p) =>
        {
            var own = sums[p] = new Own[n];
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<Own, long>(own.AsSpan());
            var from = (int)((long)periodOrders.Length * p / parts);
            var to = (int)((long)periodOrders.Length * (p + 1) / parts);
            // A batch of orders at a time: a word of each member's sums is read first, in a run of
            // loads that do not wait for one another (their cache misses overlap), then the sums
            // are added to from cache.
            Span<int> members = stackalloc int[Batch];
            long seen = 0;
            for (var start = from; start < to; start += Batch)
            {
                var count = Math.Min(Batch, to - start);
                for (var b = 0; b < count; b++)
                {
                    var m = members[b] = orders.Member[periodOrders[start + b]];
                    seen ^= words[4 * m];
                }
                for (var b = 0; b < count; b++)
                {
                    var o = periodOrders[start + b];
                    ref var sum = ref own[members[b]];
                    sum.Pv += orders.Pv[o];
                    sum.Cv += orders.Cv[o];
                }
            }
            Touch.Keep(seen);
        });
        // The parts added up into the members' figures, ranges of members on every core; the
        // period's totals are the members'.
        var pv = ctx.Pv;
        var ownCv = ctx.OwnCv;
        var active = ctx.Active;
        var terminated = ctx.Network.Terminated;
        var minPv = ctx.Plan.ActiveMinPv;
        var ranges = Math.Clamp(n / PeriodContext.MinOrdersPerPart, 1, Cores.Parts);
        var rangeTotals = new (decimal Pv, decimal Cv)[ranges];
        Parallel.For(0, ranges, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int r) =>
        {
            decimal totalPv = 0, totalCv = 0;
            var to = (int)((long)n * (r + 1) / ranges);
            for (var m = (int)((long)n * r / ranges); m < to; m++)
            {
                var own = sums[0][m];
                for (var p = 1; p < sums.Length; p++)
                {
                    own.Pv += sums[p][m].Pv;
                    own.Cv += sums[p][m].Cv;
                }
                pv[m] = own.Pv;
                ownCv[m] = own.Cv;
                active[m] = !terminated[m] && own.Pv >= minPv;
                totalPv += own.Pv;
                totalCv += own.Cv;
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

    /// <summary>A member's own volumes in one range of orders.</summary>
    private struct Own
    {
        public decimal Pv;
        public decimal Cv;
    }
}
