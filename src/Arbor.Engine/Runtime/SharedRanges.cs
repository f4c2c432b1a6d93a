namespace Arbor.Engine.Runtime;

/// <summary>
/// Consecutive ranges of work, one per core, that a core done early shares: it takes the second
/// half of what is left of the range with the most left. Each range, and each half taken, has a
/// state of its own (a bonus's sink of lines) and holds one consecutive run of items, so the
/// states in order of their items are one walk over all of them, whoever walked which part. Cut
/// one per core, the two halves of a bonus's orders cost differently (unilevel 786 against
/// 560 ms on the 1M-member export), and the faster core waited; cut finer for all, every range
/// needs a state, and a bonus's sinks' chunks of lines cost page faults (docs/performance.md).
/// </summary>
internal static class SharedRanges
{
    /// <summary>Items walked per call of the body, between looks at whether another core took the rest.</summary>
    public const int Step = 2048;

    /// <summary>
    /// Walks <c>0 .. items</c> with <paramref name="body"/> (first item, end, state) on every core,
    /// a step at a time; returns the states, each made by <paramref name="newState"/>, in order
    /// of the items they were given.
    /// </summary>
    public static List<T> Walk<T>(int items, Func<T> newState, Action<int, int, T> body)
    {
        var parts = Cores.PartsFor(items);
        var ranges = new List<Range<T>>(parts);
        for (var p = 0; p < parts; p++)
        {
            ranges.Add(new Range<T>(Cores.RangeStart(items, p, parts), Cores.RangeStart(items, p + 1, parts), newState()));
        }
        var first = ranges.ToArray();
        Parallel.For(0, parts, p =>
        {
            for (var range = first[p]; range is not null; range = TakeHalf(ranges, newState))
            {
                while (range.TryTake(out var from, out var to)) body(from, to, range.State);
            }
        });
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        return ranges.ConvertAll(r => r.State);
    }

    /// <summary>The second half of what is left of the range with the most left, as a range of its own; null when none has two steps left.</summary>
    private static Range<T>? TakeHalf<T>(List<Range<T>> ranges, Func<T> newState)
    {
        lock (ranges)
        {
            while (true)
            {
                var most = ranges.MaxBy(r => r.Left);
                if (most is null || most.Left < 2 * Step) return null;
                if (most.TrySplit(out var from, out var to))
                {
                    var half = new Range<T>(from, to, newState());
                    ranges.Add(half);
                    return half;
                }
            }
        }
    }

    /// <summary>
    /// A run of items from <see cref="Start"/>, walked in steps by one core, whose end another core
    /// may move back to take what lies past it. Where the walk is and where it ends are one word,
    /// changed by compare-and-swap, so a step taken and a half taken never overlap.
    /// </summary>
    private sealed class Range<T>(int start, int end, T state)
    {
        private long _nextAndEnd = Pack(start, end);

        public int Start { get; } = start;

        public T State { get; } = state;

        /// <summary>Items not yet taken.</summary>
        public int Left
        {
            get
            {
                var (next, end) = Unpack(Volatile.Read(ref _nextAndEnd));
                return Math.Max(0, end - next);
            }
        }

        /// <summary>The next step of this range; false when it is walked.</summary>
        public bool TryTake(out int from, out int to)
        {
            while (true)
            {
                var seen = Volatile.Read(ref _nextAndEnd);
                var (next, end) = Unpack(seen);
                (from, to) = (next, Math.Min(end, next + Step));
                if (from >= end) return false;
                if (Interlocked.CompareExchange(ref _nextAndEnd, Pack(to, end), seen) == seen) return true;
            }
        }

        /// <summary>Ends this range halfway through what is left of it; false when another step was taken meanwhile.</summary>
        public bool TrySplit(out int from, out int to)
        {
            var seen = Volatile.Read(ref _nextAndEnd);
            var (next, end) = Unpack(seen);
            (from, to) = (next + (end - next) / 2, end);
            return end - next >= 2 * Step && Interlocked.CompareExchange(ref _nextAndEnd, Pack(next, from), seen) == seen;
        }

        private static long Pack(int next, int end) => unchecked(((long)next << 32) | (uint)end);

        private static (int Next, int End) Unpack(long word) => unchecked(((int)(word >> 32), (int)word));
    }
}
