using Arbor.Core.Compliance;
using Arbor.Engine.Plans;

namespace Arbor.Core.Simulation;

/// <summary>A figure over the runs: the median and the 10 % and 90 % points (nearest rank).</summary>
public sealed record Band(decimal Median, decimal Low, decimal High)
{
    public static Band Of(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Band(0, 0, 0);
        decimal At(decimal q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Band(At(0.5m), At(0.1m), At(0.9m));
    }
}

/// <summary>How one run's participants fared under one plan.</summary>
public sealed record RunOutcome(
    int Participants, decimal TotalEarnings, decimal P10, decimal P25, decimal Median, decimal P75, decimal P90, decimal P99,
    decimal Gini, decimal Top1Share, decimal Top10Share, decimal ShareNotCovering, decimal ShareEarnedNothing, IReadOnlyDictionary<string, int> Ranks)
{
    /// <summary>Everyone who ever joined, zero earners included (as an income disclosure counts them).</summary>
    public static RunOutcome Of(IReadOnlyList<Participant> people, int plan)
    {
        var earnings = people.Select(p => p.Earnings[plan]).Order().ToArray();
        var n = earnings.Length;
        var total = earnings.Sum();
        decimal At(decimal q) => n == 0 ? 0 : earnings[Math.Clamp((int)Math.Ceiling(q * n) - 1, 0, n - 1)];
        decimal TopShare(decimal fraction)
        {
            if (total <= 0) return 0;
            var k = Math.Max(1, (int)Math.Ceiling(fraction * n));
            return earnings.Skip(n - k).Sum() / total;
        }
        // Gini over the sorted earnings: Σ (2i − n − 1) xᵢ / (n Σ x), i from 1.
        decimal gini = 0;
        if (total > 0)
        {
            decimal sum = 0;
            for (var i = 0; i < n; i++) sum += (2 * (i + 1) - n - 1) * earnings[i];
            gini = sum / (n * total);
        }
        var notCovering = n == 0 ? 0 : (decimal)people.Count(p => p.Earnings[plan] < p.Purchases + p.Costs) / n;
        var nothing = n == 0 ? 0 : (decimal)people.Count(p => p.Earnings[plan] <= 0) / n;
        var ranks = people.GroupBy(p => p.HighestRank[plan]).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RunOutcome(n, total, At(0.1m), At(0.25m), At(0.5m), At(0.75m), At(0.9m), At(0.99m), gini, TopShare(0.01m), TopShare(0.1m), notCovering, nothing, ranks);
    }
}

/// <summary>One run, reduced to what the report needs (its participants are not kept): per plan its outcome, its last month's scorecard and its last whole year's income disclosure.</summary>
public sealed record RunSummary(int Seed, IReadOnlyList<MonthFigures> Months, IReadOnlyList<RunOutcome> Outcomes, int? MonthsToSaturation,
    IReadOnlyList<ScorecardReport> Scorecards, IReadOnlyList<IncomeDisclosure?> Disclosures);

/// <summary>A scorecard figure over the runs that computed one (the first), judged on its median by the real scorecard's bands.</summary>
public sealed record ScorecardBand(string Key, string Name, string Unit, Band? Value, int Runs, Verdict Verdict, string Bands);

/// <summary>A month over the runs: the population's bands and each plan's.</summary>
public sealed record MonthBands(int Month, DateOnly Start, Band Members, Band Joined, Band Left, Band Sales, Band RetailShare, IReadOnlyList<PlanMonthBands> Plans);

public sealed record PlanMonthBands(Band Active, Band Payout, Band PayoutRatio, IReadOnlyDictionary<string, Band> ByBonus);

/// <summary>A plan's outcome over the runs; its scorecard and income disclosure are the first run's (the report's seed).</summary>
public sealed record PlanOutcome(
    string Plan, Band TotalEarnings, Band Median, Band P90, Band P99, Band Gini, Band Top1Share, Band Top10Share, Band ShareNotCovering, Band ShareEarnedNothing,
    IReadOnlyDictionary<string, Band> Ranks, IReadOnlyList<ScorecardBand> Scorecard, IncomeDisclosure? Disclosure);

/// <summary>What a simulation found: per month and at the end, each figure as a band over the runs, per plan.</summary>
public sealed record SimulationReport(Scenario Scenario, IReadOnlyList<string> Plans, int Runs, int FirstSeed, IReadOnlyList<MonthBands> Months, IReadOnlyList<PlanOutcome> Outcomes, Band? MonthsToSaturation, int RunsSaturated);

/// <summary>
/// Many runs of <see cref="Simulator"/> with seeds <c>seed</c>, <c>seed + 1</c>, …, on all cores;
/// each run is reduced as soon as it ends, so memory holds a few runs' people at a time.
/// </summary>
public static class MonteCarlo
{
    /// <param name="parallelism">Runs at once: all cores when 0 (the CLI); fewer leave cores to a web server's requests.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (checked before each run's month).</exception>
    public static SimulationReport Run(Scenario scenario, IReadOnlyList<Plan> plans, int months, int runs, int seed, IProgress<(int Done, int Runs)>? progress = null,
        int parallelism = 0, CancellationToken ct = default)
    {
        var summaries = new RunSummary[runs];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount, CancellationToken = ct };
        Parallel.For(0, runs, options, r =>
        {
            // The scorecard and the income disclosure of the first run only: at 100,000 members each costs seconds.
            var run = new Simulator(scenario, plans).Run(months, seed + r, compliance: r == 0, ct);
            summaries[r] = new RunSummary(run.Seed, run.Months, [.. plans.Select((_, p) => RunOutcome.Of(run.Participants, p))], run.MonthsToSaturation(scenario.MarketSize),
                run.Scorecards, run.Disclosures);
            progress?.Report((Interlocked.Increment(ref done), runs));
        });
        return Reduce(scenario, plans, summaries);
    }

    public static SimulationReport Reduce(Scenario scenario, IReadOnlyList<Plan> plans, IReadOnlyList<RunSummary> runs)
    {
        var months = runs[0].Months.Count;
        var bonuses = Enum.GetValues<BonusType>();
        var monthBands = Enumerable.Range(0, months).Select(i =>
        {
            var at = runs.Select(r => r.Months[i]).ToList();
            return new MonthBands(i, at[0].Start, Band.Of(at.Select(m => (decimal)m.Members)), Band.Of(at.Select(m => (decimal)m.Joined)), Band.Of(at.Select(m => (decimal)m.Left)),
                Band.Of(at.Select(m => m.Sales)), Band.Of(at.Select(m => m.RetailShare)),
                [.. plans.Select((plan, p) => new PlanMonthBands(
                    Band.Of(at.Select(m => (decimal)m.Plans[p].Active)), Band.Of(at.Select(m => m.Plans[p].Payout)), Band.Of(at.Select(m => m.Plans[p].PayoutRatio(m.TotalCv))),
                    bonuses.Where(b => plan.Bonuses.Any(x => x.Type == b))
                        .ToDictionary(b => BonusNames.Of(b), b => Band.Of(at.Select(m => (int)b < m.Plans[p].ByBonusCents.Count ? m.Plans[p].ByBonusCents[(int)b] / 100m : 0m)), StringComparer.Ordinal)))]);
        }).ToList();
        var outcomes = plans.Select((plan, p) =>
        {
            var o = runs.Select(r => r.Outcomes[p]).ToList();
            return new PlanOutcome(plan.Name, Band.Of(o.Select(x => x.TotalEarnings)), Band.Of(o.Select(x => x.Median)), Band.Of(o.Select(x => x.P90)), Band.Of(o.Select(x => x.P99)),
                Band.Of(o.Select(x => x.Gini)), Band.Of(o.Select(x => x.Top1Share)), Band.Of(o.Select(x => x.Top10Share)),
                Band.Of(o.Select(x => x.ShareNotCovering)), Band.Of(o.Select(x => x.ShareEarnedNothing)),
                plan.Ranks.ToDictionary(r => r.Name, r => Band.Of(o.Select(x => (decimal)(x.Ranks.TryGetValue(r.Name, out var c) ? c : 0))), StringComparer.Ordinal),
                Scorecard(runs.Where(r => r.Scorecards.Count > p).Select(r => r.Scorecards[p]).ToList()), runs[0].Disclosures.Count > p ? runs[0].Disclosures[p] : null);
        }).ToList();
        var saturated = runs.Where(r => r.MonthsToSaturation is not null).ToList();
        return new SimulationReport(scenario, [.. plans.Select(p => p.Name)], runs.Count, runs[0].Seed, monthBands, outcomes,
            saturated.Count == 0 ? null : Band.Of(saturated.Select(r => (decimal)r.MonthsToSaturation!.Value)), saturated.Count);
    }

    // Each figure's values over the runs (a figure with no value in a run, such as a share of nothing, is left out of its band).
    private static List<ScorecardBand> Scorecard(IReadOnlyList<ScorecardReport> reports) =>
        reports.Count == 0 ? [] : [.. reports[0].Figures.Select(f =>
        {
            var values = reports.Select(r => r[f.Key].Value).Where(v => v is not null).Select(v => v!.Value).ToList();
            var band = values.Count == 0 ? null : Band.Of(values);
            return new ScorecardBand(f.Key, f.Name, f.Unit, band, values.Count, f.Bands.Judge(band?.Median), f.Bands.Describe(f.Unit));
        })];
}
