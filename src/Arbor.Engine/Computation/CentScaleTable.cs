using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// A <see cref="CentScale"/> for every line of a period (the payout cap): the results for
/// amounts of 0 to <see cref="Size"/> − 1 cents, which most lines are, are worked out once and
/// looked up, so that a line costs a load instead of a 64-bit division. The same results.
/// </summary>
internal sealed class CentScaleTable
{
    /// <summary>Amounts below this many cents are looked up.</summary>
    public const int Size = 1 << 16;

    private readonly CentScale _scale;
    private readonly long[] _table = new long[Size];

    public CentScaleTable(CentScale scale)
    {
        _scale = scale;
        for (var cents = 0; cents < Size; cents++) _table[cents] = scale.Apply(cents);
    }

    /// <inheritdoc cref="CentScale.Apply"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Apply(long cents) => unchecked((ulong)cents) < Size ? _table[cents] : _scale.Apply(cents);
}
