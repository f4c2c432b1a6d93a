namespace Arbor.Engine.Computation;

/// <summary>Section 4.1–4.3: personal volume, group volume and activity.</summary>
internal static class Volumes
{
    public static void Compute(PeriodContext ctx)
    {
        var orders = ctx.Orders;
        decimal totalPv = 0, totalCv = 0;
        foreach (var o in ctx.PeriodOrders)
        {
            var m = orders.Member[o];
            ctx.Pv[m] += orders.Pv[o];
            ctx.OwnCv[m] += orders.Cv[o];
            totalPv += orders.Pv[o];
            totalCv += orders.Cv[o];
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
}
