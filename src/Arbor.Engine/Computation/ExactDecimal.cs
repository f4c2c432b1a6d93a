using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// A decimal taken apart once into a mantissa of at most 31 bits and its scale (when it
/// fits), so that the many lines computed from one order's CV or one plan percent multiply
/// integers instead of decimals.
/// </summary>
internal readonly struct ExactDecimal
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ExactDecimal(decimal value)
    {
        Value = value;
        Fits = Money.TrySplit(value, out var mantissa, out var scale);
        Mantissa = mantissa;
        Scale = scale;
    }

    /// <summary>An amount of whole cents, without dividing a decimal by 100.</summary>
    public static ExactDecimal OfCents(long cents)
    {
        var magnitude = cents == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(cents);
        return new ExactDecimal(new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, cents < 0, 2));
    }

    public decimal Value { get; }
    public bool Fits { get; }
    public long Mantissa { get; }
    public int Scale { get; }
}
