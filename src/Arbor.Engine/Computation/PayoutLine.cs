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
    private PayoutLine[] _items = new PayoutLine[1024];

    public int Count { get; private set; }

    public Span<PayoutLine> Items => _items.AsSpan(0, Count);

    public void Add(BonusType bonus, int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        if (cents == 0) return; // zero-amount lines are not written
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
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

/// <summary>The contract's one rounding rule, in one place.</summary>
public static class Money
{
    /// <summary>Rounds to 2 decimals, half to even, and returns whole cents.</summary>
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    /// <summary><c>percent</c> % of <paramref name="volume"/>, rounded to cents.</summary>
    public static long Percent(decimal volume, decimal percent) => ToCents(volume * percent / 100m);

    /// <summary><c>(a × b) / c</c> computed in decimal, rounded to cents.</summary>
    public static long Ratio(decimal a, decimal b, decimal c) => ToCents(a * b / c);
}
