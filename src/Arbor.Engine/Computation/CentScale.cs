using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// A cap's fraction made ready to scale many lines: whether and below which amount the 64-bit
/// path holds is worked out once, not per line. The same results as <see cref="Money.Scale"/>.
/// </summary>
internal readonly struct CentScale(Fraction factor)
{
    private readonly Fraction _factor = factor;
    private readonly long _numerator = factor.Small ? (long)factor.Numerator : 0;
    private readonly long _denominator = factor.Small ? (long)factor.Denominator : 1;
    private readonly long _maxCents = factor.Small ? factor.MaxCents : 0; // 0: never the 64-bit path

    /// <summary><paramref name="cents"/> × the fraction, rounded to cents half to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Apply(long cents) =>
        Math.Abs(cents) < _maxCents ? Money.DivideHalfEven(cents * _numerator, _denominator) : Money.Scale(cents, _factor);
}
