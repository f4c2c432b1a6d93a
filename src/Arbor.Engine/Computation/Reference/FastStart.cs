using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, fast_start (and decision 6: no <c>within_days</c>, no time limit).</summary>
internal static class FastStart
{
    /// <summary>
    /// For each order whose member x joined fewer than <c>within_days</c> days before the
    /// order's date, the member k levels above x (k = 1 is the sponsor) gets
    /// <c>percents[k−1]</c> % of the order's CV, if active. No compression: an unpaid level is
    /// forfeited. Level = k.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, FastStartBonus bonus)
    {
        foreach (var order in period.BonusOrders)
        {
            if (!bonus.Within(period.Company[order.MemberId].JoinedOn.DayNumber, order.Date.DayNumber)) continue;
            var k = 0;
            foreach (var upline in period.Company.Upline(order.MemberId).Take(bonus.Percents.Count))
            {
                k++;
                if (period.Paid(upline.Id, bonus)) yield return Line.OnOrder(upline.Id, BonusType.FastStart, order, k, Line.Percent(order.Cv, bonus.Percents[k - 1]));
            }
        }
    }
}
