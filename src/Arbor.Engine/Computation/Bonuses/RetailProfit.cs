using System.Runtime.CompilerServices;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Retail profit: amount − wholesale of each retail order to its member, unless terminated. Activity not required.
/// The contract read plainly, without the speed: <see cref="Reference.RetailProfit"/>.
/// </summary>
internal static class RetailProfit
{
    public static void Compute(PeriodContext ctx)
    {
        var orders = ctx.Orders;
        var bonusOrders = ctx.BonusOrders;
        ctx.EmitOnOrders(BonusType.RetailProfit, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var o = bonusOrders[i];
                if (orders.Kind[o] != OrderKind.Retail) continue;
                var m = orders.Member[o];
                if (ctx.Network.Terminated[m]) continue;
                sink.Add(m, o, m, 0, Money.ToCents(orders.AmountOf(o) - orders.WholesaleOf(o)));
            }
        });
    }
}
