using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Stairstep differential: walking up from the ordering member, each active member whose
/// rank percent exceeds what was paid below gets the difference. Past the first member at
/// or above the breakaway rank, differentials stop and the next active breakaway-rank
/// members get the generation overrides (level 100 + generation).
/// The contract read plainly, without the speed: <see cref="Reference.Stairstep"/>.
/// </summary>
internal static class Stairstep
{
    /// <summary>
    /// Four phases: the percents as steps; one row per member of what a walk reads at it; the
    /// members whose walks orders share (owners); the owners' walks as templates, which every
    /// order then pays on its own CV.
    /// </summary>
    public static void Compute(PeriodContext ctx, StairstepBonus bonus)
    {
        var steps = Steps.Of(bonus);
        var rows = StopRows(ctx, bonus, steps);
        var (owners, ownerOf) = WalkOwners(ctx, rows, steps.RowWidth, bonus.StartAtSponsor);
        var templates = WalkFromOwners(ctx, bonus, steps, rows, owners, ownerOf);
        templates.Pay(ctx, BonusType.Stairstep, steps.Percents);
    }

    /// <summary>
    /// The distinct percents a member can be paid, ascending, 0 first (<see cref="Count"/> of
    /// them, a member's step its index); per rank, its step; and the percents lines are paid at,
    /// split once: the differential from step a to step b at a × Count + b, then the overrides.
    /// </summary>
    private sealed record Steps(int Count, decimal[] Levels, int[] OfRank, ExactDecimal[] Percents, int Overrides)
    {
        /// <summary>The step of a member of rank <paramref name="rank"/> with group volume <paramref name="gv"/> (section 9.3: by slab when the plan has them).</summary>
        public int Of(StairstepBonus bonus, int rank, decimal gv) =>
            bonus.Slabs is null ? OfRank[rank] : Array.IndexOf(Levels, bonus.PercentOf(rank, gv));

        /// <summary>The highest step: past it, no differential is left to pay.</summary>
        public int Top => Count - 1;

        /// <summary>Ints in a member's row: its depth, its flags, a jump per step and one to the next override.</summary>
        public int RowWidth => Jumps + Count + 1;

        public static Steps Of(StairstepBonus bonus)
        {
            var levels = bonus.AllPercents.Where(p => p > 0).Append(0m).Distinct().Order().ToArray();
            var ofRank = bonus.Percents.Select(p => Array.IndexOf(levels, p)).ToArray();
            var l = levels.Length;
            var percents = new ExactDecimal[l * l + bonus.Overrides.Count];
            for (var from = 0; from < l; from++)
            {
                for (var to = from + 1; to < l; to++) percents[from * l + to] = new ExactDecimal(levels[to] - levels[from]);
            }
            for (var g = 0; g < bonus.Overrides.Count; g++) percents[l * l + g] = new ExactDecimal(bonus.Overrides[g]);
            return new Steps(l, levels, ofRank, percents, bonus.Overrides.Count);
        }
    }

    /// <summary>
    /// Per member one row of <see cref="Steps.RowWidth"/>, all the walk reads at a stop (one
    /// place in memory): at [Depth] its depth; at [Flags] its step × 4, + Breaks when its rank is
    /// at or above the breakaway rank, + Overrides when it is also active; at [Jumps + a], after a
    /// member paid step a, the walk's next stop (the nearest ancestor paying more, or breaking
    /// away; members in between change nothing); at [Jumps + Count], the nearest active ancestor
    /// at or above the breakaway rank (the next override). One pass top-down, parents first.
    /// </summary>
    private static int[] StopRows(PeriodContext ctx, StairstepBonus bonus, Steps steps)
    {
        var active = ctx.PaidIn(bonus);
        var rank = ctx.Rank;
        var depth = ctx.Sponsors.Depth;
        var breakaway = bonus.BreakawayRank ?? int.MaxValue;
        var gv = ctx.Gv;
        var l = steps.Count;
        var width = steps.RowWidth;
        var rows = GC.AllocateUninitializedArray<int>(checked(ctx.Network.Count * width));
        var parent = ctx.Network.Sponsor;
        ctx.Sponsors.WalkTopDown([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            foreach (var m in topDown)
            {
                var row = rows.AsSpan(m * width, width);
                var breaks = rank[m] >= breakaway;
                row[Depth] = depth[m];
                row[Flags] = (active[m] ? (steps.Of(bonus, rank[m], gv[m]) << 2) | (breaks ? Overrides : 0) : 0) | (breaks ? Breaks : 0);
                var jumps = row[Jumps..];
                var p = parent[m];
                if (p < 0)
                {
                    jumps.Fill(-1);
                    continue;
                }
                var above = rows.AsSpan(p * width, width);
                var flags = above[Flags];
                var step = flags >> 2;
                var pays = (flags & Breaks) != 0 ? int.MaxValue : step; // a breaking member stops every walk
                for (var a = 0; a < l; a++) jumps[a] = pays > a ? p : above[Jumps + a];
                jumps[l] = (flags & Overrides) != 0 ? p : above[Jumps + l];
            }
        });
        return rows;
    }

    /// <summary>
    /// Where each ordering member's walk starts: at itself when it is paid a differential or
    /// breaks away, else at the first member above it that is (its jump from step 0). That member
    /// owns the template, and every ordering member below it with nothing of its own shares it.
    /// Section 9.3, <c>start: sponsor</c>: the same, from the member's sponsor (levels still count from the member).
    /// </summary>
    private static (bool[] Owners, int[] OwnerOf) WalkOwners(PeriodContext ctx, int[] rows, int width, bool atSponsor)
    {
        var n = ctx.Network.Count;
        var sponsor = ctx.Network.Sponsor;
        var ordering = ctx.HasBonusOrders;
        var owners = new bool[n];
        var ownerOf = GC.AllocateUninitializedArray<int>(n); // read only for ordering members, written for each
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var m = from; m < to; m++)
            {
                if (!ordering[m]) continue;
                var start = atSponsor ? sponsor[m] : m;
                var owner = -1;
                if (start >= 0)
                {
                    var flags = rows[start * width + Flags];
                    owner = flags >> 2 > 0 || (flags & Breaks) != 0 ? start : rows[start * width + Jumps];
                }
                ownerOf[m] = owner;
                if (owner >= 0) owners[owner] = true; // two ranges may mark one owner: both write true
            }
        });
        return (owners, ownerOf);
    }

    /// <summary>
    /// Each owner's walk: at most one differential per positive percent, then the overrides. The
    /// walks of a batch of owners are taken in step, one stop of each per round: each stop waits
    /// for memory (its member's row), and the walks' waits overlap.
    /// </summary>
    private static PayeeTemplates WalkFromOwners(PeriodContext ctx, StairstepBonus bonus, Steps steps, int[] rows, bool[] owners, int[] ownerOf)
    {
        var noBreakaway = bonus.BreakawayRank is null;
        var l = steps.Count;
        var top = steps.Top;
        var overrides = steps.Overrides;
        var width = steps.RowWidth;
        var maxStops = l - 1 + overrides;
        return PayeeTemplates.Build(ctx, maxStops, owners, ownerOf, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> members, Span<PayeeTemplates.Stop> stops, Span<int> counts) =>
        {
            var k = members.Length;
            Span<int> at = stackalloc int[PayeeTemplates.Lanes]; // each walk's next member, -1 once it has ended
            Span<int> paid = stackalloc int[PayeeTemplates.Lanes];
            Span<int> generation = stackalloc int[PayeeTemplates.Lanes]; // 0 while paying differentials, then the override next paid
            var walking = 0;
            for (var i = 0; i < k; i++)
            {
                at[i] = members[i]; // an owner is paid or breaks away: its walk starts at itself
                paid[i] = 0;
                generation[i] = 0;
                counts[i] = 0;
                walking++;
            }
            while (walking > 0)
            {
                for (var i = 0; i < k; i++)
                {
                    var u = at[i];
                    if (u < 0) continue;
                    var row = u * width;
                    var next = -1;
                    if (generation[i] == 0)
                    {
                        var flags = rows[row + Flags];
                        var step = flags >> 2;
                        if (step > paid[i])
                        {
                            stops[i * maxStops + counts[i]++] = new(u, PayeeTemplates.LevelBelow(rows[row + Depth]), paid[i] * l + step);
                            paid[i] = step;
                        }
                        if ((flags & Breaks) != 0)
                        {
                            // Past the first member at or above the breakaway rank: the overrides.
                            generation[i] = 1;
                            if (overrides > 0) next = rows[row + Jumps + l];
                        }
                        else if (paid[i] != top || !noBreakaway) next = rows[row + Jumps + paid[i]];
                    }
                    else
                    {
                        var gen = generation[i]++;
                        stops[i * maxStops + counts[i]++] = new(u, 100 + gen, l * l + gen - 1);
                        if (gen < overrides) next = rows[row + Jumps + l];
                    }
                    at[i] = next;
                    if (next < 0) walking--;
                }
            }
        });
    }

    // A member's row: where its depth, its flags and its jump pointers are.
    private const int Depth = 0;
    private const int Flags = 1;
    private const int Jumps = 2;

    // Its flags, below its step × 4: its rank is at or above the breakaway rank; and it is active too (it takes overrides).
    private const int Breaks = 1;
    private const int Overrides = 2;
}
