using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Unilevel: on each order, level k up the sponsor tree gets <c>percents[k−1]</c> % of CV if
/// its rank is paid that deep. Dynamic compression skips inactive members without using a
/// level; without compression an inactive member uses and forfeits its level.
/// The contract read plainly, without the speed: <see cref="Reference.Unilevel"/>.
/// </summary>
internal static class Unilevel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx, UnilevelBonus bonus, FastStartBonus? fastStart)
    {
        // Section 9.1: over the placement tree, the same walk on the other parent array.
        var tree = bonus.OverPlacement ? ctx.Placement! : ctx.Sponsors;
        var active = ctx.PaidIn(bonus);
        var percents = bonus.Percents.Select(p => new ExactDecimal(p)).ToArray();
        // Per member, the deepest level it is paid on: 0 when inactive, else what its rank allows.
        var deepest = new int[ctx.Network.Count];
        for (var m = 0; m < deepest.Length; m++) deepest[m] = active[m] ? Math.Min(bonus.MaxLevels[ctx.Rank[m]], percents.Length) : 0;
        // The next member up that can hold a level: the sponsor, or with compression the nearest active upline.
        var up = bonus.DynamicCompression ? tree.NearestAncestorWhere(m => active[m]) : tree.Parent;
        // Per member, the members holding its levels 1..K (-1 past the top), one row each, made
        // top-down from the row of the member holding its level 1: one read of a row computed
        // before, where walking up per order would wait for one member after another.
        var levels = percents.Length;
        if (levels == 0) return;
        var holders = new int[checked(deepest.Length * levels)];
        tree.WalkTopDown([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
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
        // Who an order pays depends only on its member: each ordering member's row keeps the
        // holders its orders pay (a holder paid shallower than its level becomes -1), and level k
        // is the row's k-th place, so an order reads one row at a fixed place (no template to find).
        var ordering = ctx.HasBonusOrders;
        Cores.ForRanges(deepest.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var m = from; m < to; m++)
            {
                if (!ordering[m]) continue;
                var row = holders.AsSpan(m * levels, levels);
                for (var k = 1; k <= levels; k++)
                {
                    var u = row[k - 1];
                    if (u >= 0 && k > deepest[u]) row[k - 1] = -1;
                }
            }
        });
        Pay(ctx, holders, levels, percents, fastStart is { Exclusive: true } ? fastStart : null);
    }

    /// <summary>Orders paid per batch.</summary>
    private const int Batch = 32;

    /// <summary>Pays every order its member's row: the holder at place k−1 gets <c>percents[k−1]</c> % of CV at level k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pay(PeriodContext ctx, int[] rows, int levels, ExactDecimal[] percents, FastStartBonus? replacedBy)
    {
        var orders = ctx.Orders;
        var joined = ctx.Network.JoinedOn;
        var bonusOrders = ctx.BonusOrders;
        var scaled = ScaledPercents.Of(percents);
        ctx.EmitOnOrders(BonusType.Unilevel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            // A batch of orders at a time: each member's row touched first, in a run of loads that
            // do not wait for one another (their cache misses overlap); then the lines, from cache.
            Span<int> members = stackalloc int[Batch];
            var seen = 0;
            for (var start = from; start < to; start += Batch)
            {
                var count = Math.Min(Batch, to - start);
                for (var b = 0; b < count; b++) seen ^= rows[(members[b] = orders.Member[bonusOrders[start + b]]) * levels];
                for (var b = 0; b < count; b++)
                {
                    var o = bonusOrders[start + b];
                    var x = members[b];
                    // Section 9.5: an order inside its member's window of an exclusive fast start pays fast start instead.
                    if (replacedBy is not null && replacedBy.Within(joined[x], orders.Date[o])) continue;
                    var cv = new ExactDecimal(orders.Cv[o]);
                    scaled.Pay(new RowStops(rows.AsSpan(x * levels, levels)), percents, cv, o, x, sink);
                }
            }
            Touch.Keep(seen);
        });
    }

    /// <summary>A holder row as the stops of one order: the holder at place k−1, unless −1, at level k and percent k−1.</summary>
    private readonly ref struct RowStops(ReadOnlySpan<int> row) : IOrderStops
    {
        private readonly ReadOnlySpan<int> _row = row;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Pay<TPower>(long cv, long[] percents, int order, int member, LineSink sink) where TPower : struct, IPowerOfTen
        {
            for (var k = 0; k < _row.Length; k++)
            {
                if (_row[k] >= 0) sink.Add(_row[k], order, member, k + 1, Money.DivideHalfEven<TPower>(cv * percents[k]));
            }
        }

        public void PayExactly(in ExactDecimal cv, ExactDecimal[] percents, int order, int member, LineSink sink)
        {
            for (var k = 0; k < _row.Length; k++)
            {
                if (_row[k] >= 0) sink.Add(_row[k], order, member, k + 1, Money.Percent(cv, percents[k]));
            }
        }
    }
}
