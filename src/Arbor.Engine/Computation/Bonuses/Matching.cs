using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Matching: on each member's total of the matched bonuses (rounded lines, before caps), the
/// member g sponsor levels up gets <c>percents[g−1]</c> % if its rank reaches that generation.
/// Generations are not compressed. Runs after every other bonus. With <c>generation_rank</c>
/// (section 9.4) a generation runs up to and includes the next member of that rank instead.
/// The contract read plainly, without the speed: <see cref="Reference.Matching"/>.
/// </summary>
internal static class Matching
{
    public static void Compute(PeriodContext ctx, MatchingBonus bonus)
    {
        // Matching lines never feed the matched totals: the plan reader rejects 'matching' in 'of'.
        var totals = ctx.Totals;
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        var deepest = bonus.MaxGenerations.ToArray();
        var active = ctx.PaidIn(bonus);
        var rank = ctx.Rank;
        // The generation grows past every member of at least the closing rank: past every member
        // when generations are sponsor levels (rank −1). Closed by rank, a walk may go far up, so it
        // steps only on members that can be paid some generation or close one (a jump pointer).
        var closing = bonus.GenerationRank ?? -1;
        var up = closing < 0 ? ctx.Network.Sponsor : ctx.Sponsors.NearestAncestorWhere(u => (active[u] && deepest[rank[u]] > 0) || rank[u] >= closing);
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
                var g = 1;
                for (var u = up[s]; u >= 0 && g <= percents.Length; u = up[u])
                {
                    if (active[u] && g <= deepest[rank[u]]) sink.Add(u, -1, s, g, Money.Percent(earned, percents[g - 1]));
                    if (rank[u] >= closing) g++;
                }
            }
        }, paysOthers: true);
    }
}
