using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

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
        // Per member, its scale's place in `scales`, or -1 when the rule leaves its pay as it is.
        int[]? scaleOf = null;
        var scales = new List<CentScale>();
        var percent = Fraction.Of(100m, rule.Percent);
        for (var m = 0; m < n; m++)
        {
            if (rule.Factor(retail.RetailPv[m], retail.PersonalPv[m]) is not { } factor) continue;
            if (scaleOf is null)
            {
                scaleOf = new int[n];
                Array.Fill(scaleOf, -1);
            }
            scaleOf[m] = scales.Count;
            // s / (percent / 100) = resold / bought × 100 / percent, one exact fraction: each line is rounded once.
            scales.Add(new CentScale(Fraction.Times(Fraction.Of(factor.Numerator, factor.Denominator), percent)));
        }
        if (scaleOf is null) return;
        var factors = scales.ToArray();
        var totals = ctx.Totals; // the caps' bases and the line counts follow the new amounts
        var chunks = Enumerable.Range(0, store.ChunkCount).Where(c => store.BonusOf(c) != BonusType.RetailProfit).ToArray();
        Parallel.For(0, chunks.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int i) =>
        {
            foreach (ref var line in store.Chunk(chunks[i]))
            {
                var at = scaleOf[line.Payee];
                if (at < 0 || line.Cents == 0) continue;
                var before = line.Cents;
                line.Cents = factors[at].Apply(before);
                // Two chunks may hold lines of one payee.
                Interlocked.Add(ref totals[line.Payee].Capped, line.Cents - before);
                if (line.Cents == 0) Interlocked.Decrement(ref totals[line.Payee].Lines);
            }
        });
    }
}
