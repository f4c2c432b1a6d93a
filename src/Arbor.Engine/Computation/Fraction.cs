namespace Arbor.Engine.Computation;

/// <summary>An exact positive ratio of two decimals as integers: used to scale capped lines.</summary>
internal readonly record struct Fraction(Int128 Numerator, Int128 Denominator)
{
    /// <summary>True when numerator and denominator fit in 63 bits.</summary>
    public bool Small => Numerator <= long.MaxValue && Numerator >= 0 && Denominator <= long.MaxValue;

    /// <summary>Below this many cents, cents × numerator fits in 63 bits.</summary>
    public long MaxCents => Numerator == 0 ? long.MaxValue : (long)(long.MaxValue / Numerator);

    /// <summary>The fraction <paramref name="numerator"/> / <paramref name="denominator"/> with both as integers.</summary>
    public static Fraction Of(decimal numerator, decimal denominator)
    {
        var (nm, ns) = Split(numerator);
        var (dm, ds) = Split(denominator);
        // (nm / 10^ns) / (dm / 10^ds) = nm × 10^ds / (dm × 10^ns)
        var numeratorValue = nm * Int128Pow10(ds);
        var denominatorValue = dm * Int128Pow10(ns);
        var gcd = Gcd(Int128.Abs(numeratorValue), Int128.Abs(denominatorValue));
        if (denominatorValue < 0) gcd = -gcd;
        return gcd == 0 ? new Fraction(numeratorValue, denominatorValue) : new Fraction(numeratorValue / gcd, denominatorValue / gcd);
    }

    /// <summary>The product of two fractions, reduced.</summary>
    public static Fraction Times(Fraction a, Fraction b)
    {
        var numerator = a.Numerator * b.Numerator;
        var denominator = a.Denominator * b.Denominator;
        var gcd = Gcd(Int128.Abs(numerator), Int128.Abs(denominator));
        if (denominator < 0) gcd = -gcd;
        return gcd == 0 ? new Fraction(numerator, denominator) : new Fraction(numerator / gcd, denominator / gcd);
    }

    private static Int128 Gcd(Int128 a, Int128 b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static (Int128 Mantissa, int Scale) Split(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 mantissa = unchecked((uint)bits[0]) | ((Int128)unchecked((uint)bits[1]) << 32) | ((Int128)unchecked((uint)bits[2]) << 64);
        return (bits[3] < 0 ? -mantissa : mantissa, (bits[3] >> 16) & 0xFF);
    }

    private static Int128 Int128Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }
}
