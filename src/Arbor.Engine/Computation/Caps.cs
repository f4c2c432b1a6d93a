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
        if (caps.Member is { } cap)
        {
            // Only the few members over the cap are touched: their lines become line × cap / total.
            var capCents = cap * 100m;
            var factors = new List<Fraction>();
            int[]? factorOf = null; // per member: 1 + index into factors, or 0 when under the cap
            for (var m = 0; m < ctx.CapBase.Length; m++)
            {
                if (ctx.CapBase[m] <= capCents) continue;
                factorOf ??= new int[ctx.CapBase.Length];
                factors.Add(Fraction.Of(cap, ctx.CapBase[m] / 100m));
                factorOf[m] = factors.Count;
            }
            if (factorOf is not null)
            {
                foreach (var lines in CappedChunks(store))
                {
                    foreach (ref var line in lines.Span)
                    {
                        var f = factorOf[line.Payee];
                        if (f != 0) line.Cents = Money.Scale(line.Cents, factors[f - 1]);
                    }
                }
            }
        }

        long grandCents = 0;
        foreach (var lines in CappedChunks(store))
        {
            foreach (ref readonly var line in lines.Span) grandCents += line.Cents;
        }
        var grand = grandCents / 100m;
        decimal? limit = caps.PayoutPercent is { } percent ? ctx.TotalCv * percent / 100m : null;
        var applied = limit is { } l && grand > l;
        if (applied)
        {
            var factor = Fraction.Of(limit!.Value, grand);
            foreach (var lines in CappedChunks(store))
            {
                foreach (ref var line in lines.Span) line.Cents = Money.Scale(line.Cents, factor);
            }
        }
        return new CapOutcome(caps.Member, limit, grand, applied);
    }

    /// <summary>The chunks of every bonus the caps apply to: all but retail profit.</summary>
    private static IEnumerable<Memory<PayoutLine>> CappedChunks(PayoutLineStore store)
    {
        for (var c = 0; c < store.ChunkCount; c++)
        {
            if (store.BonusOf(c) != BonusType.RetailProfit) yield return store.ChunkMemory(c);
        }
    }
}
