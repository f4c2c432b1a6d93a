using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>
/// The payout lines in the order of <c>payouts.csv</c>, zero lines left out, and their totals:
/// per payee (earnings) and per bonus. The order is a stable counting sort by payee id, made a
/// block of payees at a time (<see cref="Place"/>) when it is needed: the writer places each
/// block just before it formats it, into a buffer of one block's lines, so that no array of
/// every line's place (four bytes a line) is made.
/// </summary>
internal sealed class SortedLines
{
    private readonly PayoutLineStore _store;
    private readonly int[][] _chunks;
    private readonly int[] _first;
    private readonly int[] _members;
    private readonly int[] _blockMembers;
    private readonly int[] _blockLines;

    private SortedLines(PayoutLineStore store, int[][] chunks, int[] first, int[] members, int[] blockMembers, int[] blockLines,
        long[] earnings, long[] byBonus, int[] linesByBonus)
    {
        _store = store;
        _chunks = chunks;
        _first = first;
        _members = members;
        _blockMembers = blockMembers;
        _blockLines = blockLines;
        EarningsCents = earnings;
        ByBonusCents = byBonus;
        ByBonusLines = linesByBonus;
    }

    /// <summary>Per member, the total of its lines, in cents.</summary>
    public long[] EarningsCents { get; }

    /// <summary>Per bonus type, the total of its lines, in cents.</summary>
    public long[] ByBonusCents { get; }

    /// <summary>Per bonus type, the number of its lines (zero lines left out).</summary>
    public int[] ByBonusLines { get; }

    /// <summary>Number of lines, zero lines left out.</summary>
    public int Count => _blockLines[^1];

    /// <summary>Blocks of payees, in output order.</summary>
    public int Blocks => _chunks.Length;

    /// <summary>Where block <paramref name="block"/>'s lines start in the sorted order.</summary>
    public int BlockStart(int block) => _blockLines[block];

    /// <summary>Number of lines of block <paramref name="block"/>.</summary>
    public int BlockLength(int block) => _blockLines[block + 1] - _blockLines[block];

    /// <summary>
    /// Sums the non-zero lines per payee and per bonus, reading each block of payees' chunks on
    /// every core, and works out where each payee's lines start: after those of every payee
    /// before it in id order. The counts are those the bonuses kept as they emitted the lines
    /// (<see cref="MemberTotals.Lines"/>, less the lines caps rounded to zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedLines Of(PayoutLineStore store, MemberTotals[] totals, int[] membersInOrdinalOrder, byte[] blockOf)
    {
        var n = totals.Length;
        var bonusCount = Enum.GetValues<BonusType>().Length;
        var blocks = PayoutLineStore.Blocks;
        // Per block, its chunks by bonus name and then as stored: every bonus emits its lines in
        // ordinal order of source order (or source member), and a payee has at most one line per
        // source and bonus, so a payee's lines come out in the order of payouts.csv.
        var lists = new List<int>[blocks];
        for (var b = 0; b < blocks; b++) lists[b] = [];
        for (var c = 0; c < store.ChunkCount; c++) lists[store.BlockOf(c)].Add(c);
        var chunks = new int[blocks][];
        for (var b = 0; b < blocks; b++)
        {
            lists[b].Sort((x, y) => store.BonusOf(x) != store.BonusOf(y) ? store.BonusOf(x).CompareTo(store.BonusOf(y)) : x.CompareTo(y));
            chunks[b] = [.. lists[b]];
        }

        // A block's payees are consecutive in ordinal order: per block, its first member there and its first line.
        var first = new int[n];
        var blockMembers = new int[blocks + 1];
        var blockLines = new int[blocks + 1];
        var kept = 0;
        var block = 0;
        for (var i = 0; i < n; i++)
        {
            var m = membersInOrdinalOrder[i];
            while (block < blockOf[m])
            {
                block++;
                (blockMembers[block], blockLines[block]) = (i, kept);
            }
            first[m] = kept;
            kept += totals[m].Lines;
        }
        while (block < blocks)
        {
            block++;
            (blockMembers[block], blockLines[block]) = (n, kept);
        }

        var earnings = new long[n];
        var byBonus = new long[blocks][];
        var linesByBonus = new int[blocks][];
        Parallel.For(0, blocks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var sums = byBonus[b] = new long[bonusCount];
            var lines = linesByBonus[b] = new int[bonusCount];
            foreach (var c in chunks[b])
            {
                var bonus = (int)store.BonusOf(c);
                long sum = 0;
                var count = 0;
                foreach (ref readonly var line in store.Chunk(c))
                {
                    if (line.Cents == 0) continue; // a line caps rounded to zero
                    earnings[line.Payee] += line.Cents;
                    sum += line.Cents;
                    count++;
                }
                sums[bonus] += sum;
                lines[bonus] += count;
            }
        });
        return new SortedLines(store, chunks, first, membersInOrdinalOrder, blockMembers, blockLines,
            earnings, Sum(byBonus, bonusCount), Sum(linesByBonus, bonusCount));
    }

    /// <summary>
    /// Writes the positions of block <paramref name="block"/>'s lines in output order into
    /// <paramref name="into"/> (<see cref="BlockLength"/> of them). <paramref name="cursors"/>
    /// holds a place per member, for the caller's own use: blocks may be placed side by side
    /// with one array of cursors, since they touch their own members' only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Place(int block, int[] cursors, Span<int> into)
    {
        if (into.Length != BlockLength(block)) throw new ArgumentException("The span must hold exactly the block's lines.", nameof(into));
        var start = _blockLines[block];
        for (var i = _blockMembers[block]; i < _blockMembers[block + 1]; i++)
        {
            var m = _members[i];
            cursors[m] = _first[m] - start;
        }
        var seen = 0;
        foreach (var c in _chunks[block])
        {
            var chunk = _store.Chunk(c);
            var position = c << PayoutLineStore.ChunkBits;
            for (var from = 0; from < chunk.Length; from += Batch)
            {
                var end = Math.Min(chunk.Length, from + Batch);
                // First touch where this batch's lines go (their cursors): loads that do not
                // wait for one another, so their cache misses overlap; then place them.
                for (var i = from; i < end; i++) seen ^= cursors[chunk[i].Payee];
                for (var i = from; i < end; i++)
                {
                    ref readonly var line = ref chunk[i];
                    if (line.Cents != 0) into[cursors[line.Payee]++] = position | i;
                }
            }
        }
        Touch.Keep(seen);
    }

    /// <summary>Every line's position in output order, placed a block at a time on every core.</summary>
    public int[] All()
    {
        var order = new int[Count];
        var cursors = new int[_first.Length];
        Parallel.For(0, Blocks, b => Place(b, cursors, order.AsSpan(BlockStart(b), BlockLength(b))));
        return order;
    }

    /// <summary>Lines placed per batch.</summary>
    private const int Batch = 32;

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
