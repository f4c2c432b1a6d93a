namespace Arbor.Engine.Computation;

/// <summary>
/// The contract's rounding rule for money (compensation-plan.md section 5): an amount is
/// computed exactly in decimal and then rounded once to 2 decimals, half to even. Every payout
/// line of the engine is rounded so; code outside the engine that derives an amount from
/// them (a clawback's share of a line) rounds with this, so that both round alike.
/// </summary>
public static class Rounding
{
    /// <summary>
    /// <paramref name="amount"/> rounded to 2 decimals, half to even, as whole cents:
    /// 0.125 gives 12, 0.135 gives 14, −0.125 gives −12.
    /// </summary>
    /// <exception cref="OverflowException">The amount in cents does not fit a <see cref="long"/>.</exception>
    public static long ToCents(decimal amount) => Money.ToCents(amount);
}
