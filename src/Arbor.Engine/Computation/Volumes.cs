using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>Section 4.1–4.3: personal volume, group volume and activity.</summary>
internal static class Volumes
{
    public static void Compute(PeriodContext ctx)
    {
        // Own volumes on every core, each range of orders into its own sums, added up after:
        // exact decimal sums do not depend on the order they are added in.
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        var n = ctx.Network.Count;
        var parts = Math.Clamp(periodOrders.Length / PeriodContext.MinOrdersPerPart, 1, Cores.Parts);
        var pv = new decimal[parts][];
        var cv = new decimal[parts][];
        var totals = new (decimal Pv, decimal Cv)[parts];
        pv[0] = ctx.Pv;
        cv[0] = ctx.OwnCv;
        Parallel.For(0, parts, p =>
        {
            var ownPv = pv[p] ??= new decimal[n];
            var ownCv = cv[p] ??= new decimal[n];
            decimal totalPv = 0, totalCv = 0;
            for (var i = (int)((long)periodOrders.Length * p / parts); i < (int)((long)periodOrders.Length * (p + 1) / parts); i++)
            {
                var o = periodOrders[i];
                var m = orders.Member[o];
                ownPv[m] += orders.Pv[o];
                ownCv[m] += orders.Cv[o];
                totalPv += orders.Pv[o];
                totalCv += orders.Cv[o];
            }
            totals[p] = (totalPv, totalCv);
        });
        for (var p = 1; p < parts; p++)
        {
            for (var m = 0; m < n; m++)
            {
                ctx.Pv[m] += pv[p][m];
                ctx.OwnCv[m] += cv[p][m];
            }
        }
        ctx.TotalPv = totals.Sum(t => t.Pv);
        ctx.TotalCv = totals.Sum(t => t.Cv);

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
}
