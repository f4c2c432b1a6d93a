using System.Runtime.CompilerServices;

namespace Arbor.Engine.Model;

/// <summary>Positions of texts in ordinal order, the sort order of the output files.</summary>
public static class OrdinalRanks
{
    /// <summary>
    /// Fills <paramref name="rank"/> with each id's position in ordinal order and returns the
    /// pairs of equal ids (the earlier index first). Input already in order, as exports
    /// usually are, is recognised in one pass.
    /// </summary>
    public static List<(int First, int Again)> Compute(string[] ids, int[] rank)
    {
        var duplicates = new List<(int, int)>();
        var sorted = true;
        for (var i = 1; i < ids.Length && sorted; i++) sorted = string.CompareOrdinal(ids[i - 1], ids[i]) < 0;
        if (sorted)
        {
            for (var i = 0; i < ids.Length; i++) rank[i] = i;
            return duplicates;
        }

        return Sort((string[])ids.Clone(), rank);
    }

    /// <inheritdoc cref="Compute(string[], int[])"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<(int First, int Again)> Compute(IdList ids, int[] rank)
    {
        var sorted = true;
        for (var i = 1; i < ids.Count && sorted; i++) sorted = ids.CompareOrdinal(i - 1, i) < 0;
        if (sorted)
        {
            for (var i = 0; i < ids.Count; i++) rank[i] = i;
            return [];
        }
        return Sort([.. ids], rank); // out of order: sorted as strings, made for the sort only
    }

    private static List<(int First, int Again)> Sort(string[] keys, int[] rank)
    {
        var duplicates = new List<(int, int)>();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order, StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
            if (i > 0 && string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
            {
                var a = order[i - 1];
                var b = order[i];
                duplicates.Add(a < b ? (a, b) : (b, a));
            }
        }
        return duplicates;
    }
}
