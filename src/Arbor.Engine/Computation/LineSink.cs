using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// Where one bonus's lines go as they are computed, on one thread: into chunks of the store,
/// one run of chunks per block of payees, adding each line to its payee's totals (for the caps,
/// the sort and, when the plan matches the bonus, matching) unless made without totals, when
/// whoever runs it adds them. No allocation per line.
/// </summary>
internal sealed class LineSink
{
    private readonly bool _byOrder;
    private readonly byte[] _blockOf;
    private readonly StoredLine[][] _current;
    private readonly int[] _used;
    private readonly int[] _currentIndex;
    private readonly List<(StoredLine[] Chunk, int Block)> _chunks = [];
    private readonly List<(int Chunk, int Line, int Level)> _deepLevels = [];

    /// <param name="bonus">The bonus.</param>
    /// <param name="totals">Per payee, what its lines add up to; null when they are added elsewhere.</param>
    /// <param name="matched">True when matching pays on the bonus.</param>
    /// <param name="blockOf">Per member, its block of payees (<see cref="PayoutLineStore.BlocksOf"/>).</param>
    public LineSink(BonusType bonus, MemberTotals[]? totals, bool matched, byte[] blockOf)
    {
        Bonus = bonus;
        Totals = totals;
        Matched = matched;
        _byOrder = BonusNames.IsOrderBased(bonus);
        _blockOf = blockOf;
        _current = new StoredLine[PayoutLineStore.Blocks][];
        for (var b = 0; b < _current.Length; b++) _current[b] = [];
        _used = new int[PayoutLineStore.Blocks];
        _currentIndex = new int[PayoutLineStore.Blocks];
    }

    public BonusType Bonus { get; }

    /// <summary>Per payee, what its lines add up to; null when the sink's lines' totals are added elsewhere.</summary>
    public MemberTotals[]? Totals { get; }

    /// <summary>True when matching pays on this bonus.</summary>
    public bool Matched { get; }

    /// <summary>The chunks in the order they were started, with how many lines each holds and its block.</summary>
    public IEnumerable<(StoredLine[] Chunk, int Count, int Block)> Filled()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var (chunk, block) = _chunks[i];
            yield return (chunk, chunk == _current[block] ? _used[block] : chunk.Length, block);
        }
    }

    /// <summary>Stores a line and adds it to its payee's totals (when the sink keeps them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        if (cents == 0) return; // zero-amount lines are not written
        Write(payee, sourceOrder, sourceMember, level, cents);
        if (Totals is null) return;
        ref var totals = ref Totals[payee];
        if (Bonus != BonusType.RetailProfit) totals.Capped += cents;
        if (Matched) totals.Matched += cents;
        totals.Lines++;
    }

    /// <summary>Stores a line of non-zero <paramref name="cents"/>; its payee's totals are the caller's to add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        var block = _blockOf[payee];
        var chunk = _current[block];
        var used = _used[block];
        if (used == chunk.Length)
        {
            chunk = NewChunk(block);
            used = 0;
        }
        _used[block] = used + 1;
        // An order-based line's source member is its order's member: only the order is kept.
        chunk[used] = new StoredLine(payee, _byOrder ? sourceOrder : sourceMember, level, cents);
        if (level >= StoredLine.DeepLevel) _deepLevels.Add((_currentIndex[block], used, level));
    }

    /// <summary>The levels too deep for a stored line: the chunk (its place in <see cref="Filled"/>), the line in it, the level.</summary>
    public IReadOnlyList<(int Chunk, int Line, int Level)> DeepLevels => _deepLevels;

    private StoredLine[] NewChunk(int block)
    {
        // Small first, so that a bonus with few lines stays small, but never below the large
        // object heap's 85,000 bytes: smaller chunks would be copied by every collection that
        // promotes them (a block per sink per bonus adds up: 40 ms of pauses in the computation
        // when they started at 1,024 lines). Uninitialised, since every line is written before it
        // is read and untouched pages cost nothing.
        var size = Math.Clamp(_current[block].Length * 4, 8192, PayoutLineStore.ChunkSize);
        var chunk = GC.AllocateUninitializedArray<StoredLine>(size);
        _current[block] = chunk;
        _used[block] = 0;
        _currentIndex[block] = _chunks.Count;
        _chunks.Add((chunk, block));
        return chunk;
    }
}
