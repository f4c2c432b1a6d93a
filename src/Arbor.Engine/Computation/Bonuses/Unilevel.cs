using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Unilevel: on each order, level k up the sponsor tree gets <c>percents[k−1]</c> % of CV if
/// its rank is paid that deep. Dynamic compression skips inactive members without using a
/// level; without compression an inactive member uses and forfeits its level.
/// </summary>
internal static class Unilevel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx, UnilevelBonus bonus)
    {
        var active = ctx.Active;
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        // Per member, the deepest level it is paid on: 0 when inactive, else what its rank allows.
        var deepest = new int[ctx.Network.Count];
        for (var m = 0; m < deepest.Length; m++) deepest[m] = active[m] ? Math.Min(bonus.MaxLevels[ctx.Rank[m]], percents.Length) : 0;
        // The next member up that can hold a level: the sponsor, or with compression the nearest active upline.
        var up = bonus.DynamicCompression ? ctx.Sponsors.NearestAncestorWhere(m => active[m]) : ctx.Network.Sponsor;
        // Per member, the members holding its levels 1..K (-1 past the top), one row each, made
        // top-down from the row of the member holding its level 1: one read of a row computed
        // before, where walking up per order would wait for one member after another.
        var levels = percents.Length;
        if (levels == 0) return;
        var holders = new int[checked(deepest.Length * levels)];
        ctx.Sponsors.WalkTopDown([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            foreach (var m in topDown)
            {
                var row = holders.AsSpan(m * levels, levels);
                var first = up[m];
                if (first < 0)
                {
                    row.Fill(-1);
                    continue;
                }
                row[0] = first;
                holders.AsSpan(first * levels, levels - 1).CopyTo(row[1..]);
            }
        });
        // Who an order pays depends only on its member: a template per ordering member, each
        // holder paid at its level, and every order pays its member's template.
        var templates = PayeeTemplates.Build(ctx, levels, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> members, Span<PayeeTemplates.Stop> stops, Span<int> counts) =>
        {
            for (var i = 0; i < members.Length; i++)
            {
                var found = 0;
                var row = holders.AsSpan(members[i] * levels, levels);
                var into = stops.Slice(i * levels, levels);
                for (var k = 1; k <= levels && row[k - 1] >= 0; k++)
                {
                    var u = row[k - 1];
                    if (k <= deepest[u]) into[found++] = new(u, k, k - 1);
                }
                counts[i] = found;
            }
        });
        templates.Pay(ctx, BonusType.Unilevel, percents);
    }
}
