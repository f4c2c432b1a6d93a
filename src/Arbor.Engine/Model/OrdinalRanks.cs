using System.Runtime.CompilerServices;
using Arbor.Engine.Runtime;

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
    /// <remarks>
    /// Ids as exports write them (a prefix and a number, <c>M0</c> … <c>M999999</c>) use few of
    /// the 256 byte values at each place of the key. Each place's values present are numbered
    /// in order, and a key becomes one number in mixed radix over those counts (places where
    /// every id has the same byte drop out): when it fits 64 bits beside the id's index, the
    /// numbers are sorted by a few passes of a radix sort (stable, so equal ids keep index
    /// order) instead of a comparison sort of 16-byte keys.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(int First, int Again)>? SortAsKeys(IdList ids, int[] rank)
    {
        var n = ids.Count;
        // Which byte values each place of the key holds (the length's place last), over every
        // id: each core marks its range's, and the marks are joined.
        var parts = Cores.PartsFor(n);
        var marks = new bool[parts][];
        var keyless = new bool[parts];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (part, from, to) =>
        {
            var mine = marks[part] = new bool[KeyBytes * 256];
            for (var i = from; i < to; i++)
            {
                var id = ids.Utf8(i);
                if (id.Length >= KeyBytes || id.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) >= 0)
                {
                    keyless[part] = true;
                    return;
                }
                for (var j = 0; j < id.Length; j++) mine[(j << 8) | id[j]] = true;
                for (var j = id.Length; j < KeyBytes - 1; j++) mine[j << 8] = true;
                mine[((KeyBytes - 1) << 8) | id.Length] = true;
            }
        });
        if (keyless.Contains(true)) return null;
        var present = marks[0];
        for (var part = 1; part < parts; part++)
        {
            for (var k = 0; k < present.Length; k++) present[k] |= marks[part][k];
        }
        return SortAsMixedRadix(ids, rank, present) ?? SortAsWideKeys(ids, rank);
    }

    private const int KeyBytes = 16;

    /// <summary>The byte at <paramref name="place"/> of an id's 16-byte key: the id's byte, a zero past its end, or its length last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KeyByte(ReadOnlySpan<byte> id, int place) =>
        place == KeyBytes - 1 ? id.Length : place < id.Length ? id[place] : 0;

    /// <summary>
    /// Ranks the ids by their keys in mixed radix (see <see cref="SortAsKeys"/>), or returns
    /// null when the keys and indexes do not fit 64 bits together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(int First, int Again)>? SortAsMixedRadix(IdList ids, int[] rank, bool[] present)
    {
        var n = ids.Count;
        var indexBits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, n - 1));
        // From the last place to the first: each place's values numbered in order, times the
        // product of the counts of the places after it. Places with one value add nothing.
        var places = new List<int>();
        var weights = new ulong[KeyBytes * 256];
        UInt128 span = 1; // the product of the counts so far: keys are below it
        for (var place = KeyBytes - 1; place >= 0; place--)
        {
            var count = 0;
            for (var b = 0; b < 256; b++)
            {
                if (present[(place << 8) | b]) weights[(place << 8) | b] = (ulong)((uint)count++ * span);
            }
            if (count < 2) continue;
            places.Add(place);
            span *= (uint)count;
            if (span > (UInt128)1 << (64 - indexBits)) return null;
        }
        var keyBits = 128 - (int)UInt128.LeadingZeroCount(span - 1);

        // Each id's number above its index: sorting them orders the ids, equal ids by index.
        var packed = GC.AllocateUninitializedArray<ulong>(n);
        var placeList = places.ToArray();
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var id = ids.Utf8(i);
                ulong key = 0;
                foreach (var place in placeList) key += weights[(place << 8) | KeyByte(id, place)];
                packed[i] = (key << indexBits) | (uint)i;
            }
        });
        packed = RadixSort(packed, indexBits, keyBits);

        // The sorted indexes, and whether any id repeats (two neighbours with one key), on every core.
        var order = GC.AllocateUninitializedArray<int>(n);
        var indexMask = (1UL << indexBits) - 1;
        var repeats = false;
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            var found = false;
            for (var i = from; i < to; i++)
            {
                order[i] = (int)(packed[i] & indexMask);
                found |= i > 0 && packed[i - 1] >> indexBits == packed[i] >> indexBits;
            }
            if (found) repeats = true;
        });
        if (repeats) return Ranks(order, rank, i => packed[i - 1] >> indexBits == packed[i] >> indexBits);
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var i = from; i < to; i++) rank[order[i]] = i;
        });
        return [];
    }

    /// <summary>
    /// Sorts <paramref name="values"/> by their bits from <paramref name="low"/> up, <paramref name="bits"/>
    /// of them, stably (least significant digit first, at most 11 bits a pass); returns the
    /// array that holds the result (the given one or a second of its size). Each pass counts and
    /// places the values of a range per core: a bucket takes the first range's values, then the
    /// next range's, each in order, so the sort stays stable.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong[] RadixSort(ulong[] values, int low, int bits)
    {
        const int MostBitsAPass = 11;
        if (bits <= 0) return values;
        var passes = (bits + MostBitsAPass - 1) / MostBitsAPass;
        var width = (bits + passes - 1) / passes;
        var buckets = 1 << width;
        var mask = (ulong)buckets - 1;
        var n = values.Length;
        var parts = Cores.PartsFor(n);
        var next = new int[parts * buckets]; // per range and bucket: its count, then where its next value goes
        var other = GC.AllocateUninitializedArray<ulong>(n);
        for (var p = 0; p < passes; p++)
        {
            var (source, target, shift) = (values, other, low + (p * width));
            Array.Clear(next);
            Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (part, from, to) =>
            {
                var counts = next.AsSpan(part * buckets, buckets);
                for (var i = from; i < to; i++) counts[(int)((source[i] >> shift) & mask)]++;
            });
            var at = 0;
            for (var b = 0; b < buckets; b++)
            {
                for (var part = 0; part < parts; part++)
                {
                    ref var slot = ref next[(part * buckets) + b];
                    (slot, at) = (at, at + slot);
                }
            }
            Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (part, from, to) =>
            {
                var places = next.AsSpan(part * buckets, buckets);
                for (var i = from; i < to; i++)
                {
                    var v = source[i];
                    target[places[(int)((v >> shift) & mask)]++] = v;
                }
            });
            (values, other) = (other, values);
        }
        return values;
    }

    /// <summary>Sorts the ids as 16-byte keys with a comparison sort (each id allows a key: <see cref="SortAsKeys"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<(int First, int Again)> SortAsWideKeys(IdList ids, int[] rank)
    {
        var n = ids.Count;
        var keys = GC.AllocateUninitializedArray<UInt128>(n);
        var order = GC.AllocateUninitializedArray<int>(n);
        Span<byte> key = stackalloc byte[KeyBytes];
        for (var i = 0; i < n; i++)
        {
            var id = ids.Utf8(i);
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
