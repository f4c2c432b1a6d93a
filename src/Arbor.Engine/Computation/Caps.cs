using System.Numerics;
using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>What the caps of section 6 did, for statements and explanations.</summary>
/// <param name="MemberCap">The member cap, or null.</param>
/// <param name="PayoutLimit">payout_percent % of total CV, or null.</param>
/// <param name="GrandTotalBeforePayoutCap">The total of capped bonuses after the member cap.</param>
/// <param name="PayoutCapApplied">True when the grand total exceeded the limit and every line was scaled.</param>
public sealed record CapOutcome(decimal? MemberCap, decimal? PayoutLimit, decimal GrandTotalBeforePayoutCap, bool PayoutCapApplied);

/// <summary>
/// Section 6: the member cap, then the payout cap, on every line but retail profit.
/// The contract read plainly, without the speed: <see cref="Reference.Caps"/>.
/// </summary>
internal static class Caps
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CapOutcome Apply(PeriodContext ctx, PayoutLineStore store)
    {
        var caps = ctx.Plan.Caps;
        var totals = ctx.Totals; // their line counts lose the lines caps round to zero
        var capBase = ctx.CapBase;

        // The member cap: only the few members over it are touched, their lines becoming
        // line × cap / total. The grand total after it is every other member's total, plus
        // what their lines add up to now.
        // Over the cap: one bit per member (in cache), and the members' scales in member order,
        // each found from the bits: the members over it before this one's word, plus those
        // before it in its word. No per-member array is read at random per line.
        var factors = new List<CentScale>();
        ulong[]? over = null;
        long grandCents = 0;
        var capCents = caps.Member is { } cap ? WholeCentsAtMost(cap) : long.MaxValue;
        for (var m = 0; m < capBase.Length; m++)
        {
            if (capBase[m] <= capCents)
            {
                grandCents += capBase[m];
                continue;
            }
            over ??= new ulong[(capBase.Length + 63) / 64];
            factors.Add(new CentScale(Fraction.Of(caps.Member!.Value, capBase[m] / 100m)));
            over[m >> 6] |= 1UL << (m & 63);
        }
        var chunks = Enumerable.Range(0, store.ChunkCount).Where(c => store.BonusOf(c) != BonusType.RetailProfit).ToArray();
        if (over is not null)
        {
            var chunkTotals = new long[chunks.Length];
            var scales = factors.ToArray(); // an array, so that a line reads its scale in place rather than a copy of it
            var overBits = over;
            var overBefore = new int[over.Length];
            for (var w = 1; w < over.Length; w++) overBefore[w] = overBefore[w - 1] + BitOperations.PopCount(over[w - 1]);
            Parallel.For(0, chunks.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int i) =>
            {
                long sum = 0;
                foreach (ref var line in store.Chunk(chunks[i]))
                {
                    var payee = line.Payee;
                    var word = overBits[payee >> 6];
                    if ((word & (1UL << payee)) == 0) continue; // the shift takes the low 6 bits
                    if (line.Cents == 0) continue; // the 70 % rule's zeros, already taken off
                    ref readonly var scale = ref scales[overBefore[payee >> 6] + BitOperations.PopCount(word & ((1UL << payee) - 1))];
                    line.Cents = scale.Apply(line.Cents);
                    if (line.Cents == 0) Interlocked.Decrement(ref totals[payee].Lines);
                    sum += line.Cents;
                }
                chunkTotals[i] = sum;
            });
            grandCents += chunkTotals.Sum();
        }
        var grand = grandCents / 100m;

        decimal? limit = caps.PayoutPercent is { } percent ? ctx.TotalCv * percent / 100m : null;
        // A grand total of zero over a negative limit (the period's CV net negative) has no
        // factor to scale by; its lines stay (docs/compensation-decisions.md).
        var applied = limit is { } l && grand > l && grand != 0;
        if (applied)
        {
            var factor = new CentScaleTable(new CentScale(Fraction.Of(limit!.Value, grand)));
            Parallel.For(0, chunks.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int i) =>
            {
                foreach (ref var line in store.Chunk(chunks[i]))
                {
                    if (line.Cents == 0) continue; // the member cap's zeros, already taken off
                    line.Cents = factor.Apply(line.Cents);
                    if (line.Cents == 0) Interlocked.Decrement(ref totals[line.Payee].Lines);
                }
            });
        }
        return new CapOutcome(caps.Member, limit, grand, applied);
    }

    /// <summary>The most whole cents within <paramref name="amount"/>: a whole number of cents is within it when within these.</summary>
    private static long WholeCentsAtMost(decimal amount)
    {
        var cents = decimal.Floor(amount * 100m);
        return cents >= long.MaxValue ? long.MaxValue : cents <= long.MinValue ? long.MinValue : (long)cents;
    }
}
