using System.Runtime.CompilerServices;

namespace Arbor.Engine.Batch;

/// <summary>Strict parsers for the batch files' decimals and dates, straight from UTF-8 bytes.</summary>
internal static class FieldParser
{
    /// <summary>
    /// Parses <c>[-+]digits[.digits]</c> (digits on at least one side of the point), keeping
    /// the written scale (<c>25.0</c> stays <c>25.0</c>), as exact decimal arithmetic expects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var significant = 0;
        var scale = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.')
            {
                if (scale >= 0) return false;
                scale = 0;
                continue;
            }
            var d = unchecked((uint)(c - (byte)'0')); // a byte below '0' wraps past 9
            if (d > 9) return false;
            digits++;
            if (scale >= 0) scale++;
            if (mantissa == 0 && d == 0 && scale < 0) continue; // leading zeros
            if (++significant > 19) return TryParseSlow(text, out value);
            mantissa = mantissa * 10 + d;
        }
        if (digits == 0) return false;
        if (scale > 28) return TryParseSlow(text, out value);
        // The words as bits: a mantissa of 2^31 or more sets their top bits.
        value = new decimal(unchecked((int)(uint)mantissa), unchecked((int)(uint)(mantissa >> 32)), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    private static bool TryParseSlow(ReadOnlySpan<byte> text, out decimal value)
    {
        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++) chars[i] = (char)text[i];
        return decimal.TryParse(chars, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses <c>YYYY-MM-DD</c> as a real calendar date.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-') return false;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            var d = c - (byte)'0';
            if (d is < 0 or > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
