using System.Runtime.CompilerServices;

namespace Arbor.Engine.Model;

/// <summary>Positions of texts in ordinal order, the sort order of the output files.</summary>
public static class OrdinalRanks
{
    /// <summary>
    /// Fills <paramref name="rank"/> with each id's position in ordinal order and returns every
    /// repeated id as (the index of its first occurrence, the index of a later one), in order of
    /// the later one within each id. Input already in order, as exports usually are, is
    /// recognised in one pass.
    /// </summary>
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
        // Out of order: sorted as 16-byte keys when every id allows, else as strings made for the sort only.
        return SortAsKeys(ids, rank) ?? Sort([.. ids], rank);
    }

    /// <summary>
    /// Sorts ids of at most 15 bytes, none from 0xEE up, as 16-byte keys: the bytes, zeros after
    /// them, and the length last. Keys compare as the ids do: byte order is UTF-16 order below
    /// U+E000 (lead bytes under 0xEE), and where one id is the other followed by zeros, the
    /// shorter comes first. Null when some id does not allow it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(int First, int Again)>? SortAsKeys(IdList ids, int[] rank)
    {
        const int KeyBytes = 16;
        var n = ids.Count;
        var keys = GC.AllocateUninitializedArray<UInt128>(n);
        var order = GC.AllocateUninitializedArray<int>(n);
        Span<byte> key = stackalloc byte[KeyBytes];
        for (var i = 0; i < n; i++)
        {
            var id = ids.Utf8(i);
            if (id.Length >= KeyBytes || id.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) >= 0) return null;
            key.Clear();
            id.CopyTo(key);
            key[KeyBytes - 1] = (byte)id.Length;
            keys[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(key);
            order[i] = i;
        }
        Array.Sort(keys, order);
        return Ranks(order, rank, i => keys[i - 1] == keys[i]);
    }

    /// <summary>
    /// Fills <paramref name="rank"/> from the sorted <paramref name="order"/> and returns each
    /// repeated id as (its first index, a later index); <paramref name="sameAsBefore"/> tells
    /// whether sorted position i holds the same id as i − 1. A run of equal ids is put in index
    /// order (the sort need not keep it), so every repeat names the first.
    /// </summary>
    private static List<(int First, int Again)> Ranks(int[] order, int[] rank, Func<int, bool> sameAsBefore)
    {
        var duplicates = new List<(int, int)>();
        for (var i = 1; i < order.Length; i++)
        {
            if (!sameAsBefore(i)) continue;
            var start = i - 1;
            while (i + 1 < order.Length && sameAsBefore(i + 1)) i++;
            Array.Sort(order, start, i + 1 - start);
            for (var again = start + 1; again <= i; again++) duplicates.Add((order[start], order[again]));
        }
        for (var i = 0; i < order.Length; i++) rank[order[i]] = i;
        return duplicates;
    }

    private static List<(int First, int Again)> Sort(string[] keys, int[] rank)
    {
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(keys, order, StringComparer.Ordinal);
        return Ranks(order, rank, i => string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal));
    }
}
