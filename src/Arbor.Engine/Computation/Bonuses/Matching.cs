using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Matching: on each member's total of the matched bonuses (rounded lines, before caps), the
/// member g sponsor levels up gets <c>percents[g−1]</c> % if its rank reaches that generation.
/// Generations are not compressed. Runs after every other bonus.
/// The contract read plainly, without the speed: <see cref="Reference.Matching"/>.
/// </summary>
internal static class Matching
{
    public static void Compute(PeriodContext ctx, MatchingBonus bonus)
    {
        var sponsor = ctx.Network.Sponsor;
        // Matching lines never feed the matched totals: the plan reader rejects 'matching' in 'of'.
        var totals = ctx.Totals;
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        var deepest = bonus.MaxGenerations.ToArray();
        var active = ctx.PaidIn(bonus);
        var rank = ctx.Rank;
        // Ranges of source members on every core; the payees are uplines, so two ranges may pay
        // one member: their lines' totals are added after (matching's never feed matching).
        var members = ctx.MembersInOrdinalOrder;
        ctx.EmitOnMembers(BonusType.Matching, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var s = members[i];
                var basis = totals[s].Matched;
                if (basis == 0) continue;
                var earned = ExactDecimal.OfCents(basis);
                var u = sponsor[s];
                for (var g = 1; g <= percents.Length && u >= 0; g++, u = sponsor[u])
                {
                    if (active[u] && g <= deepest[rank[u]]) sink.Add(u, -1, s, g, Money.Percent(earned, percents[g - 1]));
                }
            }
        }, paysOthers: true);
    }
}
