using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>What the caps of section 6 did, for statements and explanations.</summary>
/// <param name="MemberCap">The member cap, or null.</param>
/// <param name="PayoutLimit">payout_percent % of total CV, or null.</param>
/// <param name="GrandTotalBeforePayoutCap">The total of capped bonuses after the member cap.</param>
/// <param name="PayoutCapApplied">True when the grand total exceeded the limit and every line was scaled.</param>
public sealed record CapOutcome(decimal? MemberCap, decimal? PayoutLimit, decimal GrandTotalBeforePayoutCap, bool PayoutCapApplied);

/// <summary>Section 6: the member cap, then the payout cap, on every line but retail profit.</summary>
internal static class Caps
{
    public static CapOutcome Apply(PeriodContext ctx, PayoutLineStore store)
    {
        var caps = ctx.Plan.Caps;
        var totals = ctx.Totals; // their line counts lose the lines caps round to zero
        var chunks = Enumerable.Range(0, store.ChunkCount).Where(c => store.BonusOf(c) != BonusType.RetailProfit).ToArray();

        // The member cap: only the few members over it are touched, their lines becoming
        // line × cap / total. The same pass sums the grand total after it, chunk by chunk.
        var factors = new List<Fraction>();
        int[]? factorOf = null; // per member: 1 + index into factors, or 0 when under the cap
        if (caps.Member is { } cap)
        {
            var capCents = cap * 100m;
            for (var m = 0; m < ctx.CapBase.Length; m++)
            {
                if (ctx.CapBase[m] <= capCents) continue;
                factorOf ??= new int[ctx.CapBase.Length];
                factors.Add(Fraction.Of(cap, ctx.CapBase[m] / 100m));
                factorOf[m] = factors.Count;
            }
        }
        var chunkTotals = new long[chunks.Length];
        Parallel.For(0, chunks.Length, i =>
        {
            long sum = 0;
            foreach (ref var line in store.Chunk(chunks[i]))
            {
                if (factorOf is not null && factorOf[line.Payee] is var f and not 0)
                {
                    line.Cents = Money.Scale(line.Cents, factors[f - 1]);
                    if (line.Cents == 0) Interlocked.Decrement(ref totals[line.Payee].Lines);
                }
                sum += line.Cents;
            }
            chunkTotals[i] = sum;
        });
        var grand = chunkTotals.Sum() / 100m;

        decimal? limit = caps.PayoutPercent is { } percent ? ctx.TotalCv * percent / 100m : null;
        var applied = limit is { } l && grand > l;
        if (applied)
        {
            var factor = Fraction.Of(limit!.Value, grand);
            Parallel.For(0, chunks.Length, i =>
            {
                foreach (ref var line in store.Chunk(chunks[i]))
                {
                    if (line.Cents == 0) continue; // the member cap's zeros, already taken off
                    line.Cents = Money.Scale(line.Cents, factor);
                    if (line.Cents == 0) Interlocked.Decrement(ref totals[line.Payee].Lines);
                }
            });
        }
        return new CapOutcome(caps.Member, limit, grand, applied);
    }
}
