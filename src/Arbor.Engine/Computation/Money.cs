using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// The contract's one rounding rule, in one place: every line is computed exactly and then
/// rounded to 2 decimals, half to even. The integer paths below give the same result as
/// exact decimal arithmetic (they are exact); they exist because they are ten times faster.
/// </summary>
internal static class Money
{
    private static readonly long[] Pow10 = [.. Enumerable.Range(0, 19).Select(i => (long)Math.Pow(10, i))];

    /// <summary>Rounds to 2 decimals, half to even, and returns whole cents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    /// <summary><c>percent</c> % of <paramref name="volume"/>, rounded to cents.</summary>
    public static long Percent(decimal volume, decimal percent)
    {
        // cents = volume × percent / 100 × 100 = volume × percent, exactly.
        if (TrySplit(volume, out var vm, out var vs) && TrySplit(percent, out var pm, out var ps) && vs + ps <= 18)
        {
            return DivideByPowerOf10HalfEven(vm * pm, vs + ps);
        }
        return ToCents(volume * percent / 100m);
    }

    /// <summary>
    /// <c>percent</c> % of <paramref name="volume"/>, rounded to cents, from values split once:
    /// the same result as <see cref="Percent(decimal, decimal)"/> without taking either apart per line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Percent(in ExactDecimal volume, in ExactDecimal percent)
    {
        if (volume.Fits && percent.Fits && volume.Scale + percent.Scale <= 18)
        {
            return DivideByPowerOf10HalfEven(volume.Mantissa * percent.Mantissa, volume.Scale + percent.Scale);
        }
        return ToCents(volume.Value * percent.Value / 100m);
    }

    /// <summary><c>(a × b) / c</c> computed in decimal, rounded to cents.</summary>
    public static long Ratio(decimal a, decimal b, decimal c) => ToCents(a * b / c);

    /// <summary>
    /// <paramref name="cents"/> × <paramref name="factor"/>,
    /// rounded to cents: the exact value of a capped line (<c>line × cap / total</c>).
    /// </summary>
    public static long Scale(long cents, in Fraction factor)
    {
        // Fast path: the whole computation fits in 64 bits (the usual case once the fraction is reduced).
        if (factor.Small && Math.Abs(cents) < factor.MaxCents)
        {
            return DivideHalfEven(cents * (long)factor.Numerator, (long)factor.Denominator);
        }
        var product = (Int128)cents * factor.Numerator;
        var q = Int128.DivRem(product, factor.Denominator);
        var quotient = q.Quotient;
        var twice = Int128.Abs(q.Remainder) * 2;
        if (twice > factor.Denominator || (twice == factor.Denominator && (quotient & 1) != 0)) quotient += product < 0 ? -1 : 1;
        return (long)quotient;
    }

    /// <summary>Splits a decimal into a mantissa that fits 31 bits and its scale; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TrySplit(decimal value, out long mantissa, out int scale)
    {
        // Its four words in a local, not on a stackalloc: a method with a stackalloc is never inlined.
        var words = default(DecimalWords);
        Span<int> bits = words;
        decimal.GetBits(value, bits);
        scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || bits[1] != 0 || bits[0] < 0)
        {
            mantissa = 0;
            return false;
        }
        mantissa = bits[3] < 0 ? -(long)bits[0] : bits[0];
        return true;
    }

    /// <summary>A decimal's four words (<see cref="decimal.GetBits(decimal, Span{int})"/>) as a local.</summary>
    [InlineArray(4)]
    private struct DecimalWords
    {
        private int _word;
    }

    /// <summary>
    /// <paramref name="numerator"/> / 10^<paramref name="exponent"/>, rounded half to even. The
    /// usual exponents (a volume's and a percent's decimals together) divide by a constant,
    /// which the compiler turns into a multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long DivideByPowerOf10HalfEven(long numerator, int exponent) => exponent switch
    {
        0 => numerator,
        1 => RoundHalfEven(numerator / 10, numerator % 10, 10),
        2 => RoundHalfEven(numerator / 100, numerator % 100, 100),
        3 => RoundHalfEven(numerator / 1_000, numerator % 1_000, 1_000),
        4 => RoundHalfEven(numerator / 10_000, numerator % 10_000, 10_000),
        _ => DivideHalfEven(numerator, Pow10[exponent]),
    };

    /// <summary>
    /// <paramref name="numerator"/> / 10^<typeparamref name="TPower"/>, rounded half to even:
    /// the power a constant of each instantiation, so that the division is a multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long DivideHalfEven<TPower>(long numerator) where TPower : struct, IPowerOfTen =>
        TPower.Value == 1 ? numerator : RoundHalfEven(numerator / TPower.Value, numerator % TPower.Value, TPower.Value);

    internal static long DivideHalfEven(long numerator, long denominator)
    {
        if (denominator == 1) return numerator;
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        return RoundHalfEven(quotient, remainder, denominator);
    }

    /// <summary>A truncated quotient moved one away from zero when the remainder is over half, or exactly half and the quotient odd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundHalfEven(long quotient, long remainder, long denominator)
    {
        var twice = Math.Abs(remainder) * 2;
        if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) quotient += remainder < 0 ? -1 : 1;
        return quotient;
    }
}
