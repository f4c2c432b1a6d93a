using Arbor.Core.Catalog;
using Arbor.Core.Compliance;
using Arbor.Core.Customers;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Periods;
using Arbor.Core.Setup;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using static Arbor.Core.Tests.PeriodTests;

namespace Arbor.Core.Tests;

public class ComplianceScorecardTests
{
    [Theory]
    // Higher is better: green at or above, red below the red line, amber between.
    [InlineData(Scorecard.RetailRewardsShare, "0.6666666666666666666666666667", Verdict.Green)] // 2/3 as decimal rounds up: green
    [InlineData(Scorecard.RetailRewardsShare, "0.6666", Verdict.Amber)]
    [InlineData(Scorecard.RetailRewardsShare, "0.5", Verdict.Amber)]
    [InlineData(Scorecard.RetailRewardsShare, "0.4999", Verdict.Red)]
    [InlineData(Scorecard.NonParticipantVolume, "0.5", Verdict.Amber)]   // Vemma: more than half, strictly
    [InlineData(Scorecard.NonParticipantVolume, "0.5001", Verdict.Green)]
    [InlineData(Scorecard.NonParticipantVolume, "0.3", Verdict.Amber)]
    [InlineData(Scorecard.NonParticipantVolume, "0.2999", Verdict.Red)]
    [InlineData(Scorecard.Retention, "0.5", Verdict.Green)]
    [InlineData(Scorecard.Retention, "0.2999", Verdict.Red)]
    // Lower is better: green at or below, red above the red line.
    [InlineData(Scorecard.PayoutRatio, "0.5", Verdict.Green)]
    [InlineData(Scorecard.PayoutRatio, "0.5001", Verdict.Amber)]
    [InlineData(Scorecard.PayoutRatio, "0.6", Verdict.Amber)]
    [InlineData(Scorecard.PayoutRatio, "0.6001", Verdict.Red)]
    [InlineData(Scorecard.RecruitingShare, "0.25", Verdict.Green)]
    [InlineData(Scorecard.RecruitingShare, "0.5001", Verdict.Red)]
    [InlineData(Scorecard.NetLossShare, "0.5", Verdict.Amber)]
    [InlineData(Scorecard.NetLossShare, "0.5001", Verdict.Red)]
    [InlineData(Scorecard.Churn, "0.7", Verdict.Amber)]
    [InlineData(Scorecard.Churn, "0.7001", Verdict.Red)]
    [InlineData(Scorecard.Top1Share, "0.3", Verdict.Green)]
    [InlineData(Scorecard.Top1Share, "0.5001", Verdict.Red)]
    [InlineData(Scorecard.Top10Share, "0.8", Verdict.Amber)]
    [InlineData(Scorecard.Top10Share, "0.8001", Verdict.Red)]
    [InlineData(Scorecard.Gini, "0.6", Verdict.Green)]
    [InlineData(Scorecard.Gini, "0.6001", Verdict.Amber)]
    [InlineData(Scorecard.LowestRankShare, "0.95", Verdict.Amber)]
    [InlineData(Scorecard.LowestRankShare, "0.9501", Verdict.Red)]
    public void Bands_JudgeEachFigure_OnBothSidesOfItsLines(string figure, string value, Verdict verdict) =>
        Assert.Equal(verdict, Scorecard.Bands[figure].Judge(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Bands_WithoutAValue_AreNotApplicable() => Assert.Equal(Verdict.NotApplicable, Scorecard.Bands[Scorecard.Gini].Judge(null));

    [Fact]
    public void Gini_AndTopShares_ByHand()
    {
        // Sorted 0, 13.33, 30, 30 (Σ 73.33): Σ i·x = 2·13.33 + 3·30 + 4·30 = 236.66;
        // Gini = (2 · 236.66 − 5 · 73.33) / (4 · 73.33) = 106.67 / 293.32.
        decimal[] earnings = [30m, 0m, 13.33m, 30m];
        Assert.Equal(106.67m / 293.32m, Concentration.Gini(earnings));
        // Top 1 % of 4 is ⌈0.04⌉ = 1 member: 30 / 73.33.
        Assert.Equal(30m / 73.33m, Concentration.TopShare(earnings, 0.01m));
        // Everyone the same: 0. One earner of four: (n − 1) / n = 0.75. Nobody earning: none.
        Assert.Equal(0m, Concentration.Gini([5m, 5m, 5m]));
        Assert.Equal(0.75m, Concentration.Gini([0m, 0m, 0m, 8m]));
        Assert.Null(Concentration.Gini([0m, 0m]));
        // 200 members: the top 1 % is 2 of them; a negative sum (clawbacks) counts as 0.
        var many = Enumerable.Repeat(1m, 197).Concat([50m, 50m, -10m]).ToArray();
        Assert.Equal(100m / 297m, Concentration.TopShare(many, 0.01m));
        Assert.Equal(2, Concentration.TopCount(200, 0.01m));
        Assert.Equal(1, Concentration.TopCount(5, 0.10m));
    }

    /// <summary>R at the top (placement root), L placed left and R2 right; sponsor paths the same shape.</summary>
    private static PeriodFacts Small(IReadOnlyList<FactOrder> orders, IReadOnlyList<FactLine> lines) => new("2026-10", new(2026, 10, 1), new(2026, 10, 31), 100m, ["Member", "Gold"],
        [
            new FactMember(1, "R", "Root", "1/", "1:", new(2025, 1, 1), null, "Gold"),
            new FactMember(2, "L", "Left", "1/2/", "1:0", new(2025, 1, 1), null, "Member"),
            new FactMember(3, "R2", "Right", "1/3/", "1:1", new(2025, 1, 1), null, "Member"),
        ], orders, lines, new HashSet<long>());

    [Fact]
    public void RetailAttribution_OfEachKindOfLine_ByHand()
    {
        // L's retail order CV 60, R2's personal order CV 40: below R, 60 of 100 is retail.
        var facts = Small(
            [new FactOrder(10, 2, "retail", 7, 60m, 60m, 80m), new FactOrder(11, 3, "personal", null, 40m, 40m, 40m)],
            [
                new FactLine(1, 1, "unilevel", 6.00m, 2, "unilevel", "retail"),     // paid on a retail order: all of it, 6.00
                new FactLine(2, 1, "unilevel", 4.00m, 3, "unilevel", "personal"),   // on a personal order: none
                new FactLine(3, 1, "binary", 10.00m, 1, "binary", null),            // CV placed below R: 60 / 100 → 6.00
                new FactLine(4, 1, "pool", 5.00m, 1, "pool", null),                 // the company's CV: 60 / 100 → 3.00
                new FactLine(5, 1, "matching", 2.50m, 2, "matching", null),         // L's group: 60 / 60 → 2.50
                new FactLine(6, 1, "rank_advancement", 7.77m, 1, "rank_advancement", null), // R's group: 0.6 × 7.77 = 4.662
                new FactLine(7, 1, "clawback", -1.00m, 2, "unilevel", "retail"),    // a clawback of a retail line: −1.00
                new FactLine(8, 2, "retail_profit", 20.00m, 2, "retail_profit", "retail"), // not a reward: left out
            ]);
        var money = Scorecard.Money(PeriodAnalysis.Of(facts));
        // 6 + 0 + 6 + 3 + 2.5 + 4.662 − 1 = 21.162 → 21.16 (rounded once).
        Assert.Equal(new ScorecardMoney(8, 54.27m, 20.00m, 34.27m, 21.16m, 7.77m), money);
    }

    [Fact]
    public void RandomPeriods_MoneyIsTheSumOfTheLinesItNames_AndSharesStayInZeroToOne()
    {
        string[] bonuses = ["retail_profit", "fast_start", "unilevel", "binary", "stairstep", "matching", "pool", "rank_advancement", "clawback"];
        string?[] kinds = ["retail", "personal", "unknown"];
        // FsCheck draws the seed; the company is built from it, so a failure names a seed to replay.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var n = random.Next(1, 13);
            // A chain: member i sponsored by i − 1, placed on the left.
            var members = Enumerable.Range(1, n).Select(i => new FactMember(i, $"M{i}", $"Member {i}", string.Concat(Enumerable.Range(1, i).Select(x => $"{x}/")),
                "1:" + new string('0', i - 1), new(2026, 1, 1), null, i % 3 == 0 ? "Gold" : "Member")).ToList();
            var orders = Enumerable.Range(1, random.Next(0, 16)).Select(i =>
            {
                var (retail, cents) = (random.Next(2) == 0, random.Next(-500, 30_000) / 100m);
                return new FactOrder(i, random.Next(1, n + 1), retail ? "retail" : "personal", retail ? 1 : null, cents, cents, cents);
            }).ToList();
            var lines = Enumerable.Range(1, random.Next(0, 26)).Select(i =>
            {
                var bonus = bonuses[random.Next(bonuses.Length)];
                var category = bonus == "clawback" ? "unilevel" : bonus;
                var orderBased = category is "retail_profit" or "fast_start" or "unilevel" or "stairstep";
                return new FactLine(i, random.Next(1, n + 1), bonus, (bonus == "clawback" ? -1 : 1) * random.Next(-5_000, 50_000) / 100m, random.Next(1, n + 1), category,
                    orderBased ? kinds[random.Next(kinds.Length)] : null);
            }).ToList();
            var facts = new PeriodFacts("2026-10", new(2026, 10, 1), new(2026, 10, 31), orders.Sum(o => o.Cv), ["Member", "Gold"], members, orders, lines, new HashSet<long>());
            var card = Scorecard.Compute(PeriodAnalysis.Of(facts), ComplianceSettings.Default);
            var m = card.Money;
            Assert.Equal(lines.Sum(l => l.Amount), m.Earnings);
            Assert.Equal(lines.Where(l => l.Category == "retail_profit").Sum(l => l.Amount), m.RetailProfit);
            Assert.Equal(lines.Where(l => l.Category != "retail_profit").Sum(l => l.Amount), m.Rewards);
            Assert.Equal(lines.Where(l => l.Category is "fast_start" or "rank_advancement").Sum(l => l.Amount), m.RecruitingTied);
            Assert.Equal(m.Earnings, m.RetailProfit + m.Rewards);
            // The participants' earnings are the members' sums of lines; together all of them.
            Assert.Equal(m.Earnings, PeriodAnalysis.Of(facts).Members.Values.Sum(x => x.Earnings));
            foreach (var key in new[] { Scorecard.Top1Share, Scorecard.Top10Share, Scorecard.Gini, Scorecard.NetLossShare, Scorecard.LowestRankShare })
            {
                if (card[key].Value is { } v) Assert.InRange(v, 0m, 1m);
            }
            if (card[Scorecard.Top1Share].Value is { } top1) Assert.True(top1 <= card[Scorecard.Top10Share].Value, "the top 1 % earn no more than the top 10 %");
            Assert.Equal(card.Participants, card.Ranks.Sum(r => r.Members));
        }));
    }

    private const string Plan = """
        name: Compliance test plan
        currency: EUR
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 50
        bonuses:
          - type: retail_profit
          - type: fast_start
            within_days: 30
            percents: [10]
          - type: unilevel
            percents: [10, 5]
        """;

    /// <summary>
    /// ROOT (joined 2025-01-01) ← A (2025-06-01) ← B (2026-01-05) and N (2026-10-01, under A); X (2025-06-01, under ROOT)
    /// terminated on 2026-03-01. SHAKE: retail 40, member 30, PV and CV 33.33. October 2026:
    /// B's retail customer buys 3 shakes (paid 120.00, PV 99.99), N buys 3 (paid 90.00), A buys 1 (paid 30.00).
    /// </summary>
    private static async Task<TestDatabase> OctoberAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        await using (var db = t.Context())
        {
            (await new SetUpCompany(db).RunAsync(new CompanySettings("Test Co", "EUR"))).Unwrap();
            (await new PlanVersions(db, TimeProvider.System).UploadAsync(Plan, "plan.yaml", new DateOnly(2025, 1, 1))).Unwrap();
            (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("SHAKE", "Shake", "", "EUR", new Price(new DateOnly(2025, 1, 1), 40m, 30m, 33.33m, 33.33m)))).Unwrap();
        }
        foreach (var (handle, sponsor, joined) in new[] { ("ROOT", null, new DateOnly(2025, 1, 1)), ("A", "ROOT", new DateOnly(2025, 6, 1)), ("X", "ROOT", new DateOnly(2025, 6, 1)),
            ("B", "A", new DateOnly(2026, 1, 5)), ("N", "A", new DateOnly(2026, 10, 1)) })
        {
            await using var db = t.Context();
            (await new EnrollMember(db).RunAsync(MemberTests.Person(handle, sponsor) with { JoinedOn = joined })).Unwrap();
        }
        await using (var db = t.Context())
        {
            (await new ChangeStatus(db).RunAsync(new StatusChange("X", "terminated", new DateOnly(2026, 3, 1), "left", "test"))).Unwrap();
            (await new AddCustomer(db).RunAsync(new NewCustomer("Carla", "carla@example.com", "retail", "B", new DateOnly(2026, 10, 1)))).Unwrap();
            (await new PlaceOrder(db).RunAsync(new OrderRequest(new DateOnly(2026, 10, 3), [new Item("SHAKE", 3)], CustomerEmail: "carla@example.com"))).Unwrap();
        }
        await OrderAsync(t, "N", new DateOnly(2026, 10, 5), 3);
        await OrderAsync(t, "A", new DateOnly(2026, 10, 6), 1);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        return t;
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Scorecard_OfAConstructedCompany_FigureByFigure(string kind)
    {
        using var t = await OctoberAsync(kind);
        // The stored lines: B retail_profit 120 − 90 = 30.00 (retail); on the retail order A unilevel 10 % of 99.99 = 10.00 and
        // ROOT 5 % = 4.9995 → 5.00; on N's order A fast_start 10.00, A unilevel 10.00, ROOT 5.00; on A's order ROOT 10 % of 33.33 = 3.33.
        Assert.Equal(["A fast_start 10.00", "A unilevel 10.00", "A unilevel 10.00", "B retail_profit 30.00", "ROOT unilevel 3.33", "ROOT unilevel 5.00", "ROOT unilevel 5.00"],
            (await LinesAsync(t, "2026-10")).Select(l => string.Join(' ', l.Split(' ')[..3])).Order(StringComparer.Ordinal));
        await using var db = t.Context();
        var card = (await new ComplianceQueries(db).ScorecardAsync("2026-10")).Unwrap();

        // Earnings 73.33 = retail profit 30.00 + rewards 43.33; retail-based rewards 10.00 + 5.00; recruiting-tied 10.00.
        Assert.Equal(new ScorecardMoney(7, 73.33m, 30.00m, 43.33m, 15.00m, 10.00m), card.Money);
        Assert.Equal((await db.Periods.SingleAsync()).TotalPayout, card.Money.Rewards);
        Assert.Equal(4, card.Participants); // ROOT, A, B, N: X was terminated before October
        var expected = new (string Key, decimal? Value, Verdict Verdict)[]
        {
            (Scorecard.RetailRewardsShare, 15.00m / 43.33m, Verdict.Red),        // 34.6 %
            (Scorecard.NonParticipantVolume, 99.99m / 233.31m, Verdict.Amber),    // retail CV 99.99 of 99.99 + 99.99 + 33.33: 3/7
            (Scorecard.PayoutRatio, 43.33m / 233.31m, Verdict.Green),             // 18.6 %
            (Scorecard.RecruitingShare, 10.00m / 73.33m, Verdict.Green),          // 13.6 %
            (Scorecard.NetLossShare, 1m / 4m, Verdict.Green),                     // N (0 earned, 90 spent); A earned 30.00 = spent 30.00: no loss
            (Scorecard.Retention, 2m / 3m, Verdict.Green),                        // of ROOT, A, X (participants on 2025-10-31) X left
            (Scorecard.Churn, 1m / 3m, Verdict.Green),
            (Scorecard.Top1Share, 30m / 73.33m, Verdict.Amber),                   // ⌈4 × 1 %⌉ = 1 member: 30.00 of 73.33
            (Scorecard.Top10Share, 30m / 73.33m, Verdict.Green),                  // ⌈4 × 10 %⌉ = 1 member too; at most 60 % is green
            (Scorecard.Gini, 106.67m / 293.32m, Verdict.Green),                   // 0, 13.33, 30, 30: see Gini_AndTopShares_ByHand
            (Scorecard.LowestRankShare, 2m / 4m, Verdict.Green),                  // ROOT (PV 0) and A (PV 33.33 < 50) are Members; B and N Bronze
        };
        Assert.Equal(expected, card.Figures.Select(f => (f.Key, f.Value, f.Verdict)));
        Assert.Equal([("Member", 2), ("Bronze", 2)], card.Ranks.Select(r => (r.Rank, r.Members)));

        var queries = new ComplianceQueries(db);
        Assert.Equal([("N", 90.00m)], (await queries.MembersBehindAsync("2026-10", Scorecard.NetLossShare)).Unwrap().Members.Select(m => (m.Handle, m.Value!.Value)));
        Assert.Equal(["X"], (await queries.MembersBehindAsync("2026-10", Scorecard.Churn)).Unwrap().Members.Select(m => m.Handle));
        Assert.Equal(["A"], (await queries.MembersBehindAsync("2026-10", Scorecard.Top1Share)).Unwrap().Members.Select(m => m.Handle)); // A and B tie: by handle
        Assert.Equal("figure", (await queries.MembersBehindAsync("2026-10", "nonsense")).Problem?.Where);
        Assert.Equal("period", (await queries.ScorecardAsync("2026-11")).Problem?.Where);
        var trend = (await queries.TrendAsync("2026-10", 6)).Unwrap();
        Assert.Equal(["2026-10"], trend.Periods);
        Assert.Equal(15.00m / 43.33m, trend.Series.Single(s => s.Key == Scorecard.RetailRewardsShare).Values.Single());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task OwnPurchases_AreNetOfWhatABuybackRefunded_NotOfTheFullPrice(string kind)
    {
        using var t = await CompanyAsync(kind);
        // A buys 3 shakes at 30.00 on 6 October (90.00), leaves on 20 October: the company buys all back at 90 %, refund 81.00.
        await OrderAsync(t, "A", new DateOnly(2026, 10, 6), 3);
        await using (var db = t.Context())
        {
            var done = (await new BuyBack(db, FixedClock.On(2026, 10, 20)).RunAsync(new BuyBackRequest("A", new DateOnly(2026, 10, 20), "staff-1"))).Unwrap();
            Assert.Equal(81.00m, done.Refund);
        }
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        await using var read = t.Context();
        // A was a participant in October (terminated on the 20th); what it spent is 90.00 − 81.00 = 9.00, not 0.
        var a = (await new ComplianceQueries(read).MemberAsync("A", "2026-10")).Unwrap();
        Assert.Equal((true, 9.00m), (a.Figures.Participant, a.Figures.Purchases));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task MemberIndicators_FromStoredData(string kind)
    {
        using var t = await OctoberAsync(kind);
        await using var db = t.Context();
        var queries = new ComplianceQueries(db);
        var a = (await queries.MemberAsync("A", "2026-10")).Unwrap();
        // A: own PV 33.33 personal (its first own order ever: 33.33 ≤ 200 PV, no loading); group A, B, N: retail 99.99, personal 33.33 + 99.99; earnings 30.00, purchases 30.00.
        Assert.Equal((new Volume(0, 33.33m), new Volume(99.99m, 133.32m), 30.00m, 30.00m, 10.00m), (a.Figures.Pv, a.Figures.GroupPv, a.Figures.Earnings, a.Figures.Purchases, a.Figures.RecruitingTied));
        Assert.Equal(
            [IndicatorResult.Fail, IndicatorResult.Fail, IndicatorResult.Pass, IndicatorResult.Fail, IndicatorResult.Pass, IndicatorResult.Pass, IndicatorResult.Pass, IndicatorResult.Pass],
            a.Indicators.Select(i => i.Result));
        Assert.Equal(99.99m / 233.31m, a[MemberIndicators.NonParticipantShare].Value);
        Assert.Equal(10.00m / 30.00m, a[MemberIndicators.RecruitingShare].Value);

        var b = (await queries.MemberAsync("B", "2026-10")).Unwrap();
        Assert.Equal((1m, 1m, 1), (b[MemberIndicators.RetailShare].Value, b[MemberIndicators.NonParticipantShare].Value, b.Figures.RetailCustomers));
        var n = (await queries.MemberAsync("N", "2026-10")).Unwrap();
        Assert.Equal((99.99m, IndicatorResult.Pass), (n[MemberIndicators.FirstOrderLoading].Value, n[MemberIndicators.FirstOrderLoading].Result));
        Assert.Equal((-90.00m, IndicatorResult.Fail), (n[MemberIndicators.NetLoss].Value, n[MemberIndicators.NetLoss].Result));

        // A stricter first-order limit (99 PV) makes N's first order inventory loading.
        (await new ComplianceSettingsStore(db).ChangeAsync(new ComplianceSettings(FirstOrderMaxPv: 99m))).Unwrap();
        Assert.Equal(IndicatorResult.Fail, (await queries.MemberAsync("N", "2026-10")).Unwrap()[MemberIndicators.FirstOrderLoading].Result);
        Assert.Equal(["N"], (await queries.MembersBehindAsync("2026-10", MemberIndicators.FirstOrderLoading)).Unwrap().Members.Select(m => m.Handle));
        Assert.Equal("member", (await queries.MemberAsync("NOBODY", "2026-10")).Problem?.Where);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Settings_StartAtTheDefaults_AndChangeOnlyWhenValid(string kind)
    {
        using var t = TestDatabase.Create(kind);
        await using (var db = t.Context())
        {
            var store = new ComplianceSettingsStore(db);
            Assert.Equal(ComplianceSettings.Default, await store.GetAsync());
            Assert.Equal("min_resold_percent", (await store.ChangeAsync(new ComplianceSettings(MinResoldPercent: 101))).Problem?.Where);
            (await store.ChangeAsync(new ComplianceSettings(OwnUsePv: 150.5m, MinRetailCustomers: 8, RetentionMonths: 6))).Unwrap();
        }
        await using (var db = t.Context())
        {
            Assert.Equal(new ComplianceSettings(OwnUsePv: 150.5m, MinRetailCustomers: 8, RetentionMonths: 6), await new ComplianceSettingsStore(db).GetAsync());
        }
    }
}
