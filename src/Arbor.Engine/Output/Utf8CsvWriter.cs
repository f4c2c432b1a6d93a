using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Arbor.Engine.Output;

/// <summary>A buffered UTF-8 CSV writer for millions of lines: no allocation per field.</summary>
internal sealed class Utf8CsvWriter(Stream stream) : IDisposable
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;
    private bool _fieldStarted;

    /// <summary>The length in bytes of <paramref name="text"/> as a CSV field.</summary>
    public static int FieldLength(string text)
    {
        if (text.AsSpan().IndexOfAny(NeedsQuotes) < 0) return Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetByteCount(text);
        var quotes = text.AsSpan().Count('"');
        return Encoding.UTF8.GetByteCount(text) + quotes + 2;
    }

    /// <summary>Writes <paramref name="text"/> as a CSV field into exactly <see cref="FieldLength"/> bytes.</summary>
    public static void EncodeField(string text, Span<byte> into)
    {
        if (text.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            Encoding.UTF8.GetBytes(text, into);
            return;
        }
        into[0] = (byte)'"';
        var n = Encoding.UTF8.GetBytes(text.Replace("\"", "\"\"", StringComparison.Ordinal), into[1..]);
        into[n + 1] = (byte)'"';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Field(string text)
    {
        Separator();
        if (text.AsSpan().IndexOfAny(NeedsQuotes) >= 0)
        {
            Raw("\""u8);
            Text(text.Replace("\"", "\"\"", StringComparison.Ordinal));
            Raw("\""u8);
        }
        else Text(text);
    }

    /// <summary>A field already encoded: ASCII text, or UTF-8 quoted where CSV needs it (<see cref="EncodedTexts"/>).</summary>
    public void Field(ReadOnlySpan<byte> encoded)
    {
        Separator();
        Raw(encoded);
    }

    public void Field(int value)
    {
        Separator();
        Ensure(11);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out var n);
        _used += n;
    }

    /// <summary>Money: whole cents written with exactly two decimals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Cents(long cents)
    {
        Separator();
        Ensure(24);
        _used += FormatCents(cents, _buffer.AsSpan(_used));
    }

    /// <summary>A volume: the value with its own scale, as <see cref="DecimalText.Volume"/> writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Volume(decimal value)
    {
        Separator();
        Ensure(MaxVolumeLength);
        _used += FormatVolume(value, _buffer.AsSpan(_used));
    }

    /// <summary>The longest text of a decimal: a sign, 29 digits, a point and a leading zero.</summary>
    public const int MaxVolumeLength = 32;

    /// <summary>
    /// Writes <paramref name="value"/> as <see cref="DecimalText.Volume"/> does (its digits with its
    /// own scale, invariant culture) without making a string; returns the bytes used (at most
    /// <see cref="MaxVolumeLength"/>). Values whose digits fit in 64 bits, which are all volumes
    /// of a period, are placed by hand; the rest go through the runtime's formatter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FormatVolume(decimal value, Span<byte> into)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var digits = unchecked((ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32));
        if (bits[2] != 0 || digits == 0)
        {
            // Wide values, and zero (whose sign the runtime's formatter decides).
            value.TryFormat(into, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            return written;
        }
        var scale = (bits[3] >> 16) & 0xFF;
        var used = 0;
        if (bits[3] < 0) into[used++] = (byte)'-';
        Span<byte> text = stackalloc byte[20];
        Utf8Formatter.TryFormat(digits, text, out var count);
        if (count > scale)
        {
            text[..(count - scale)].CopyTo(into[used..]);
            used += count - scale;
            if (scale == 0) return used;
            into[used++] = (byte)'.';
            text.Slice(count - scale, scale).CopyTo(into[used..]);
            return used + scale;
        }
        into[used++] = (byte)'0';
        into[used++] = (byte)'.';
        into.Slice(used, scale - count).Fill((byte)'0');
        used += scale - count;
        text[..count].CopyTo(into[used..]);
        return used + count;
    }

    /// <summary>Writes whole cents with exactly two decimals; returns the bytes used (at most 21).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FormatCents(long cents, Span<byte> into)
    {
        var used = 0;
        var magnitude = unchecked((ulong)cents);
        if (cents < 0)
        {
            into[used++] = (byte)'-';
            magnitude = unchecked(0 - magnitude);
        }
        Utf8Formatter.TryFormat(magnitude / 100, into[used..], out var n);
        used += n;
        var frac = (int)(magnitude % 100);
        into[used++] = (byte)'.';
        into[used++] = (byte)('0' + frac / 10);
        into[used++] = (byte)('0' + frac % 10);
        return used;
    }

    public void EndLine()
    {
        Ensure(1);
        _buffer[_used++] = (byte)'\n';
        _fieldStarted = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Separator()
    {
        if (_fieldStarted)
        {
            Ensure(1);
            _buffer[_used++] = (byte)',';
        }
        _fieldStarted = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Text(string text)
    {
        if (Ascii.IsValid(text) && text.Length <= _buffer.Length)
        {
            Ensure(text.Length);
            Ascii.FromUtf16(text, _buffer.AsSpan(_used), out var written);
            _used += written;
            return;
        }
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length)
        {
            Raw(Encoding.UTF8.GetBytes(text));
            return;
        }
        Ensure(max);
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length)
        {
            Flush();
            stream.Write(bytes);
            return;
        }
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
    }

    public void Flush()
    {
        stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        stream.Dispose();
    }
}
