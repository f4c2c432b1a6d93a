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
        // The parts added up into the members' figures; the period's totals are the members'.
        decimal totalPv = 0, totalCv = 0;
        for (var m = 0; m < n; m++)
        {
            decimal pv = 0, cv = 0;
            foreach (var part in sums)
            {
                pv += part[m].Pv;
                cv += part[m].Cv;
            }
            ctx.Pv[m] = pv;
            ctx.OwnCv[m] = cv;
            totalPv += pv;
            totalCv += cv;
        }
        ctx.TotalPv = totalPv;
        ctx.TotalCv = totalCv;

        // GV: the whole downline, whatever anyone's status, in one bottom-up pass.
        Array.Copy(ctx.Pv, ctx.Gv, ctx.Pv.Length);
        var topDown = ctx.Sponsors.TopDown;
        var sponsor = ctx.Network.Sponsor;
        for (var i = topDown.Length - 1; i >= 0; i--)
        {
            var m = topDown[i];
            var p = sponsor[m];
            if (p >= 0) ctx.Gv[p] += ctx.Gv[m];
        }

        var minPv = ctx.Plan.ActiveMinPv;
        var terminated = ctx.Network.Terminated;
        for (var m = 0; m < ctx.Active.Length; m++) ctx.Active[m] = !terminated[m] && ctx.Pv[m] >= minPv;
    }

    private const int Batch = 32;

    /// <summary>A member's own volumes in one range of orders.</summary>
    private struct Own
    {
        public decimal Pv;
        public decimal Cv;
    }
}
