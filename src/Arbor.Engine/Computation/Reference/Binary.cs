using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>A member's binary figures: both sides' volume before matching, and what it carries out.</summary>
internal sealed record BinaryLegs(decimal Left, decimal Right, decimal CarryLeft, decimal CarryRight);

/// <summary>Contract section 5, binary with carry-over (and decisions 4 and 5).</summary>
internal static class Binary
{
    /// <summary>
    /// For every member m: L = <c>carry_left</c> + the CV of the period's orders of every member
    /// in the placement subtree under m's left child, never below 0; R likewise. matched =
    /// min(L, R) (the left one when equal). If m is active it is paid <c>percent</c> % of
    /// matched, at most <c>cap</c>. Carry out: L − matched and R − matched, each at most
    /// <c>max_carry</c>; both 0 if <c>flush_if_inactive</c> and m is not active.
    /// Section 9.2, cycles: n cycles of <c>volume</c> (1:1, or 2:1 from the stronger side), each
    /// side giving up its part whether or not m is paid; m is paid n × value[rank], at most
    /// cap[rank]; the carries are what is left, then <c>max_carry</c> and the flush as above.
    /// </summary>
    public static (List<Line> Lines, Dictionary<string, BinaryLegs> Legs) Pay(Standing period, BinaryBonus bonus)
    {
        var cvOf = new Dictionary<string, decimal>();
        foreach (var m in period.Company.Members) cvOf[m.Id] = 0m;
        foreach (var o in period.PeriodOrders) cvOf[o.MemberId] += o.Cv;
        decimal Volume(Member m, Side side, decimal carry)
        {
            var volume = carry;
            if (period.Company.PlacedUnder(m.Id, side) is { } child)
            {
                foreach (var below in period.Company.PlacementSubtree(child)) volume += cvOf[below.Id];
            }
            return volume < 0 ? 0 : volume;
        }

        var lines = new List<Line>();
        var legs = new Dictionary<string, BinaryLegs>();
        foreach (var m in period.Company.Members)
        {
            var left = Volume(m, Side.Left, m.CarryLeft);
            var right = Volume(m, Side.Right, m.CarryRight);
            var rank = period.Rank(m.Id);
            decimal amount, leftGivesUp, rightGivesUp;
            if (bonus.Cycle is { } cycle)
            {
                var (cycles, l, r) = cycle.Match(left, right);
                (amount, leftGivesUp, rightGivesUp) = (cycles * cycle.Value[rank], l, r);
            }
            else
            {
                var matched = right < left ? right : left;
                (amount, leftGivesUp, rightGivesUp) = (matched * bonus.Percent / 100m, matched, matched);
            }
            // Paid: active and meeting the bonus's retail conditions; the carries flush on activity alone (decision 18).
            var active = period.Active(m.Id);
            if (period.Paid(m.Id, bonus))
            {
                if (bonus.CapFor(rank) is { } cap && amount > cap) amount = cap;
                lines.Add(Line.OnMember(m.Id, BonusType.Binary, m.Id, 0, Line.Round(amount)));
            }
            var carryLeft = left - leftGivesUp;
            var carryRight = right - rightGivesUp;
            if (bonus.MaxCarry is { } max)
            {
                if (carryLeft > max) carryLeft = max;
                if (carryRight > max) carryRight = max;
            }
            if (bonus.FlushIfInactive && !active) (carryLeft, carryRight) = (0, 0);
            legs[m.Id] = new BinaryLegs(left, right, carryLeft, carryRight);
        }
        return (lines, legs);
    }
}
