using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>One line of the period's <c>members.csv</c> (contract section 2).</summary>
internal sealed record MemberFigures(
    string Id, decimal Pv, decimal Gv, bool Active, int Rank, int HighestRank, decimal CarryLeft, decimal CarryRight, decimal Earnings);

/// <summary>What a period pays and what each member stands at, as the contract defines them.</summary>
internal sealed record ReferenceResult(
    IReadOnlyList<Line> Lines, IReadOnlyList<MemberFigures> Members, decimal TotalPv, decimal TotalCv, decimal TotalPayout);

/// <summary>
/// The contract (<c>compensation-plan.md</c>) computed as it reads: plain records looked up by
/// id, decimals, one walk per order or member, no performance tricks. <see cref="PeriodEngine"/>
/// is the fast path; this is what it must equal line for line, and the property tests run both
/// on random plans and companies. Each bonus is one small class beside it, citing its section.
/// </summary>
internal static class ReferenceEngine
{
    public static ReferenceResult Run(Plan plan, Company company, Period period)
    {
        var standing = new Standing(plan, company, period);
        var lines = new List<Line>();
        Dictionary<string, BinaryLegs>? binary = null;
        foreach (var bonus in plan.Bonuses)
        {
            switch (bonus)
            {
                case RetailProfitBonus: lines.AddRange(RetailProfit.Pay(standing)); break;
                case FastStartBonus b: lines.AddRange(FastStart.Pay(standing, b)); break;
                case UnilevelBonus b: lines.AddRange(Unilevel.Pay(standing, b, plan.Find<FastStartBonus>())); break;
                case BinaryBonus b:
                    var (binaryLines, legs) = Binary.Pay(standing, b);
                    lines.AddRange(binaryLines);
                    binary = legs;
                    break;
                case StairstepBonus b: lines.AddRange(Stairstep.Pay(standing, b)); break;
                case RankAdvancementBonus b: lines.AddRange(RankAdvancement.Pay(standing, b)); break;
                case PoolBonus b: lines.AddRange(Pool.Pay(standing, b)); break;
                case MatchingBonus: break; // computed after the bonuses above
            }
        }
        if (plan.Find<MatchingBonus>() is { } matching) lines.AddRange(Matching.Pay(standing, matching, lines));
        // Issue 17: the 70 % rule's proportional pay, on the lines matching matched, before the caps.
        if (plan.SalesRule is { } rule) lines = SalesRuleStep.Apply(standing, rule, lines);
        // Section 2: zero-amount lines are not written.
        lines = Caps.Apply(standing, plan.Caps, [.. lines.Where(l => l.Amount != 0)]);
        lines.RemoveAll(l => l.Amount == 0);
        lines.Sort(InPayoutsOrder);

        var earnings = lines.GroupBy(l => l.PayeeId).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        var members = company.Members.Select(m =>
        {
            // Decision 5: without a binary bonus, carries pass through unchanged.
            var legs = binary?[m.Id] ?? new BinaryLegs(0, 0, m.CarryLeft, m.CarryRight);
            return new MemberFigures(m.Id, standing.Pv(m.Id), standing.Gv(m.Id), standing.Active(m.Id), standing.Rank(m.Id),
                standing.HighestRankAfter(m.Id), legs.CarryLeft, legs.CarryRight, earnings.GetValueOrDefault(m.Id));
        }).ToList();
        var totalPayout = lines.Where(l => l.Bonus != BonusType.RetailProfit).Sum(l => l.Amount);
        return new ReferenceResult(lines, members, standing.TotalPv, standing.TotalCv, totalPayout);
    }

    /// <summary>
    /// Section 2: sorted by payee, bonus, source order (none first), source member (ordinal
    /// string order) and level (numerically).
    /// </summary>
    private static int InPayoutsOrder(Line a, Line b)
    {
        var c = string.CompareOrdinal(a.PayeeId, b.PayeeId);
        if (c == 0) c = string.CompareOrdinal(BonusNames.Of(a.Bonus), BonusNames.Of(b.Bonus));
        if (c == 0) c = string.CompareOrdinal(a.SourceOrderId ?? "", b.SourceOrderId ?? "");
        if (c == 0) c = string.CompareOrdinal(a.SourceMemberId, b.SourceMemberId);
        return c != 0 ? c : a.Level.CompareTo(b.Level);
    }
}
