using System.Globalization;

namespace Arbor.Core.Compliance;

/// <summary>
/// Every text of the printable income disclosure statement, in one place. <see cref="English"/>
/// is Core's; the back office builds one per language from its resources (the texts with
/// <c>{0}</c>… are composite format strings, filled by <see cref="DisclosureHtml"/>) and
/// passes the culture its numbers and dates are written in.
/// </summary>
public sealed record DisclosureLabels
{
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>The page's <c>lang</c> attribute.</summary>
    public string Language { get; init; } = "en";

    /// <summary>{0} year.</summary>
    public string Title { get; init; } = "Income disclosure statement {0}";

    /// <summary>{0} company, {1} year, {2} participants, {3} first day, {4} last day, {5} currency.</summary>
    public string Intro { get; init; } = "{0}: what the {2} members who were participants in {1} actually earned from the company's compensation plan, from {3} to {4}. Amounts in {5}.";

    public string EarningsHeading { get; init; } = "Gross earnings by highest rank reached";
    public string ExpensesHeading { get; init; } = "Typical expenses and time as a participant";
    public string ParticipationHeading { get; init; } = "Months as a participant during the year";
    public string NotesHeading { get; init; } = "How to read this statement";

    public string Rank { get; init; } = "Highest rank reached";
    public string Participants { get; init; } = "Participants";
    public string ShareOfParticipants { get; init; } = "Share of participants";
    public string Median { get; init; } = "Median";
    public string Mean { get; init; } = "Mean";
    public string P10 { get; init; } = "10th percentile";
    public string P90 { get; init; } = "90th percentile";
    public string Minimum { get; init; } = "Minimum";
    public string Maximum { get; init; } = "Maximum";
    public string EarnedNothing { get; init; } = "Earned nothing";
    public string MonthsToRank { get; init; } = "Average months to rank";
    public string RetailProfit { get; init; } = "Of which retail profit (total)";
    public string TotalEarnings { get; init; } = "Total earnings";
    public string MedianPurchases { get; init; } = "Median own purchases";
    public string MeanPurchases { get; init; } = "Mean own purchases";
    public string EarnedLessThanPurchases { get; init; } = "Earned less than own purchases";
    public string MonthsParticipating { get; init; } = "Average months as a participant";
    public string Months { get; init; } = "Months";
    public string AllParticipants { get; init; } = "All participants";
    public string AtJoining { get; init; } = "at joining";
    public string NoOne { get; init; } = "—";

    /// <summary>{0} the counted periods, e.g. "2026-01 to 2026-12 (12 periods)".</summary>
    public string NoteGross { get; init; } = "All figures are gross earnings, before any expenses: everything the commission periods {0} paid each participant, clawbacks deducted, retail profit (the margin on the participant's own customers' payments) included and shown separately.";

    public string NoteZeroEarners { get; init; } = "Every participant is counted, including those who earned nothing: every member who was a participant on at least one day of the year (joined by 31 December, not terminated by 1 January). \"Earned nothing\" counts earnings of zero or less (clawbacks of earlier pay can make a year's earnings negative).";

    /// <summary>{0} whole-year participants, {1} participants, {2} joined during the year, {3} terminated during the year, {4} average months.</summary>
    public string NoteNotAnnualised { get; init; } = "Earnings are what each participant actually earned in the year; they are not annualised. {0} of the {1} participants were participants for the whole year; {2} joined and {3} were terminated during the year, and are shown with what they earned while they were participants (on average, participants were participants for {4} months of the year).";

    /// <summary>{0} median, {1} mean of the own purchases, {2} share that earned less than they bought.</summary>
    public string NoteExpenses { get; init; } = "Typical expenses: participants' own purchases of products in the year, at what they paid, net of their returns: median {0}, mean {1}. {2} of the participants earned less than they spent on their own purchases. Other costs of doing business (travel, events, marketing, tools) are not known to the company and are not included.";

    public string NoteRank { get; init; } = "Rank: the highest rank a participant had reached by 31 December; members who never reached a higher rank are in the first rank. Months to reach the rank: the average time from joining to first reaching it (days × 12 / 365.25).";

    public string NotePercentiles { get; init; } = "Median: half of the participants earned less, half more. 10th and 90th percentile: one in ten earned less than the first, one in ten more than the second (linear interpolation between the closest values, as Excel's PERCENTILE.INC).";

    /// <summary>{0} the periods ending in the year that are not closed.</summary>
    public string NoteOpenPeriods { get; init; } = "Not yet included: periods ending in this year that are not closed ({0}); their pay is not in these figures.";

    /// <summary>{0} the amount.</summary>
    public string NoteNonParticipants { get; init; } = "Payout lines of these periods of {0} went to members who were no longer participants (clawbacks of pay from earlier years); they are not in the figures above.";

    /// <summary>{0} count, {1} first period, {2} last period.</summary>
    public string PeriodRange { get; init; } = "{1} to {2} ({0} periods)";

    public static DisclosureLabels English { get; } = new();
}
