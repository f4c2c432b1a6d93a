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
