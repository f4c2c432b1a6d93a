using System.Runtime.CompilerServices;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// The period's payout lines in chunks of at most <see cref="ChunkSize"/> lines, each chunk
/// holding the lines of one bonus for the payees of one block (a range of payees in ordinal
/// order of their ids, <see cref="Blocks"/> of them) as one sink emitted them. A position is
/// <c>chunk × ChunkSize + offset</c>.
/// Chunks never move, so the store grows without copying, and sinks on several threads fill
/// their own chunks side by side; appending their sinks in order keeps each payee's lines in
/// order. The output sort places a block at a time, reading only its chunks: the block's
/// payees' places and cursors are small enough to stay in cache.
/// </summary>
internal sealed class PayoutLineStore
{
    public const int ChunkBits = 16;
    public const int ChunkSize = 1 << ChunkBits;

    /// <summary>Blocks of payees the lines are kept in.</summary>
    public const int Blocks = 64;

    /// <summary>
    /// Per member, its block: consecutive ranks in ordinal order of ids (the order of
    /// <c>payouts.csv</c>), at most <see cref="Blocks"/> blocks and at least 4,096 members a
    /// block (a small company keeps few blocks, each sink one run of chunks per block). Writing
    /// the lines in output order then reads one block's chunks at a time, whatever order the
    /// members file had: an export in join order (<c>M0, M1, … M10</c>) places <c>M10</c> right
    /// after <c>M1</c>, and a block of member numbers would have spread each stretch of output
    /// over every block.
    /// </summary>
    public static byte[] BlocksOf(ReadOnlySpan<int> ordinalRank)
    {
        var members = ordinalRank.Length;
        var shift = Math.Max(12, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, members - 1)) - System.Numerics.BitOperations.Log2(Blocks));
        var blocks = new byte[members];
        for (var m = 0; m < members; m++) blocks[m] = (byte)(ordinalRank[m] >> shift);
        return blocks;
    }

    private readonly List<StoredLine[]> _chunks = [];
    private readonly List<int> _counts = [];
    private readonly List<BonusType> _bonuses = [];
    private readonly List<int> _blocks = [];

    /// <summary>Per position, a level from <see cref="StoredLine.DeepLevel"/> up, which the line cannot hold.</summary>
    private readonly Dictionary<int, int> _deepLevels = [];

    /// <summary>Number of chunks.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>The lines of chunk <paramref name="chunk"/>.</summary>
    public Span<StoredLine> Chunk(int chunk) => _chunks[chunk].AsSpan(0, _counts[chunk]);

    /// <summary>The line at <paramref name="position"/> as a <see cref="PayoutLine"/>.</summary>
    public PayoutLine LineAt(int position, OrderBook orders)
    {
        Span<PayoutLine> line = stackalloc PayoutLine[1];
        Gather([position], orders, line);
        return line[0];
    }

    /// <summary>The bonus of every line of chunk <paramref name="chunk"/>.</summary>
    public BonusType BonusOf(int chunk) => _bonuses[chunk];

    /// <summary>The block of every payee of chunk <paramref name="chunk"/>.</summary>
    public int BlockOf(int chunk) => _blocks[chunk];

    /// <summary>
    /// The lines at <paramref name="positions"/> into <paramref name="into"/>: lines and orders
    /// sit at random places in memory, so each is fetched in a short loop whose loads do not wait
    /// for each other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gather(ReadOnlySpan<int> positions, OrderBook orders, Span<PayoutLine> into)
    {
        GatherStored(positions, into);
        for (var i = 0; i < positions.Length; i++)
        {
            ref var line = ref into[i];
            if (line.SourceOrder >= 0) line.SourceMember = orders.Member[line.SourceOrder];
        }
    }

    /// <summary>
    /// The lines at <paramref name="positions"/> as stored, for writing: the source member of a
    /// line of an order-based bonus is left at -1, since the writer takes it with the order's id
    /// (<see cref="Output.SourcePairs"/>), which saves a read at a random place per line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GatherStored(ReadOnlySpan<int> positions, Span<PayoutLine> into)
    {
        var chunks = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_chunks);
        var bonuses = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bonuses);
        Span<StoredLine> stored = stackalloc StoredLine[Math.Min(GatherBatch, positions.Length)]; // one line for LineAt, not a batch's room to clear
        for (var from = 0; from < positions.Length; from += GatherBatch)
        {
            var count = Math.Min(GatherBatch, positions.Length - from);
            // The loads from random places alone, as copies: the fewer instructions each takes,
            // the more of them the processor has in flight at once. Then the fields, from cache.
            for (var i = 0; i < count; i++)
            {
                var p = positions[from + i];
                stored[i] = chunks[p >> ChunkBits][p & (ChunkSize - 1)];
            }
            for (var i = 0; i < count; i++)
            {
                var p = positions[from + i];
                ref readonly var s = ref stored[i];
                ref var line = ref into[from + i];
                line.Cents = s.Cents;
                line.Payee = s.Payee;
                line.Level = s.Level;
                if (line.Level == StoredLine.DeepLevel) line.Level = _deepLevels[p];
                line.Bonus = bonuses[p >> ChunkBits];
                if (BonusNames.IsOrderBased(line.Bonus))
                {
                    line.SourceOrder = s.Source;
                    line.SourceMember = -1;
                }
                else
                {
                    line.SourceOrder = -1;
                    line.SourceMember = s.Source;
                }
            }
        }
    }

    /// <summary>Lines <see cref="GatherStored"/> copies at a time (at most 4 KB on the stack).</summary>
    private const int GatherBatch = 256;

    /// <summary>Adds the lines of <paramref name="sink"/> after those already stored.</summary>
    public void Append(LineSink sink)
    {
        var placed = new List<int>(); // per chunk of the sink, its number here
        foreach (var (chunk, count, block) in sink.Filled())
        {
            placed.Add(_chunks.Count);
            if (count == 0) continue;
            if (_chunks.Count == 1 << (31 - ChunkBits)) throw new InvalidOperationException($"A period cannot have more than {1 << (31 - ChunkBits)} chunks of payout lines.");
            _chunks.Add(chunk);
            _counts.Add(count);
            _bonuses.Add(sink.Bonus);
            _blocks.Add(block);
        }
        foreach (var (chunk, line, level) in sink.DeepLevels) _deepLevels[placed[chunk] << ChunkBits | line] = level;
    }
}
