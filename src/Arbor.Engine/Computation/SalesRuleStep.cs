using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>
/// The 70 % rule's proportional pay (issue 17; decision 18): a member whose resold-or-consumed
/// share s is below the plan's percent has each of its lines of every bonus but retail profit
/// multiplied by s / (percent / 100), exactly, and rounded again to cents half to even, as the
/// member cap does. A step after matching (which matched the lines before it) and before the caps.
/// The contract read plainly, without the speed: <see cref="Reference.SalesRuleStep"/>.
/// </summary>
internal static class SalesRuleStep
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(PeriodContext ctx, SalesRule rule, PayoutLineStore store)
    {
        var retail = ctx.Retail!; // a plan with a sales rule has retail conditions
        var n = ctx.Network.Count;
        // Per member, its factor as a numerator and a denominator read in place by member number (a block of
        // payees' figures stay in cache while its chunks are read); denominator 0: the rule leaves its pay as
        // it is; −1: a factor too large for 64 bits, in `large`.
        long[]? numerators = null, denominators = null;
        Fraction[]? large = null;
        var percent = Fraction.Of(100m, rule.Percent);
        for (var m = 0; m < n; m++)
        {
            if (rule.Factor(retail.RetailPv[m], retail.PersonalPv[m]) is not { } factor) continue;
            numerators ??= new long[n];
            denominators ??= new long[n];
            // s / (percent / 100) = resold / bought × 100 / percent, one exact fraction: each line is rounded once.
            var scale = Fraction.Times(Fraction.Of(factor.Numerator, factor.Denominator), percent);
            if (scale.Small && scale.Denominator > 0)
            {
                numerators[m] = (long)scale.Numerator;
                denominators[m] = (long)scale.Denominator;
            }
            else
            {
                large ??= new Fraction[n];
                large[m] = scale;
                denominators[m] = -1;
            }
        }
        if (numerators is null || denominators is null) return;
        var totals = ctx.Totals; // the caps' bases and the line counts follow the new amounts
        var chunks = Enumerable.Range(0, store.ChunkCount).Where(c => store.BonusOf(c) != BonusType.RetailProfit).ToArray();
        // A chunk holds the lines of one block of payees: each core takes the chunks of its own blocks,
        // so no two cores touch one payee's totals and no line waits on an atomic add.
        var cores = Cores.Parts;
        Parallel.For(0, cores, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int part) =>
        {
            foreach (var c in chunks)
            {
                if (store.BlockOf(c) % cores != part) continue;
                foreach (ref var line in store.Chunk(c))
                {
                    var payee = line.Payee;
                    var denominator = denominators[payee];
                    if (denominator == 0 || line.Cents == 0) continue;
                    var before = line.Cents;
                    var high = Math.BigMul(before, numerators[payee], out var low);
                    line.Cents = denominator > 0 && high == low >> 63
                        ? Money.DivideHalfEven(low, denominator) // the product fits 64 bits: the usual case
                        : Money.Scale(before, denominator > 0 ? new Fraction(numerators[payee], denominator) : large![payee]);
                    ref var totalsOfPayee = ref totals[payee];
                    totalsOfPayee.Capped += line.Cents - before;
                    if (line.Cents == 0) totalsOfPayee.Lines--;
                }
            }
        });
    }
}
