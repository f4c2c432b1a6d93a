using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Arbor.Engine.Output;

/// <summary>
/// Many short texts encoded once as CSV fields (UTF-8, quoted where the contract's CSV needs it)
/// into one byte array, so writing millions of lines copies bytes instead of encoding strings.
/// </summary>
internal sealed class EncodedTexts
{
    /// <summary>Bytes a copy may write past the end of the field it copies.</summary>
    public const int Slack = SlotSize;

    // Every text also has a slot of 16 bytes: up to 15 bytes of field and its length in the
    // last byte (Long when the field is longer), so a copy is one load and one store.
    private const int SlotSize = 16;
    private const byte Long = 0xFF;
    private readonly byte[] _bytes;
    private readonly int[] _starts;
    private readonly byte[] _slots;

    private EncodedTexts(byte[] bytes, int[] starts, bool withSlots)
    {
        _bytes = bytes;
        _starts = starts;
        MaxLength = Longest(starts);
        if (!withSlots)
        {
            _slots = [];
            return;
        }
        var count = starts.Length - 1;
        _slots = GC.AllocateUninitializedArray<byte>(count * SlotSize);
        // Millions of ids (a period's orders): the slots are filled on every core.
        Runtime.Cores.ForRanges(count, (_, from, to) => FillSlots(from, to));
    }

    /// <summary>The longest of the texts that <paramref name="starts"/> delimit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Longest(int[] starts)
    {
        var longest = 0;
        for (var i = 1; i < starts.Length; i++) longest = Math.Max(longest, starts[i] - starts[i - 1]);
        return longest;
    }

    /// <summary>Fills the slots of texts <paramref name="from"/> to <paramref name="to"/> (excluded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillSlots(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var length = _starts[i + 1] - _starts[i];
            var slot = _slots.AsSpan(i * SlotSize, SlotSize);
            if (length < SlotSize)
            {
                _bytes.AsSpan(_starts[i], length).CopyTo(slot);
                slot[length..].Clear();
                slot[SlotSize - 1] = (byte)length;
            }
            else slot[SlotSize - 1] = Long;
        }
    }

    /// <summary>The 16-byte slot of text <paramref name="index"/>: up to 15 bytes of field, its length last (<c>0xFF</c> when longer). Only texts made with slots have them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Slot(int index) => Vector128.LoadUnsafe(ref _slots[index * SlotSize]);

    /// <summary>
    /// Copies field <paramref name="index"/>, whose slot is <paramref name="slot"/>, to
    /// <paramref name="destination"/> and returns its length; may write up to
    /// <see cref="Slack"/> bytes past it, which the caller must own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CopyTo(int index, Vector128<byte> slot, ref byte destination)
    {
        var length = slot.GetElement(SlotSize - 1);
        if (length != Long)
        {
            slot.StoreUnsafe(ref destination);
            return length;
        }
        var field = this[index];
        field.CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref destination, field.Length));
        return field.Length;
    }

    /// <inheritdoc cref="CopyTo(int, Vector128{byte}, ref byte)"/>
    /// <remarks>Only texts made with slots; <see cref="this[int]"/> serves the others.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CopyTo(int index, ref byte destination) => CopyTo(index, Slot(index), ref destination);

    /// <summary>The longest encoded field, in bytes.</summary>
    public int MaxLength { get; }

    /// <summary>Text <paramref name="index"/> as an encoded CSV field.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bytes.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
    }

    /// <summary>
    /// Ids as CSV fields: when none needs quotes, as ids usually do not, their UTF-8 block is
    /// the encoding as it is, and only the slots are made (none when <paramref name="withSlots"/>
    /// is false: 16 bytes a text less, for texts read once each).
    /// </summary>
    public static EncodedTexts Of(Model.IdList ids, bool withSlots = true)
    {
        var (bytes, starts) = ids.Block;
        if (bytes.AsSpan(0, starts[^1]).IndexOfAny(NeedsQuotes) < 0) return new EncodedTexts(bytes, starts, withSlots);
        return Of([.. ids], withSlots);
    }

    private static readonly System.Buffers.SearchValues<byte> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n"u8);

    public static EncodedTexts Of(string[] texts, bool withSlots = true)
    {
        var starts = new int[texts.Length + 1];
        long total = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            total += Utf8CsvWriter.FieldLength(texts[i]);
            starts[i + 1] = checked((int)total);
        }
        var bytes = new byte[total];
        for (var i = 0; i < texts.Length; i++) Utf8CsvWriter.EncodeField(texts[i], bytes.AsSpan(starts[i], starts[i + 1] - starts[i]));
        return new EncodedTexts(bytes, starts, withSlots);
    }
}
