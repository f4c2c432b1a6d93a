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
}
