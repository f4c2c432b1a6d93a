using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, unilevel, with and without dynamic compression.</summary>
internal static class Unilevel
{
    /// <summary>
    /// For each order of member x, walk up from x's sponsor. With dynamic compression only
    /// active members count as a level; without, each member uses a level and an inactive one
    /// forfeits it. The member at level k (k at most the number of percents) is paid
    /// <c>percents[k−1]</c> % of CV if k is within <c>max_levels</c> of its rank; otherwise it
    /// forfeits the level (nothing rolls up). Level = k.
    /// Section 9.1: with <c>tree: placement</c> the walk goes up the placement tree. Section 9.5:
    /// an order inside its member's window of an exclusive fast start pays no unilevel.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, UnilevelBonus bonus, FastStartBonus? fastStart)
    {
        foreach (var order in period.BonusOrders)
        {
            if (fastStart is { Exclusive: true } && fastStart.Within(period.Company[order.MemberId].JoinedOn.DayNumber, order.Date.DayNumber)) continue;
            var level = 0;
            var walk = bonus.OverPlacement ? period.Company.PlacementUpline(order.MemberId) : period.Company.Upline(order.MemberId);
            foreach (var upline in walk)
            {
                var active = period.Paid(upline.Id, bonus);
                if (bonus.DynamicCompression && !active) continue;
                level++;
                if (level > bonus.Percents.Count) break;
                if (active && level <= bonus.MaxLevels[period.Rank(upline.Id)])
                {
                    yield return Line.OnOrder(upline.Id, BonusType.Unilevel, order, level, Line.Percent(order.Cv, bonus.Percents[level - 1]));
                }
            }
        }
    }
}
