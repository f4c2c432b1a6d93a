namespace Arbor.Core.Compliance;

/// <summary>
/// A company's income disclosure statement for one calendar year (docs/compliance-disclosure.md):
/// every member who was a participant during the year, zero earners included, grouped by the
/// highest rank reached by the year's last day, with the actual (not annualised) gross earnings
/// the closed periods ending in the year paid them. Amounts are exact; round them (half to even,
/// to cents) only to show them. Shares are fractions (0.25 is 25 %).
/// </summary>
/// <param name="Year">The calendar year.</param>
/// <param name="From">The first day of the first commission period that ends in the year (1 January for months; the Monday of the first ISO week ending in the year for weeks).</param>
/// <param name="To">The last day of the last period that ends in the year (31 December for months).</param>
/// <param name="Periods">The closed periods counted (those ending in the year), oldest first.</param>
/// <param name="OpenPeriods">Periods ending in the year that are not closed: their pay is not in the figures (a year still running, or periods never closed). Periods that start before the first plan version are not listed: they cannot be closed.</param>
/// <param name="Ranks">One row per rank of the plan in force on 31 December, lowest first; ranks nobody reached have 0 members.</param>
/// <param name="Totals">All participants together.</param>
/// <param name="Participation">How long the participants were participants during the year.</param>
/// <param name="NonParticipantEarnings">Payout lines of the counted periods paid to members who were no participants of the year (terminated before it: clawbacks of earlier pay); with <see cref="DisclosureFigures.Earnings"/> of the totals it adds up to every stored line of the periods.</param>
public sealed record IncomeDisclosure(
    int Year,
    string Company,
    string Currency,
    string PeriodKind,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<string> Periods,
    IReadOnlyList<string> OpenPeriods,
    IReadOnlyList<DisclosureRank> Ranks,
    DisclosureFigures Totals,
    DisclosureParticipation Participation,
    decimal NonParticipantEarnings);

/// <summary>One rank's row: the participants whose highest rank reached by 31 December is this one.</summary>
/// <param name="Order">0 for the plan's first (lowest) rank.</param>
/// <param name="AverageMonthsToRank">Mean of (reached_on − joined_on) in days × 12 / 365.25 over the rank's participants; null for a rank nobody in the row has a reached date for (the plan's first rank is held from joining).</param>
public sealed record DisclosureRank(int Order, string Rank, DisclosureFigures Figures, decimal? AverageMonthsToRank);

/// <summary>The figures of a group of participants (a rank, or all).</summary>
/// <param name="Members">How many participants.</param>
/// <param name="Share">Members over all participants (0 when there are none).</param>
/// <param name="Earnings">Their earnings in the year, summed: every payout line of the counted periods, clawbacks and retail profit included.</param>
/// <param name="RetailProfit">The part of <see cref="Earnings"/> that is retail profit (the margin on their customers' payments, which the company does not pay).</param>
/// <param name="Distribution">Mean, percentiles, minimum and maximum of one participant's earnings; null when the group is empty.</param>
/// <param name="EarnedNothing">Participants whose earnings are exactly 0.</param>
/// <param name="EarnedLessThanNothing">Participants whose earnings are negative (clawbacks of earlier years' pay exceed this year's).</param>
/// <param name="ShareEarnedNothing">(EarnedNothing + EarnedLessThanNothing) / Members: the share that earned nothing (earnings ≤ 0); 0 when empty.</param>
/// <param name="Purchases">Their own purchases in the year (personal orders at what was paid, net of their returns): the typical expenses.</param>
/// <param name="EarnedLessThanPurchases">Participants whose earnings were below their own purchases.</param>
/// <param name="ShareEarnedLessThanPurchases">EarnedLessThanPurchases / Members; 0 when empty.</param>
/// <param name="AverageMonthsParticipating">Mean months each was a participant during the year (days × 12 / days in the year); 0 when empty.</param>
public sealed record DisclosureFigures(
    int Members,
    decimal Share,
    decimal Earnings,
    decimal RetailProfit,
    Distribution? Distribution,
    int EarnedNothing,
    int EarnedLessThanNothing,
    decimal ShareEarnedNothing,
    Distribution? Purchases,
    int EarnedLessThanPurchases,
    decimal ShareEarnedLessThanPurchases,
    decimal AverageMonthsParticipating);

/// <summary>Summary statistics of one amount per participant, exact in decimal. Percentiles by linear interpolation between closest ranks (Excel's PERCENTILE.INC): see <see cref="IncomeDisclosureCalculator.Percentile"/>.</summary>
public sealed record Distribution(decimal Total, decimal Mean, decimal P10, decimal Median, decimal P90, decimal Minimum, decimal Maximum);

/// <summary>How long the participants were participants during the year.</summary>
/// <param name="WholeYear">Participants from 1 January to 31 December.</param>
/// <param name="JoinedDuringYear">Participants who joined after 1 January.</param>
/// <param name="TerminatedDuringYear">Participants terminated during the year (from the day of termination on, a member is no participant).</param>
/// <param name="ByMonths">How many participants were participants for 1, 2, … 12 months (months rounded up: a member who joined on 15 December counts as 1).</param>
public sealed record DisclosureParticipation(int WholeYear, int JoinedDuringYear, int TerminatedDuringYear, IReadOnlyList<int> ByMonths);
