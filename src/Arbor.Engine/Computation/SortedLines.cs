using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>
/// The payout lines in the order of <c>payouts.csv</c>, zero lines left out, with the totals
/// summed on the way: per payee (earnings) and per bonus.
/// </summary>
internal sealed record SortedLines(int[] Order, long[] EarningsCents, long[] ByBonusCents, int[] ByBonusLines)
{
    /// <summary>
    /// Stable counting sort by payee id of the non-zero lines, reading the chunks of each bonus
    /// in the order of bonus names. Every bonus emits its lines in ordinal order of source order
    /// (or source member), and a payee has at most one line per source and bonus, so this
    /// yields exactly the order of payouts.csv. The counts are those the bonuses kept as they
    /// emitted the lines (<see cref="MemberTotals.Lines"/>, less the lines caps rounded to
    /// zero), so one pass places every line. The store keeps each block of payees (a range in
    /// ordinal order) in its own chunks, and a block is placed at a time, on every core: its
    /// payees' cursors and the places its lines go are a small part of memory, kept in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedLines Of(PayoutLineStore store, MemberTotals[] totals, int[] membersInOrdinalOrder)
    {
        var n = totals.Length;
        var bonusCount = Enum.GetValues<BonusType>().Length;
        var blocks = PayoutLineStore.Blocks;
        var chunks = new List<int>[blocks];
        for (var b = 0; b < blocks; b++) chunks[b] = [];
        for (var c = 0; c < store.ChunkCount; c++) chunks[store.BlockOf(c)].Add(c);
        foreach (var list in chunks) list.Sort((a, b) => store.BonusOf(a) != store.BonusOf(b) ? store.BonusOf(a).CompareTo(store.BonusOf(b)) : a.CompareTo(b));

        // Per payee, where its next line goes (its lines start after those of every payee before it in id order).
        var cursors = new Cursor[n];
        var kept = 0;
        foreach (var m in membersInOrdinalOrder)
        {
            cursors[m].Next = kept;
            kept += totals[m].Lines;
        }
        var order = new int[kept]; // a permutation of positions, not a copy: four bytes per line

        var byBonus = new long[blocks][];
        var linesByBonus = new int[blocks][];
        Parallel.For(0, blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int block) =>
        {
            var sums = byBonus[block] = new long[bonusCount];
            var lines = linesByBonus[block] = new int[bonusCount];
            var seen = 0;
            foreach (var c in chunks[block])
            {
                var bonus = (int)store.BonusOf(c);
                var chunk = store.Chunk(c);
                var first = c << PayoutLineStore.ChunkBits;
                long sum = 0;
                var count = 0;
                for (var start = 0; start < chunk.Length; start += Batch)
                {
                    var end = Math.Min(chunk.Length, start + Batch);
                    // First touch where this batch's lines go (their cursors): loads that do not
                    // wait for one another, so their cache misses overlap; then place them.
                    for (var i = start; i < end; i++) seen ^= cursors[chunk[i].Payee].Next;
                    for (var i = start; i < end; i++)
                    {
                        ref readonly var line = ref chunk[i];
                        if (line.Cents == 0) continue; // a line caps rounded to zero
                        ref var cursor = ref cursors[line.Payee];
                        order[cursor.Next++] = first | i;
                        cursor.Earned += line.Cents;
                        sum += line.Cents;
                        count++;
                    }
                }
                sums[bonus] += sum;
                lines[bonus] += count;
            }
            Touch.Keep(seen);
        });

        var earnings = new long[n];
        for (var m = 0; m < n; m++) earnings[m] = cursors[m].Earned;
        return new SortedLines(order, earnings, Sum(byBonus, bonusCount), Sum(linesByBonus, bonusCount));
    }

    /// <summary>Lines placed per batch.</summary>
    private const int Batch = 32;

    /// <summary>A payee's next place in the sorted lines and what its lines add up to, side by side.</summary>
    private struct Cursor
    {
        public int Next;
        public long Earned;
    }

    private static T[] Sum<T>(T[][] parts, int length) where T : System.Numerics.INumber<T>
    {
        var sum = new T[length];
        Array.Fill(sum, T.Zero);
        foreach (var part in parts)
        {
            for (var i = 0; i < length; i++) sum[i] += part[i];
        }
        return sum;
    }
}
