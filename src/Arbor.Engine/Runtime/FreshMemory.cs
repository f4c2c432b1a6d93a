namespace Arbor.Engine.Runtime;

/// <summary>
/// Large arrays made ready for use at random. On Linux a page of fresh memory is mapped at its
/// first touch; touched first by a read (adding to a sum reads it), it is mapped to the shared
/// page of zeros, and the write that follows faults a second time to copy it and flushes the
/// other cores' translations of the address. Done at random from several threads over a large
/// array, that costs many times what one pass of writes from start to end costs: the benchmark's
/// per-member totals (24 MB), added to at random on both cores, took 45–60 ms of retail profit's
/// 90–100 ms until they were written through once when made, for about 15 ms.
/// </summary>
internal static class FreshMemory
{
    /// <summary>An array of <paramref name="length"/> zeros whose every page is already mapped, by writes in order.</summary>
    public static T[] Zeroed<T>(int length) where T : struct
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        array.AsSpan().Clear();
        return array;
    }
}
