namespace Arbor.Core.Compliance;

/// <summary>
/// How concentrated earnings are, in exact decimal arithmetic. Values below zero (a member whose
/// clawbacks exceed its period's income) count as zero, so every result lies in [0, 1].
/// </summary>
public static class Concentration
{
    /// <summary>
    /// The share of the total earned by the top <paramref name="fraction"/> of <paramref name="values"/>:
    /// the k = ⌈n × fraction⌉ largest (at least one), over the sum of all; null when the sum is 0.
    /// </summary>
    public static decimal? TopShare(IReadOnlyCollection<decimal> values, decimal fraction)
    {
        var clipped = values.Select(v => Math.Max(v, 0m)).OrderDescending().ToList();
        var total = clipped.Sum();
        if (total == 0) return null;
        var k = Math.Max(1, (int)Math.Ceiling(clipped.Count * fraction));
        return clipped.Take(k).Sum() / total;
    }

    /// <summary>How many members the top <paramref name="fraction"/> of <paramref name="count"/> are: ⌈count × fraction⌉, at least one.</summary>
    public static int TopCount(int count, decimal fraction) => count == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(count * fraction));

    /// <summary>
    /// The Gini coefficient: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), computed on the values sorted ascending as
    /// (2 Σᵢ i·xᵢ − (n + 1) Σ x) / (n Σ x) with i from 1, whose numerator is exact: one division.
    /// 0 when everyone earns the same; at most (n − 1)/n. Null when the sum is 0.
    /// </summary>
    public static decimal? Gini(IReadOnlyCollection<decimal> values)
    {
        var sorted = values.Select(v => Math.Max(v, 0m)).Order().ToList();
        var total = sorted.Sum();
        if (total == 0) return null;
        var weighted = 0m;
        for (var i = 0; i < sorted.Count; i++) weighted += (i + 1) * sorted[i];
        var n = sorted.Count;
        return (2 * weighted - (n + 1) * total) / (n * total);
    }
}
