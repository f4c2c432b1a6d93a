namespace Arbor.Core.Compliance;

/// <summary>A member as the compliance computations see it.</summary>
/// <param name="Path">The sponsor path (ids from the root down to the member, each followed by '/').</param>
/// <param name="PlacementPath">The placement path, when the company has a placement tree.</param>
/// <param name="TerminatedOn">When the member was terminated (termination is final); null while it is not.</param>
/// <param name="Rank">Its paid-as rank in the period, as the close stored it; null when the close did not rank it.</param>
public sealed record FactMember(long Id, string Handle, string Name, string Path, string? PlacementPath, DateOnly JoinedOn, DateOnly? TerminatedOn, string? Rank)
{
    /// <summary>
    /// A participant on at least one day of the period: joined on or before its last day, and not terminated
    /// on or before its first day (a termination takes effect on its day; terminated on the day it joined, it never was one).
    /// The income disclosure counts a year's participants by the same rule.
    /// </summary>
    public bool ParticipantIn(DateOnly from, DateOnly to) => JoinedOn <= to && (TerminatedOn is not { } t || (t > from && t > JoinedOn));

    /// <summary>A participant on one day: joined by then and not terminated on or before it.</summary>
    public bool ParticipantOn(DateOnly day) => JoinedOn <= day && (TerminatedOn is null || TerminatedOn > day);
}

/// <summary>An order dated in the period.</summary>
/// <param name="Paid">What was paid for it: the sum of its lines at their unit price (negative for a return).</param>
/// <param name="OriginalKind">Returns: the kind of the returned order; null when it is not stored.</param>
public sealed record FactOrder(long Id, long MemberId, string Kind, long? CustomerId, decimal Pv, decimal Cv, decimal Paid, string? OriginalKind = null);

/// <summary>A stored payout line of the period.</summary>
/// <param name="Category">The bonus whose category the line counts in: its own, or for a clawback the bonus of the line it reverses.</param>
/// <param name="SourceKind">Order-based lines (and their clawbacks): the kind of the order the line was paid on, a return counting as the order it returns; <c>unknown</c> when that order is not stored; null for member-based lines.</param>
public sealed record FactLine(long Id, long PayeeId, string Bonus, decimal Amount, long SourceMemberId, string Category, string? SourceKind);

/// <summary>
/// Everything the compliance computations read about one closed period, loaded by
/// <see cref="PeriodFactsLoader"/> or built by hand in a test: plain data, no database.
/// </summary>
/// <param name="Ranks">The period's plan's rank names, lowest first.</param>
/// <param name="TotalCv">The period's CV as the close stored it.</param>
/// <param name="FirstOrders">The period's personal orders that are their member's first personal order ever.</param>
public sealed record PeriodFacts(
    string Period, DateOnly From, DateOnly To, decimal TotalCv, IReadOnlyList<string> Ranks,
    IReadOnlyList<FactMember> Members, IReadOnlyList<FactOrder> Orders, IReadOnlyList<FactLine> Lines, IReadOnlySet<long> FirstOrders);

/// <summary>The bonus categories of the shared definitions.</summary>
public static class BonusCategories
{
    /// <summary>Rewards tied to recruiting: <c>fast_start</c> and <c>rank_advancement</c>; every other bonus is tied to sales.</summary>
    public static bool IsRecruitingTied(string bonus) => bonus is "fast_start" or "rank_advancement";

    /// <summary>Retail profit is earned by selling, not paid by the company: it is not part of the company's rewards.</summary>
    public static bool IsCompanyPaid(string bonus) => bonus != "retail_profit";
}
