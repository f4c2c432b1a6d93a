using Arbor.Core.Compliance;
using Arbor.Engine.Plans;

namespace Arbor.Core.Simulation;

/// <summary>One simulated month of one run: the population (the same for every plan: members who have not left, who joined, who left) and each plan's pay.</summary>
public sealed record MonthFigures(
    int Month, DateOnly Start, int Members, int Joined, int Left, int EverJoined,
    decimal Sales, decimal RetailSales, decimal RetailPv, decimal TotalPv, decimal TotalCv,
    IReadOnlyList<PlanMonth> Plans)
{
    /// <summary>The share of the month's PV that customers bought (0 to 1; 0 without volume).</summary>
    public decimal RetailShare => TotalPv > 0 ? RetailPv / TotalPv : 0m;
}

/// <summary>A plan's month: its active members (by its own rule), its payout in total and per bonus (cents, by <see cref="BonusType"/>), how many were paid.</summary>
public sealed record PlanMonth(decimal Payout, IReadOnlyList<long> ByBonusCents, int Active, int PaidMembers)
{
    /// <summary>The payout over the month's CV, as the plan's <c>payout_percent</c> cap and the scorecard count it (0 without CV).</summary>
    public decimal PayoutRatio(decimal cv) => cv > 0 ? Payout / cv : 0m;
}

/// <summary>One participant at the end of a run: what it earned under each plan, what it bought and spent.</summary>
public sealed record Participant(int Joined, int? Left, int Recruits, decimal Purchases, decimal Costs, IReadOnlyList<decimal> Earnings, IReadOnlyList<string> HighestRank);

/// <summary>
/// A whole run: its seed, its months, everyone who ever joined, and per plan the compliance
/// scorecard of its last month and the income disclosure of its last whole calendar year (null
/// when it covers none), computed by the code that serves a real company.
/// </summary>
public sealed record SimulationRun(int Seed, IReadOnlyList<MonthFigures> Months, IReadOnlyList<Participant> Participants,
    IReadOnlyList<ScorecardReport> Scorecards, IReadOnlyList<IncomeDisclosure?> Disclosures)
{
    /// <summary>The first month in which the people who ever joined reached 90 % of the market; null if they never did (or the market has no limit).</summary>
    public int? MonthsToSaturation(int marketSize) =>
        marketSize <= 0 ? null : Months.FirstOrDefault(m => m.EverJoined >= 0.9m * marketSize) is { } m ? m.Month + 1 : null;
}
