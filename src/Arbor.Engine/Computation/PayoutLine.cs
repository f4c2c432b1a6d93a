using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// One line of <c>payouts.csv</c>. Amounts are whole cents: every line is rounded to two
/// decimals, so cents hold it exactly and sum without rounding.
/// </summary>
public struct PayoutLine
{
    /// <summary>The amount after both caps, in cents.</summary>
    public long Cents;

    /// <summary>The amount as computed before caps, in cents.</summary>
    public long CentsBeforeCaps;

    /// <summary>The member paid.</summary>
    public int Payee;

    /// <summary>The order the line is computed from, or -1 for member-based bonuses.</summary>
    public int SourceOrder;

    /// <summary>The member whose order or result the line is computed from.</summary>
    public int SourceMember;

    /// <summary>The level or generation (stairstep overrides: 100 + generation).</summary>
    public int Level;

    /// <summary>The bonus type.</summary>
    public BonusType Bonus;

    /// <summary>The amount after caps as a decimal with two places.</summary>
    public readonly decimal Amount => Cents / 100m;
}

/// <summary>A growable array of payout lines; no per-line allocation.</summary>
internal sealed class PayoutLineStore
{
    private PayoutLine[] _items;

    public PayoutLineStore(int expected) => _items = new PayoutLine[Math.Max(1024, expected)];

    public int Count { get; private set; }

    public Span<PayoutLine> Items => _items.AsSpan(0, Count);

    /// <summary>The backing array; only the first <see cref="Count"/> entries are lines.</summary>
    public PayoutLine[] Storage => _items;

    public void Add(BonusType bonus, int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        if (cents == 0) return; // zero-amount lines are not written
        if (Count == _items.Length) Array.Resize(ref _items, (int)Math.Min(Array.MaxLength, _items.Length * 3L / 2));
        ref var line = ref _items[Count++];
        line.Bonus = bonus;
        line.Payee = payee;
        line.SourceOrder = sourceOrder;
        line.SourceMember = sourceMember;
        line.Level = level;
        line.Cents = cents;
        line.CentsBeforeCaps = cents;
    }

    public PayoutLine[] ToArray() => _items.AsSpan(0, Count).ToArray();
}

/// <summary>
/// The contract's one rounding rule, in one place: every line is computed exactly and then
/// rounded to 2 decimals, half to even. The integer paths below give the same result as
/// exact decimal arithmetic (they are exact); they exist because they are ten times faster.
/// </summary>
public static class Money
{
    private static readonly long[] Pow10 = [.. Enumerable.Range(0, 19).Select(i => (long)Math.Pow(10, i))];

    /// <summary>Rounds to 2 decimals, half to even, and returns whole cents.</summary>
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    /// <summary><c>percent</c> % of <paramref name="volume"/>, rounded to cents.</summary>
    public static long Percent(decimal volume, decimal percent)
    {
        // cents = volume × percent / 100 × 100 = volume × percent, exactly.
        if (TrySplit(volume, out var vm, out var vs) && TrySplit(percent, out var pm, out var ps) && vs + ps <= 18)
        {
            return DivideHalfEven(vm * pm, Pow10[vs + ps]);
        }
        return ToCents(volume * percent / 100m);
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
    private static bool TrySplit(decimal value, out long mantissa, out int scale)
    {
        Span<int> bits = stackalloc int[4];
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

    private static long DivideHalfEven(long numerator, long denominator)
    {
        if (denominator == 1) return numerator;
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        var twice = Math.Abs(remainder) * 2;
        if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) quotient += numerator < 0 ? -1 : 1;
        return quotient;
    }
}

/// <summary>An exact positive ratio of two decimals as integers: used to scale capped lines.</summary>
public readonly record struct Fraction(Int128 Numerator, Int128 Denominator)
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
