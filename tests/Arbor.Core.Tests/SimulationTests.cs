using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Arbor.Core.Simulation;
using Arbor.Engine;
using Arbor.Engine.Plans;

namespace Arbor.Core.Tests;

/// <summary>The plan simulator against closed forms: exponential growth, saturation, the random recursive tree; and its determinism.</summary>
public class SimulationTests
{
    private static readonly Plan Plan = PlanReader.Parse(PeriodTests.Plan, "plan.yaml");

    /// <summary>No dropout, everyone recruits, no market limit: the growth alone.</summary>
    private static readonly Scenario Growth = new()
    {
        MarketSize = 0, SeedMembers = 50, RecruiterShare = 1, RecruitsPerMonth = 0.2, DropoutFirstYear = 0, DropoutLater = 0,
        CustomersPerMember = 1, Products = [new SimProduct("SHAKE", 40m, 30m, 25m, 20m)],
    };

    [Fact]
    public void Without_dropout_and_at_a_constant_rate_the_members_grow_as_the_expected_exponential()
    {
        // Each member recruits Poisson(0.2) a month from the month it joined on: E[N after month t] = 50 × 1.2^(t + 1).
        var report = MonteCarlo.Run(Growth, [Plan], months: 12, runs: 20, seed: 7);
        foreach (var month in report.Months)
        {
            var expected = 50m * Pow(1.2m, month.Month + 1);
            Assert.True(month.Members.Low <= expected && expected <= month.Members.High,
                $"month {month.Month}: expected {expected:0.0}, 10–90 % band {month.Members.Low}–{month.Members.High}");
        }
        var last = report.Months[^1].Members;
        Assert.InRange(last.Median, 50m * Pow(1.2m, 12) * 0.9m, 50m * Pow(1.2m, 12) * 1.1m);
    }

    [Fact]
    public void With_a_finite_market_the_growth_saturates_at_the_market()
    {
        var scenario = Growth with { MarketSize = 2_000, SeedMembers = 20, RecruitsPerMonth = 0.5 };
        var run = new Simulator(scenario, [Plan]).Run(months: 36, seed: 3);
        Assert.All(run.Months, m => Assert.True(m.EverJoined <= 2_000));
        // Early on it grows almost as freely (×1.5 a month); then recruiting dries up as the market is used up.
        Assert.InRange(run.Months[3].EverJoined, 20 * 3, 20 * 8);
        Assert.True(run.Months[^1].EverJoined >= 1_950, $"{run.Months[^1].EverJoined} joined");
        Assert.True(run.Months.TakeLast(6).Sum(m => m.Joined) <= 50, "the last six months still recruit " + run.Months.TakeLast(6).Sum(m => m.Joined));
        Assert.NotNull(run.MonthsToSaturation(2_000));
        Assert.True(run.MonthsToSaturation(2_000) < 36);
    }

    [Fact]
    public void With_uniform_random_sponsoring_about_half_of_the_members_recruit_nobody_as_in_a_random_recursive_tree()
    {
        // A random recursive tree's leaves tend to one half. Here members join in monthly batches at rate r = 0.08
        // and recruit from their next month: the share is Σ q^a e^(−ra) / Σ q^a = (1 − q) / (1 − q e^(−r)), q = 1 / (1 + r): 0.510.
        var scenario = Growth with { Sponsoring = Sponsoring.Uniform, SeedMembers = 10, RecruitsPerMonth = 0.08 };
        var run = new Simulator(scenario, [Plan]).Run(months: 75, seed: 11);
        var share = (double)run.Participants.Count(p => p.Recruits == 0) / run.Participants.Count;
        var q = 1 / 1.08;
        var expected = (1 - q) / (1 - q * Math.Exp(-0.08));
        Assert.True(run.Participants.Count > 2_000, $"{run.Participants.Count} members");
        Assert.InRange(share, expected - 0.03, expected + 0.03);
        Assert.InRange(share, 0.46, 0.54);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        var scenario = new Scenario { MarketSize = 3_000, SeedMembers = 20 };
        string Json(int seed) => JsonSerializer.Serialize(new Simulator(scenario, [Plan]).Run(12, seed));
        Assert.Equal(Json(5), Json(5));
        Assert.NotEqual(Json(5), Json(6));
    }

    [Fact]
    public void Every_participant_counts_zero_earners_included_and_the_costs_are_the_scenarios()
    {
        var scenario = new Scenario { MarketSize = 3_000, SeedMembers = 20, StarterKit = 100m, MonthlyFee = 10m, EventsPerYear = 120m };
        var run = new Simulator(scenario, [Plan]).Run(6, seed: 2);
        var outcome = RunOutcome.Of(run.Participants, 0);
        Assert.Equal(run.Months[^1].EverJoined, outcome.Participants);
        Assert.Equal(run.Participants.Sum(p => p.Earnings[0]), outcome.TotalEarnings);
        // Earnings are the company's payout plus the retail profit on the members' own customers' orders.
        Assert.Equal(run.Months.Sum(m => m.Plans[0].Payout + m.Plans[0].ByBonusCents[(int)BonusType.RetailProfit] / 100m), outcome.TotalEarnings);
        // A seed member present all six months: no kit (it was there before), six months of 10 + 120 / 12.
        Assert.Equal(6 * 20m, run.Participants[1].Costs);
        // One who joined later paid its kit and a month's fee and events for each month from its joining month.
        var late = run.Participants.First(p => p.Joined == 3 && p.Left is null);
        Assert.Equal(100m + 3 * 20m, late.Costs);
        Assert.InRange(outcome.Gini, 0m, 1m);
        Assert.True(outcome.Top10Share >= 0.1m && outcome.Top10Share <= 1m);
    }

    [Fact]
    public void The_simulated_company_gets_the_real_scorecard_and_income_disclosure_and_their_figures_are_the_runs()
    {
        // Fourteen months from 2027-01: the whole of 2027 is disclosed; the scorecard is February 2028's.
        var scenario = new Scenario { MarketSize = 4_000, SeedMembers = 30 };
        var run = new Simulator(scenario, [Plan]).Run(14, seed: 4);
        var disclosure = run.Disclosures.Single()!;
        Assert.Equal(2027, disclosure.Year);
        // Everyone who took part in 2027: who joined by its end and had not left before it began (nobody can have).
        var in2027 = run.Participants.Count(p => p.Joined < 12);
        Assert.Equal(in2027, disclosure.Totals.Members);
        // Its earnings are the year's months' payout and retail profit.
        var paid2027 = run.Months.Take(12).Sum(m => m.Plans[0].Payout + m.Plans[0].ByBonusCents[(int)BonusType.RetailProfit] / 100m);
        Assert.Equal(paid2027, disclosure.Totals.Earnings);

        var scorecard = run.Scorecards.Single();
        var last = run.Months[^1];
        // The payout ratio is the month's company-paid rewards over its CV; the customers' volume is the retail CV's share.
        Assert.Equal(last.Plans[0].Payout / last.TotalCv, scorecard[Arbor.Core.Compliance.Scorecard.PayoutRatio].Value);
        Assert.Equal(last.RetailPv > 0, scorecard[Arbor.Core.Compliance.Scorecard.NonParticipantVolume].Value > 0);
        Assert.Equal(Arbor.Core.Compliance.Scorecard.Keys, scorecard.Figures.Select(f => f.Key));
    }

    [Fact]
    public void A_scenario_file_changes_the_defaults_and_a_bad_value_names_its_line_and_column()
    {
        var s = ScenarioReader.Parse("market_size: 5000\nrecruiter_share: 0.25\nstart: 2028-03\nproducts:\n  - { sku: A, retail: 10, member: 8, pv: 5, cv: 4 }\n", "s.yaml");
        Assert.Equal((5_000, 0.25, new DateOnly(2028, 3, 1), "A"), (s.MarketSize, s.RecruiterShare, s.Start, s.Products.Single().Sku));
        Assert.Equal(new Scenario().SeedMembers, s.SeedMembers);
        var e = Assert.Throws<InputException>(() => ScenarioReader.Parse("market_size: 5000\nrecruiter_share: 1.5\ncolour: blue\n", "s.yaml"));
        Assert.Equal(["s.yaml:2:18: recruiter_share: a number from 0 to 1, not 1.5", "s.yaml:3:9: colour: unknown setting 'colour'"], e.Errors.Select(x => x.ToString()));
        Assert.Throws<InputException>(() => ScenarioReader.Parse("market_size: [1", "s.yaml"));
    }

    [Fact]
    public void A_number_written_with_an_exponent_is_written_plainly_with_the_same_digits()
    {
        // The property test below found it: a recruiter share of 2.3E-05 was written as "2.3E-05", which the reader refuses.
        Assert.Equal("0.000023", ScenarioReader.Plain("2.3E-05"));
        Assert.Equal("-1.5", ScenarioReader.Plain("-1.5"));
        Assert.Equal("-0.0000012345", ScenarioReader.Plain("-1.2345E-06"));
        Assert.Equal("120000000000000000000", ScenarioReader.Plain("1.2E+20"));
        Assert.Equal("12345.6", ScenarioReader.Plain("1.23456E+04"));
        foreach (var d in new[] { 2.3e-05, 1e-9, 0.1 + 0.2, 9.87654321e-7, 3e15 })
        {
            var text = ScenarioReader.Plain(d.ToString("R", CultureInfo.InvariantCulture));
            Assert.DoesNotContain("E", text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(d, double.Parse(text, CultureInfo.InvariantCulture));
        }
        var scenario = ScenarioReader.Parse(ScenarioReader.Write(new Scenario { RecruiterShare = 2.3e-05 }), "s.yaml");
        Assert.Equal(2.3e-05, scenario.RecruiterShare);
    }

    [Fact]
    public void A_written_scenario_reads_back_as_the_same_scenario()
    {
        // The page prefills its form with Write(defaults); whatever Write prints must parse back to the very same settings.
        var chance = Gen.Choose(0, 1_000_000).Select(n => n / 1_000_000.0);
        var money = Gen.Choose(0, 1_000_000).Select(n => n / 100m);
        var products = Gen.Elements("SHAKE", "TEA", "it's", "A-1").SelectMany(sku => money.Select(m => new SimProduct(sku, m + 1m, m, decimal.Round(m / 2m, 2), decimal.Round(m / 3m, 2)))).NonEmptyListOf();
        var scenarios =
            from market in Gen.Choose(0, 10_000_000)
            from share in chance
            from rate in chance
            from dropout in chance
            from fee in money
            from month in Gen.Choose(0, 500)
            from uniform in Gen.Elements(true, false)
            from list in products
            select new Scenario
            {
                MarketSize = market, RecruiterShare = share, RecruitsPerMonth = rate * 3, DropoutFirstYear = dropout, MonthlyFee = fee,
                Sponsoring = uniform ? Sponsoring.Uniform : Sponsoring.Propensity, Start = new DateOnly(2020, 1, 1).AddMonths(month), Products = list.ToList(),
            };
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var back = ScenarioReader.Parse(ScenarioReader.Write(s), "s.yaml");
            Assert.Equal(s with { Products = [] }, back with { Products = [] });
            Assert.Equal(s.Products, back.Products);
        }));
        Assert.Equal(new Scenario() with { Products = [] }, ScenarioReader.Parse(ScenarioReader.Write(new Scenario()), "s.yaml") with { Products = [] });
    }

    [Theory]
    [InlineData(0, 10, "months: 1 to 120, not 0")]
    [InlineData(121, 10, "months: 1 to 120, not 121")]
    [InlineData(12, 0, "runs: 1 to 1,000, not 0")]
    [InlineData(12, 1_001, "runs: 1 to 1,000, not 1001")]
    [InlineData(120, 1_000, null)]
    [InlineData(1, 1, null)]
    public void Months_and_runs_are_refused_outside_their_range(int months, int runs, string? refusal) =>
        Assert.Equal(refusal, SimulationLimits.Check(months, runs)?.Message);

    private static decimal Pow(decimal x, int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= x;
        return r;
    }
}
