using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Arbor.Engine.Output;

/// <summary>
/// Per order, the two source fields of its payout lines, its id and its member's id
/// (<c>O17,M3</c>), encoded once into one slot of <see cref="SlotSize"/> bytes with their length
/// in the last byte (<see cref="Long"/> when they do not fit). Nearly every line of a period
/// comes from an order, and lines are written in payee order, so their orders come at random:
/// one read of a pair in place of three (the order's id, its member, the member's id) took a
/// quarter off formatting the lines.
/// </summary>
internal sealed class SourcePairs
{
    public const int SlotSize = 24;

    /// <summary>A slot's length byte when the pair is longer than <see cref="SlotSize"/> − 1 bytes.</summary>
    public const byte Long = 0xFF;

    /// <summary>Bytes a copy of a slot writes (and <see cref="Slot"/> reads): a vector of 32.</summary>
    public const int CopyLength = 32;

    /// <summary>The slots, one more than orders (the last one read only by the vector before it): elements of 24 bytes, so that no index of a byte outgrows an int.</summary>
    private readonly Slot24[] _slots;

    private SourcePairs(Slot24[] slots) => _slots = slots;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = SlotSize)]
    private struct Slot24
    {
    }

    /// <summary>
    /// The slot of order <paramref name="order"/> and the 8 bytes after it: the pair from byte 0,
    /// its length at byte <see cref="SlotSize"/> − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<byte> Slot(int order) => Vector256.LoadUnsafe(ref Unsafe.As<Slot24, byte>(ref _slots[order]));

    /// <summary>
    /// Writes the pair of <paramref name="slot"/> (from <see cref="Slot"/>) at <paramref name="destination"/>
    /// and returns its length, or returns -1 and writes nothing when the pair is long. Writes
    /// <see cref="CopyLength"/> bytes, which the caller must own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TryCopy(Vector256<byte> slot, ref byte destination)
    {
        var length = slot.GetElement(SlotSize - 1);
        if (length == Long) return -1;
        slot.StoreUnsafe(ref destination);
        return length;
    }

    /// <summary>The pairs of every order, <paramref name="memberOf"/> giving each order's member, made on every core.</summary>
    public static SourcePairs Of(EncodedTexts orders, EncodedTexts members, int[] memberOf)
    {
        var count = memberOf.Length;
        var slots = GC.AllocateUninitializedArray<Slot24>(count + 1);
        Runtime.Cores.ForRanges(count, (_, from, to) => Fill(orders, members, memberOf, slots, from, to));
        return new SourcePairs(slots);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(EncodedTexts orders, EncodedTexts members, int[] memberOf, Slot24[] slots, int from, int to)
    {
        // A pair is put together here (an order id, a comma, a member's 16-byte slot), then its
        // first SlotSize bytes are stored: stores straight into the slots would spill into the next.
        Span<byte> pair = stackalloc byte[64];
        ref var start = ref pair[0];
        // The members' slots sit at random places: a batch of them is read first, in a loop
        // whose loads do not wait for one another.
        Span<Vector128<byte>> memberSlots = stackalloc Vector128<byte>[Batch];
        for (var batch = from; batch < to; batch += Batch)
        {
            var count = Math.Min(Batch, to - batch);
            for (var i = 0; i < count; i++) memberSlots[i] = members.Slot(memberOf[batch + i]);
            for (var i = 0; i < count; i++)
            {
                var o = batch + i;
                ref var slot = ref Unsafe.As<Slot24, byte>(ref slots[o]);
                var order = orders[o];
                var member = memberSlots[i];
                var length = order.Length + 1 + member.GetElement(15); // over 255 when the member's id is long
                if (length > SlotSize - 1)
                {
                    Unsafe.Add(ref slot, SlotSize - 1) = Long;
                    continue;
                }
                order.CopyTo(pair);
                Unsafe.Add(ref start, order.Length) = (byte)',';
                member.StoreUnsafe(ref Unsafe.Add(ref start, order.Length + 1));
                Unsafe.WriteUnaligned(ref slot, Unsafe.ReadUnaligned<Vector128<byte>>(ref start));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref slot, 16), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, 16)));
                Unsafe.Add(ref slot, SlotSize - 1) = (byte)length;
            }
        }
    }

    /// <summary>Orders put together per batch.</summary>
    private const int Batch = 64;
}
