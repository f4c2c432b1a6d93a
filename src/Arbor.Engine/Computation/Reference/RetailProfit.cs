using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, retail_profit.</summary>
internal static class RetailProfit
{
    /// <summary>
    /// For each retail order, amount − wholesale to its member, if not terminated (activity
    /// not required); source order = the order, level 0.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period)
    {
        foreach (var order in period.BonusOrders)
        {
            if (order.Kind != OrderKind.Retail || period.Company[order.MemberId].Terminated) continue;
            yield return Line.OnOrder(order.MemberId, BonusType.RetailProfit, order, 0, Line.Round(order.Amount - order.Wholesale));
        }
    }
}
