namespace Arbor.Engine.Runtime;

/// <summary>
/// How many parts the engine cuts parallel work into: one per core, at most <see cref="Most"/>.
/// Every part keeps per-member sums (16–32 bytes per member) and its own line chunks, so more
/// parts than this would cost memory and chunk numbers on large servers for little gain.
/// </summary>
internal static class Cores
{
    public const int Most = 8;

    /// <summary>The number of parts for parallel work.</summary>
    public static int Parts => Math.Clamp(Environment.ProcessorCount, 1, Most);

    /// <summary>Below this many items a part, work is not cut further.</summary>
    public const int MinItemsPerPart = 4096;

    /// <summary>How many consecutive ranges <paramref name="items"/> are cut into: one per core, none under <see cref="MinItemsPerPart"/> items.</summary>
    public static int PartsFor(int items) => Math.Clamp(items / MinItemsPerPart, 1, Parts);

    /// <summary>
    /// Cuts <c>0 .. items</c> into <see cref="PartsFor"/> consecutive ranges and runs
    /// <paramref name="body"/> (part, first item, end) on each, on every core.
    /// </summary>
    public static void ForRanges(int items, Action<int, int, int> body)
    {
        var parts = PartsFor(items);
        Parallel.For(0, parts, part => body(part, RangeStart(items, part, parts), RangeStart(items, part + 1, parts)));
    }

    /// <summary>Where range <paramref name="part"/> of <paramref name="parts"/> nearly equal consecutive ranges of <c>0 .. items</c> starts (<paramref name="items"/> for <c>part == parts</c>).</summary>
    public static int RangeStart(int items, int part, int parts) => (int)((long)items * part / parts);
}
