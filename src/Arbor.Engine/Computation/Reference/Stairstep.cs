using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, stairstep: the differential, breakaway and generation overrides.</summary>
internal static class Stairstep
{
    /// <summary>
    /// For each order of member x, walk up from x itself keeping <c>paid</c> (start 0): an
    /// active member with percent p above <c>paid</c> gets (p − paid) % of CV at level = steps
    /// from x, and <c>paid</c> = p. Once the walk has passed a member whose rank is at least the
    /// breakaway rank (paid first), differentials stop; the 1st, 2nd, … further active members
    /// of at least that rank get <c>overrides[0]</c>, <c>overrides[1]</c>, … % of CV at level
    /// 100 + generation.
    /// Section 9.3: with <c>percents_by_gv</c> a member's percent is its GV's slab; with
    /// <c>start: sponsor</c> the walk starts at the sponsor, at level 1.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, StairstepBonus bonus)
    {
        foreach (var order in period.BonusOrders)
        {
            var upline = period.Company.Upline(order.MemberId);
            var walk = bonus.StartAtSponsor ? upline : upline.Prepend(period.Company[order.MemberId]);
            decimal paid = 0;
            var steps = bonus.StartAtSponsor ? 1 : 0;
            var brokenAway = false;
            var generation = 0;
            foreach (var u in walk)
            {
                var active = period.Paid(u.Id, bonus);
                var rank = period.Rank(u.Id);
                if (!brokenAway)
                {
                    var percent = bonus.PercentOf(rank, period.Gv(u.Id));
                    if (active && percent > paid)
                    {
                        yield return Line.OnOrder(u.Id, BonusType.Stairstep, order, steps, Line.Percent(order.Cv, percent - paid));
                        paid = percent;
                    }
                    brokenAway = rank >= bonus.BreakawayRank;
                }
                else
                {
                    if (generation == bonus.Overrides.Count) break;
                    if (active && rank >= bonus.BreakawayRank)
                    {
                        generation++;
                        yield return Line.OnOrder(u.Id, BonusType.Stairstep, order, 100 + generation, Line.Percent(order.Cv, bonus.Overrides[generation - 1]));
                    }
                }
                steps++;
            }
        }
    }
}
