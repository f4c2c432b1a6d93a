using System.Diagnostics;
using Arbor.Engine.Computation.Bonuses;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// Runs one period of a compensation plan (contract sections 4–6): a snapshot in, results
/// out, no I/O and no clock. A few linear passes over arrays indexed by member number.
/// </summary>
public static class PeriodEngine
{
    /// <summary>Computes the period.</summary>
    /// <param name="settledElsewhere">
    /// Optional, per order number: returns whose bonuses the caller settles itself (clawbacks of
    /// a closed period's lines). Their volume counts as usual; order-based bonuses skip them.
    /// Without it the computation is exactly the contract's.
    /// </param>
    public static PeriodResult Run(Plan plan, Network network, OrderBook orders, Period period, bool[]? settledElsewhere = null)
    {
        var timings = new List<PhaseTiming>();
        var clock = Stopwatch.StartNew();
        void Lap(string phase)
        {
            timings.Add(new PhaseTiming(phase, clock.Elapsed));
            clock.Restart();
        }

        var ctx = new PeriodContext(plan, network, orders, period, settledElsewhere);
        Lap("trees and order");
        Volumes.Compute(ctx);
        Lap("volumes");
        var ranks = new Ranks(ctx);
        ranks.Compute();
        Lap("ranks");

        Binary? binary = null;
        foreach (var bonus in plan.Bonuses)
        {
            switch (bonus)
            {
                case RetailProfitBonus: RetailProfit.Compute(ctx); break;
                case FastStartBonus b: FastStart.Compute(ctx, b); break;
                case UnilevelBonus b: Unilevel.Compute(ctx, b); break;
                case BinaryBonus b:
                    binary = new Binary(network.Count);
                    binary.Compute(ctx, b);
                    break;
                case StairstepBonus b: Stairstep.Compute(ctx, b); break;
                case RankAdvancementBonus b: RankAdvancement.Compute(ctx, b); break;
                case PoolBonus b: Pool.Compute(ctx, b); break;
                case MatchingBonus: break; // after all others
            }
            if (bonus is not MatchingBonus) Lap(BonusNames.Of(bonus.Type));
        }
        if (plan.Find<MatchingBonus>() is { } matching)
        {
            Matching.Compute(ctx, matching);
            Lap("matching");
        }

        // Caps first: they work line by line in storage order; the sort then leaves out lines they rounded to zero.
        var caps = Caps.Apply(ctx, ctx.Lines);
        Lap("caps");
        var order = SortForOutput(ctx);
        Lap("sort lines");

        // Without a binary bonus, carries pass through untouched (docs/compensation-decisions.md).
        var result = new PeriodResult(ctx, ranks, ctx.Lines, order, caps,
            binary?.CarryLeft ?? network.CarryLeft, binary?.CarryRight ?? network.CarryRight,
            binary?.Left, binary?.Right, timings);
        Lap("totals");
        return result;
    }

    /// <summary>
    /// Stable counting sort by payee id of the non-zero lines, reading the chunks of each
    /// bonus in the order of bonus names. Every bonus emits its lines in ordinal order of
    /// source order (or source member), and a payee has at most one line per source and bonus,
    /// so this yields exactly the order of payouts.csv.
    /// </summary>
    private static int[] SortForOutput(PeriodContext ctx)
    {
        var store = ctx.Lines;
        var chunks = Enumerable.Range(0, store.ChunkCount).OrderBy(store.BonusOf).ThenBy(c => c).ToArray();
        var buckets = new int[ctx.Network.Count + 1];
        var rank = ctx.MemberOrdinalRank;
        var kept = 0;
        foreach (var c in chunks)
        {
            foreach (ref readonly var line in store.Chunk(c))
            {
                if (line.Cents == 0) continue; // caps can round a line to zero; zero lines are not written
                buckets[rank[line.Payee] + 1]++;
                kept++;
            }
        }
        for (var i = 1; i < buckets.Length; i++) buckets[i] += buckets[i - 1];
        // A permutation of positions, not a copy: four bytes per line instead of a second store.
        var order = new int[kept];
        foreach (var c in chunks)
        {
            var lines = store.Chunk(c);
            var first = c << PayoutLineStore.ChunkBits;
            for (var i = 0; i < lines.Length; i++)
            {
                ref readonly var line = ref lines[i];
                if (line.Cents != 0) order[buckets[rank[line.Payee]]++] = first | i;
            }
        }
        return order;
    }
}
