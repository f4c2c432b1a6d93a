using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>
/// A line of <c>payouts.csv</c> (contract section 2): who is paid, for which bonus, on which
/// order (null for member-based bonuses) and member, at which level, how much.
/// </summary>
internal sealed record Line(string PayeeId, BonusType Bonus, string? SourceOrderId, string SourceMemberId, int Level, decimal Amount)
{
    /// <summary>
    /// Section 5: every line is computed exactly in decimal, then rounded to 2 decimals, half to even.
    /// </summary>
    public static decimal Round(decimal exact) => Math.Round(exact, 2, MidpointRounding.ToEven);

    /// <summary><paramref name="percent"/> % of <paramref name="volume"/>, rounded.</summary>
    public static decimal Percent(decimal volume, decimal percent) => Round(volume * percent / 100m);

    /// <summary>A line of an order-based bonus: its source is the order and the order's member.</summary>
    public static Line OnOrder(string payee, BonusType bonus, Order order, int level, decimal amount) =>
        new(payee, bonus, order.Id, order.MemberId, level, amount);

    /// <summary>A line of a member-based bonus: no source order.</summary>
    public static Line OnMember(string payee, BonusType bonus, string sourceMember, int level, decimal amount) =>
        new(payee, bonus, null, sourceMember, level, amount);
}
