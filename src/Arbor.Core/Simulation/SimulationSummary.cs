using Arbor.Core.Compliance;

namespace Arbor.Core.Simulation;

/// <summary>
/// What a simulation's list and page show before anyone opens its report: the members at the end,
/// and per plan how its participants fared and how many scorecard figures are green, amber or red.
/// </summary>
public sealed record SimulationSummary(Band Members, Band? MonthsToSaturation, int RunsSaturated, IReadOnlyList<PlanSummary> Plans)
{
    public static SimulationSummary Of(SimulationReport r) => new(r.Months[^1].Members, r.MonthsToSaturation, r.RunsSaturated,
        [.. r.Outcomes.Select((o, p) => new PlanSummary(o.Plan, o.TotalEarnings, o.Median, o.P90, o.Top10Share, o.Gini, o.ShareNotCovering, o.ShareEarnedNothing,
            r.Months[^1].Plans[p].PayoutRatio,
            o.Scorecard.Count(f => f.Verdict == Verdict.Green), o.Scorecard.Count(f => f.Verdict == Verdict.Amber), o.Scorecard.Count(f => f.Verdict == Verdict.Red)))]);
}

/// <summary>A plan's line of <see cref="SimulationSummary"/>: earnings of everyone who ever joined, the last month's payout ratio, the scorecard's verdicts.</summary>
public sealed record PlanSummary(string Plan, Band TotalEarnings, Band Median, Band P90, Band Top10Share, Band Gini, Band ShareNotCovering, Band ShareEarnedNothing,
    Band LastPayoutRatio, int Green, int Amber, int Red);

/// <summary>The sizes a simulation accepts, the same in the CLI and the back office.</summary>
public static class SimulationLimits
{
    public const int MaxMonths = 120, MaxRuns = 1_000;

    /// <summary>Why <paramref name="months"/> or <paramref name="runs"/> is refused; null when both are in range.</summary>
    public static Problem? Check(int months, int runs) =>
        months is < 1 or > MaxMonths ? new Problem("months", $"months: 1 to {MaxMonths}, not {months}")
        : runs is < 1 or > MaxRuns ? new Problem("runs", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"runs: 1 to {MaxRuns:N0}, not {runs}"))
        : null;
}
