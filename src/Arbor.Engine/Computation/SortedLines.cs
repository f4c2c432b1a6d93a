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
    /// yields exactly the order of payouts.csv. The chunks are cut into one run per core:
    /// each run counts its lines per payee, and then places them after those of the runs
    /// before it, so the result is the same as one pass from start to end.
    /// </summary>
    public static SortedLines Of(PayoutLineStore store, int[] memberOrdinalRank)
    {
        var n = memberOrdinalRank.Length;
        var bonusCount = Enum.GetValues<BonusType>().Length;
        var chunks = Enumerable.Range(0, store.ChunkCount).OrderBy(store.BonusOf).ThenBy(c => c).ToArray();
        var runs = Runs(store, chunks, Cores.Parts);

        // Per run: lines per payee rank, and the sums.
        var counts = new int[runs.Length][];
        var earnings = new long[runs.Length][];
        var byBonus = new long[runs.Length][];
        var linesByBonus = new int[runs.Length][];
        Parallel.For(0, runs.Length, r =>
        {
            var count = counts[r] = new int[n];
            var earned = earnings[r] = new long[n];
            var sums = byBonus[r] = new long[bonusCount];
            var lines = linesByBonus[r] = new int[bonusCount];
            foreach (var c in runs[r])
            {
                var bonus = (int)store.BonusOf(c);
                foreach (ref readonly var line in store.Chunk(c))
                {
                    if (line.Cents == 0) continue; // caps can round a line to zero; zero lines are not written
                    count[memberOrdinalRank[line.Payee]]++;
                    earned[line.Payee] += line.Cents;
                    sums[bonus] += line.Cents;
                    lines[bonus]++;
                }
            }
        });

        // Where each run's lines of each payee start: after every earlier payee, then after the earlier runs.
        var kept = 0;
        for (var rank = 0; rank < n; rank++)
        {
            foreach (var count in counts)
            {
                var c = count[rank];
                count[rank] = kept;
                kept += c;
            }
        }
        // A permutation of positions, not a copy: four bytes per line instead of a second store.
        var order = new int[kept];
        Parallel.For(0, runs.Length, r =>
        {
            var next = counts[r];
            foreach (var c in runs[r])
            {
                var lines = store.Chunk(c);
                var first = c << PayoutLineStore.ChunkBits;
                for (var i = 0; i < lines.Length; i++)
                {
                    ref readonly var line = ref lines[i];
                    if (line.Cents != 0) order[next[memberOrdinalRank[line.Payee]]++] = first | i;
                }
            }
        });

        return new SortedLines(order, Sum(earnings, n), Sum(byBonus, bonusCount), Sum(linesByBonus, bonusCount));
    }

    /// <summary>Cuts the chunks, in order, into at most <paramref name="parts"/> runs of about equal lines.</summary>
    private static int[][] Runs(PayoutLineStore store, int[] chunks, int parts)
    {
        var total = chunks.Sum(c => (long)store.Chunk(c).Length);
        var runs = new List<int[]>();
        var run = new List<int>();
        long taken = 0;
        foreach (var c in chunks)
        {
            run.Add(c);
            taken += store.Chunk(c).Length;
            if (taken * parts >= total * (runs.Count + 1) && runs.Count < parts - 1)
            {
                runs.Add([.. run]);
                run.Clear();
            }
        }
        if (run.Count > 0 || runs.Count == 0) runs.Add([.. run]);
        return [.. runs];
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
