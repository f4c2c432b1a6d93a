using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Stairstep differential: walking up from the ordering member, each active member whose
/// rank percent exceeds what was paid below gets the difference. Past the first member at
/// or above the breakaway rank, differentials stop and the next active breakaway-rank
/// members get the generation overrides (level 100 + generation).
/// </summary>
internal static class Stairstep
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx, StairstepBonus bonus)
    {
        var active = ctx.Active;
        var rank = ctx.Rank;
        var depth = ctx.Sponsors.Depth;
        var breakaway = bonus.BreakawayRank ?? int.MaxValue;
        var noBreakaway = bonus.BreakawayRank is null;
        var overrides = bonus.Overrides.Select(p => new ExactDecimal(p)).ToArray();

        // The distinct percents a member can be paid, ascending, 0 first; per member the index
        // of its effective percent (0 when inactive), so the walk compares small integers.
        var levels = bonus.Percents.Where(p => p > 0).Append(0m).Distinct().Order().ToArray();
        var stepOfRank = bonus.Percents.Select(p => Array.IndexOf(levels, p)).ToArray();
        // What the walk reads of a member, side by side: one place in memory per stop.
        var n = ctx.Network.Count;
        var stop = new Stop[n];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var m = from; m < to; m++)
            {
                stop[m] = new Stop(depth[m], active[m] ? stepOfRank[rank[m]] : 0, rank[m] >= breakaway);
            }
        });
        // The percents lines are paid at, split once: the differential from paid level a to
        // level b at a × L + b, then the overrides.
        var l = levels.Length;
        var percents = new ExactDecimal[l * l + overrides.Length];
        for (var from = 0; from < l; from++)
        {
            for (var to = from + 1; to < l; to++) percents[from * l + to] = new ExactDecimal(levels[to] - levels[from]);
        }
        for (var g = 0; g < overrides.Length; g++) percents[l * l + g] = overrides[g];
        var top = l - 1;

        // Jump pointers, per member side by side in one row of `width`: at [a], after a member
        // paid level a, the walk's next stop (the nearest ancestor paying more, or breaking
        // away; members in between change nothing); at [l], the nearest active ancestor at or
        // above the breakaway rank (the next override). One pass top-down, parents first.
        var width = l + 1;
        var jump = new int[checked(n * width)];
        var parent = ctx.Network.Sponsor;
        ctx.Sponsors.WalkTopDown([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            foreach (var m in topDown)
            {
                var row = jump.AsSpan(m * width, width);
                var p = parent[m];
                if (p < 0)
                {
                    row.Fill(-1);
                    continue;
                }
                var at = stop[p];
                var above = jump.AsSpan(p * width, width);
                for (var a = 0; a < l; a++) row[a] = at.Step > a || at.Breaks ? p : above[a];
                row[l] = active[p] && at.Breaks ? p : above[l];
            }
        });

        // At most one differential per positive percent, then the overrides. The walks of a batch
        // of members are taken in step, one stop of each per round: each stop waits for memory
        // (its member, then its jump pointer), and the walks' waits overlap.
        var maxStops = l - 1 + overrides.Length;
        var templates = PayeeTemplates.Build(ctx, maxStops, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> members, Span<PayeeTemplates.Stop> stops, Span<int> counts) =>
        {
            var k = members.Length;
            Span<int> at = stackalloc int[PayeeTemplates.Lanes]; // each walk's next member, -1 once it has ended
            Span<int> paid = stackalloc int[PayeeTemplates.Lanes];
            Span<int> generation = stackalloc int[PayeeTemplates.Lanes]; // 0 while paying differentials, then the override next paid
            Span<int> startDepth = stackalloc int[PayeeTemplates.Lanes];
            var walking = 0;
            for (var i = 0; i < k; i++)
            {
                var x = members[i];
                var start = stop[x];
                at[i] = start.Step > 0 || start.Breaks ? x : jump[x * width];
                paid[i] = 0;
                generation[i] = 0;
                startDepth[i] = start.Depth;
                counts[i] = 0;
                if (at[i] >= 0) walking++;
            }
            while (walking > 0)
            {
                for (var i = 0; i < k; i++)
                {
                    var u = at[i];
                    if (u < 0) continue;
                    var next = -1;
                    if (generation[i] == 0)
                    {
                        var here = stop[u];
                        if (here.Step > paid[i])
                        {
                            stops[i * maxStops + counts[i]++] = new(u, startDepth[i] - here.Depth, paid[i] * l + here.Step);
                            paid[i] = here.Step;
                        }
                        if (here.Breaks)
                        {
                            // Past the first member at or above the breakaway rank: the overrides.
                            generation[i] = 1;
                            if (overrides.Length > 0) next = jump[u * width + l];
                        }
                        else if (paid[i] != top || !noBreakaway) next = jump[u * width + paid[i]];
                    }
                    else
                    {
                        var gen = generation[i]++;
                        stops[i * maxStops + counts[i]++] = new(u, 100 + gen, l * l + gen - 1);
                        if (gen < overrides.Length) next = jump[u * width + l];
                    }
                    at[i] = next;
                    if (next < 0) walking--;
                }
            }
        });
        templates.Pay(ctx, BonusType.Stairstep, percents);
    }

    /// <param name="Depth">The member's depth in the sponsor tree.</param>
    /// <param name="Step">The index of its effective percent among the plan's (0 when inactive).</param>
    /// <param name="Breaks">Its rank is at or above the breakaway rank.</param>
    private readonly record struct Stop(int Depth, int Step, bool Breaks);
}
