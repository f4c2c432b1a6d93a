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
    /// <summary>
    /// Starts compiling the computation's methods on a background thread, once per process, so
    /// that a run about to start does not wait for the compiler: call it before reading the
    /// inputs (<see cref="BatchInput.Load"/> does). Returns at once.
    /// </summary>
    public static void PrepareInBackground() => Runtime.Precompile.ComputationInBackground();

    /// <summary>Computes the period.</summary>
    /// <param name="settledElsewhere">
    /// Optional, per order number: returns whose bonuses the caller settles itself (clawbacks of
    /// a closed period's lines). Their volume counts as usual; order-based bonuses skip them.
    /// Without it the computation is exactly the contract's.
    /// </param>
    /// <exception cref="InputException">A total of the period does not fit the engine's integers (docs/plan-format.md, accepted ranges).</exception>
    public static PeriodResult Run(Plan plan, Network network, OrderBook orders, Period period, bool[]? settledElsewhere = null)
    {
        try
        {
            return Runtime.WorkerExceptions.Unwrapped(() => Compute(plan, network, orders, period, settledElsewhere));
        }
        catch (OverflowException)
        {
            // Every value is inside its range (the readers see to that), so one line always fits; only a sum of
            // very many large lines can pass what a 64-bit count of cents holds.
            throw new InputException([new InputError(orders.Source, 1, null,
                "the period's amounts add up to more than 92,233,720,368,547,758.07, the largest total the engine computes; split the company or the period")]);
        }
    }

    private static PeriodResult Compute(Plan plan, Network network, OrderBook orders, Period period, bool[]? settledElsewhere)
    {
        var timings = new List<PhaseTiming>();
        var clock = Stopwatch.StartNew();
        void Lap(string phase)
        {
            timings.Add(new PhaseTiming(phase, clock.Elapsed));
            clock.Restart();
        }

        if (Math.Max(network.Count, orders.Count) > StoredLine.MaxNumber + 1)
        {
            // Batch files cannot get here (at most 10^8 lines); a database company this large would.
            throw new InputException([new InputError(orders.Source, 1, null,
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{network.Count:N0} members and {orders.Count:N0} orders: a period computes at most {StoredLine.MaxNumber + 1:N0} of each"))]);
        }
        var ctx = new PeriodContext(plan, network, orders, period, settledElsewhere);
        Lap("trees and order");
        Volumes.Compute(ctx);
        Lap("volumes");
        if (RetailConditions.Compute(ctx) is { } retail)
        {
            ctx.Retail = retail;
            retail.ApplyToActivity(ctx);
            Lap("retail conditions");
        }
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
                case UnilevelBonus b: Unilevel.Compute(ctx, b, plan.Find<FastStartBonus>()); break;
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

        // The 70 % rule's proportional pay, after matching (which matched the lines before it) and before the caps.
        if (plan.SalesRule is { } rule)
        {
            SalesRuleStep.Apply(ctx, rule, ctx.Lines);
            Lap("sales rule");
        }

        // Caps first: they work line by line in storage order; the sums and the output order then leave out lines they rounded to zero.
        var caps = Caps.Apply(ctx, ctx.Lines);
        Lap("caps");
        var sorted = SortedLines.Of(ctx.Lines, ctx.Totals, ctx.MembersInOrdinalOrder, ctx.PayeeBlock);
        Lap("sum totals");

        // Without a binary bonus, carries pass through untouched (docs/compensation-decisions.md).
        var result = new PeriodResult(ctx, ranks, ctx.Lines, sorted, caps,
            binary?.CarryLeft ?? network.CarryLeft, binary?.CarryRight ?? network.CarryRight,
            binary?.Left, binary?.Right, timings);
        Lap("result");
        return result;
    }
}
