using Arbor.Core.Compliance;

namespace Arbor.Core.Tests;

public class IncomeDisclosureTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>
    /// Seven participants of 2026 and three who are not (terminated in 2025, terminated on 1 January 2026, joined in 2027).
    /// Stored pay per participant in the periods that end in 2026 (2026-01 … 2026-11 closed; 2026-12 not):
    ///   ROOT 1,200.00 + 300.25 = 1,500.25 (Gold reached 2026-10-31)
    ///   A    100.00 + 250.50 + 30.00 retail profit = 380.50 (Silver reached 2026-04-30; 999.00 in 2025-12 and 777.00 in 2027-01 do not count)
    ///   B    50.00 fast start − 10.00 clawback = 40.00 (Bronze reached 2026-03-31; Silver only in 2027)
    ///   C    nothing (joined 2026-02-10)
    ///   D    20.00 retail profit (terminated 2026-07-01)
    ///   E    nothing (joined 2026-12-20)
    ///   F    −15.00 (a clawback only)
    ///   G    −5.00 clawback, but terminated 2025-10-01: no participant, shown apart
    ///   I    −3.00 clawback, terminated on 2026-01-01: a participant on no day of 2026, shown apart too
    /// </summary>
    private static async Task<IncomeDisclosure> ConstructedAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var c = await IncomeDisclosureCompany.CreateAsync(db);
        await c.MemberAsync("ROOT", D(2025, 1, 1));
        await c.MemberAsync("A", D(2025, 3, 1));
        await c.MemberAsync("B", D(2025, 11, 15));
        await c.MemberAsync("C", D(2026, 2, 10));
        await c.MemberAsync("D", D(2025, 5, 1), terminated: D(2026, 7, 1));
        await c.MemberAsync("E", D(2026, 12, 20));
        await c.MemberAsync("F", D(2025, 2, 1));
        await c.MemberAsync("G", D(2025, 1, 1), terminated: D(2025, 10, 1));
        await c.MemberAsync("H", D(2027, 1, 5));
        await c.MemberAsync("I", D(2025, 1, 1), terminated: D(2026, 1, 1));
        await c.PeriodAsync("2025-12");
        for (var m = 1; m <= 11; m++) await c.PeriodAsync($"2026-{m:00}");
        await c.PeriodAsync("2027-01");
        c.Line("2026-06", "ROOT", "unilevel", 1200.00m);
        c.Line("2026-11", "ROOT", "matching", 300.25m);
        c.Line("2025-12", "A", "unilevel", 999.00m);
        c.Line("2026-02", "A", "unilevel", 100.00m);
        c.Line("2026-05", "A", "binary", 250.50m);
        c.Line("2026-07", "A", "retail_profit", 30.00m);
        c.Line("2027-01", "A", "unilevel", 777.00m);
        c.Line("2026-03", "B", "fast_start", 50.00m);
        c.Line("2026-08", "B", "clawback", -10.00m);
        c.Line("2026-01", "D", "retail_profit", 20.00m);
        c.Line("2026-02", "F", "clawback", -15.00m);
        c.Line("2026-03", "G", "clawback", -5.00m);
        c.Line("2026-02", "I", "clawback", -3.00m);
        c.Reached("ROOT", "Bronze", D(2025, 4, 30), "2025-12");
        c.Reached("ROOT", "Silver", D(2025, 9, 30), "2025-12");
        c.Reached("ROOT", "Gold", D(2026, 10, 31), "2026-10");
        c.Reached("A", "Bronze", D(2025, 6, 30), "2025-12");
        c.Reached("A", "Silver", D(2026, 4, 30), "2026-04");
        c.Reached("B", "Bronze", D(2026, 3, 31), "2026-03");
        c.Reached("B", "Silver", D(2027, 1, 31), "2027-01");
        // Own purchases: A 2 × 40.00 − a return of 1 × 40.00 = 40.00; C 60.00; E 35.00; ROOT's order of
        // 2025 and B's of 2027 are outside the year; D's retail order is its customer's, not its own.
        c.Order("A", D(2026, 2, 5), "personal", 2, 40.00m);
        c.Order("A", D(2026, 3, 1), "return", 1, 40.00m);
        c.Order("C", D(2026, 2, 10), "personal", 1, 60.00m);
        c.Order("E", D(2026, 12, 21), "personal", 1, 35.00m);
        c.Order("ROOT", D(2025, 12, 20), "personal", 1, 100.00m);
        c.Order("B", D(2027, 1, 3), "personal", 1, 45.00m);
        c.Order("D", D(2026, 1, 10), "retail", 1, 50.00m, await c.CustomerAsync("D"));
        await c.SaveAsync();
        return (await new IncomeDisclosureQuery(db).ForYearAsync(2026)).Unwrap();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task ForYear_ConstructedCompany_EveryFigureAsComputedByHand(string kind)
    {
        using var t = TestDatabase.Create(kind);
        var d = await ConstructedAsync(t);

        Assert.Equal((D(2026, 1, 1), D(2026, 12, 31)), (d.From, d.To));
        Assert.Equal([.. Enumerable.Range(1, 11).Select(m => $"2026-{m:00}")], d.Periods);
        Assert.Equal(["2026-12"], d.OpenPeriods);
        Assert.Equal(["Member", "Bronze", "Silver", "Gold"], d.Ranks.Select(r => r.Rank));

        // Member: C 0, D 20.00, E 0, F −15.00 → sorted −15, 0, 0, 20.
        var member = d.Ranks[0].Figures;
        Assert.Equal((4, 4m / 7), (member.Members, member.Share));
        Assert.Equal((5.00m, 20.00m), (member.Earnings, member.RetailProfit));
        // mean 5/4; p10: h = 3 × 0.1 = 0.3 → −15 + 0.3 × 15 = −10.5; median h = 1.5 → 0; p90 h = 2.7 → 0 + 0.7 × 20 = 14.
        Assert.Equal(new Distribution(5.00m, 1.25m, -10.5m, 0m, 14m, -15.00m, 20.00m), member.Distribution);
        Assert.Equal((2, 1, 0.75m), (member.EarnedNothing, member.EarnedLessThanNothing, member.ShareEarnedNothing));
        Assert.Null(d.Ranks[0].AverageMonthsToRank); // held from joining
        // Purchases C 60, D 0, E 35, F 0 → sorted 0, 0, 35, 60: median 17.50, mean 23.75; below purchases: C, E, F (−15 < 0).
        Assert.Equal((17.50m, 23.75m), (member.Purchases!.Median, member.Purchases.Mean));
        Assert.Equal((3, 0.75m), (member.EarnedLessThanPurchases, member.ShareEarnedLessThanPurchases));
        // Days as participant in 2026: C 2026-02-10…12-31 = 325, D 01-01…06-30 = 181, E 12-20…12-31 = 12, F 365 → months = 883 × 12 / 365 / 4.
        Assert.Equal(883m * 12 / 365 / 4, member.AverageMonthsParticipating);

        // Bronze: B alone, 40.00; joined 2025-11-15, Bronze 2026-03-31: 15 + 31 + 31 + 28 + 31 = 136 days.
        var bronze = d.Ranks[1];
        Assert.Equal((1, 40.00m, 0m), (bronze.Figures.Members, bronze.Figures.Earnings, bronze.Figures.ShareEarnedNothing));
        Assert.Equal(new Distribution(40.00m, 40.00m, 40.00m, 40.00m, 40.00m, 40.00m, 40.00m), bronze.Figures.Distribution);
        Assert.Equal(136m / (365.25m / 12), bronze.AverageMonthsToRank);
        Assert.Equal("4.5", new DisclosureFormat(System.Globalization.CultureInfo.InvariantCulture).Months(bronze.AverageMonthsToRank, "")); // 4.468…

        // Silver: A, 380.50 of which 30.00 retail profit; 2025-03-01 → 2026-04-30 = 365 + 31 + 29 = 425 days.
        var silver = d.Ranks[2];
        Assert.Equal((1, 380.50m, 30.00m), (silver.Figures.Members, silver.Figures.Earnings, silver.Figures.RetailProfit));
        Assert.Equal(425m / (365.25m / 12), silver.AverageMonthsToRank);
        Assert.Equal((40.00m, 0), (silver.Figures.Purchases!.Median, silver.Figures.EarnedLessThanPurchases));

        // Gold: ROOT, 1,500.25; 2025-01-01 → 2026-10-31 = 365 + 303 = 668 days.
        var gold = d.Ranks[3];
        Assert.Equal((1, 1500.25m, 1m / 7), (gold.Figures.Members, gold.Figures.Earnings, gold.Figures.Share));
        Assert.Equal(668m / (365.25m / 12), gold.AverageMonthsToRank);

        // All: −15, 0, 0, 20, 40, 380.50, 1,500.25 = 1,925.75; median h = 3 → 20; p10 h = 0.6 → −15 + 0.6 × 15 = −6;
        // p90 h = 5.4 → 380.50 + 0.4 × 1,119.75 = 828.40.
        var all = d.Totals;
        Assert.Equal((7, 1m, 1925.75m, 50.00m), (all.Members, all.Share, all.Earnings, all.RetailProfit));
        Assert.Equal(new Distribution(1925.75m, 1925.75m / 7, -6.0m, 20.00m, 828.40m, -15.00m, 1500.25m), all.Distribution);
        Assert.Equal((2, 1, 3m / 7), (all.EarnedNothing, all.EarnedLessThanNothing, all.ShareEarnedNothing));
        // Purchases 0, 0, 0, 0, 35, 40, 60: median 0, mean 135 / 7.
        Assert.Equal((0m, 135.00m / 7, 3), (all.Purchases!.Median, all.Purchases.Mean, all.EarnedLessThanPurchases));
        Assert.Equal(-8.00m, d.NonParticipantEarnings); // G −5.00 and I −3.00

        // Whole year: ROOT, A, B, F; joined during it: C, E; terminated during it: D. Months rounded up:
        // E 12 × 12 / 365 → 1, D 181 × 12 / 365 = 5.95 → 6, C 325 × 12 / 365 = 10.7 → 11, the rest 12.
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 4], d.Participation.ByMonths);
        Assert.Equal((4, 2, 1), (d.Participation.WholeYear, d.Participation.JoinedDuringYear, d.Participation.TerminatedDuringYear));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Render_ConstructedCompany_CsvRowPerRankAndTotals_HtmlSaysGrossZeroEarnersNotAnnualised(string kind)
    {
        using var t = TestDatabase.Create(kind);
        var d = await ConstructedAsync(t);

        var csv = DisclosureCsv.Render(d).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DisclosureCsv.Header, csv[0]);
        Assert.Equal(1 + d.Ranks.Count + 1, csv.Length);
        Assert.Equal("2026,rank,0,Member,4,0.571429,5.00,20.00,1.25,-10.50,0.00,14.00,-15.00,20.00,2,1,0.75,,17.50,23.75,3,0.75,7.26", csv[1]);
        Assert.Equal("2026,rank,3,Gold,1,0.142857,1500.25,0.00,1500.25,1500.25,1500.25,1500.25,1500.25,1500.25,0,0,0,21.95,0.00,0.00,0,0,12.00", csv[4]);
        Assert.Equal("2026,total,,,7,1,1925.75,50.00,275.11,-6.00,20.00,828.40,-15.00,1500.25,2,1,0.428571,,0.00,19.29,3,0.428571,9.29", csv[^1]);

        var html = DisclosureHtml.Render(d);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Income disclosure statement 2026</h1>", html, StringComparison.Ordinal);
        Assert.Contains("gross earnings, before any expenses", html, StringComparison.Ordinal);
        Assert.Contains("including those who earned nothing", html, StringComparison.Ordinal);
        Assert.Contains("they are not annualised", html, StringComparison.Ordinal);
        Assert.Contains("median 0.00, mean 19.29", html, StringComparison.Ordinal);
        Assert.Contains("not closed (2026-12)", html, StringComparison.Ordinal);
        Assert.Contains("of -8.00 went to members who were no longer participants", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">1,925.75</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task ForYear_NoClosedPeriodEndsInIt_IsRefused(string kind)
    {
        using var t = TestDatabase.Create(kind);
        await using var db = t.Context();
        var c = await IncomeDisclosureCompany.CreateAsync(db);
        await c.PeriodAsync("2026-01");
        var refused = await new IncomeDisclosureQuery(db).ForYearAsync(2025);
        Assert.Equal("year", refused.Problem?.Where);
    }

    public static TheoryData<decimal[], decimal, decimal> Percentiles() => new()
    {
        // h = (n − 1) × p; value at ⌊h⌋ + (h − ⌊h⌋) × (next − value).
        { [7m], 0.1m, 7m },                          // one value: it is every percentile
        { [1m, 2m], 0.5m, 1.5m },                    // h = 0.5 → 1 + 0.5 × 1
        { [1m, 2m, 3m, 4m], 0.5m, 2.5m },            // h = 1.5 → the mean of the two middle values
        { [1m, 2m, 3m, 4m], 0.1m, 1.3m },            // h = 0.3
        { [1m, 2m, 3m, 4m], 0.9m, 3.7m },            // h = 2.7
        { [0m, 0m, 0m, 10m, 20m], 0.9m, 16m },       // h = 3.6 → 10 + 0.6 × 10
        { [0.01m, 0.02m], 0.1m, 0.011m },            // exact below a cent; rounded only when shown
        { [-5m, 5m, 100m], 1m, 100m },               // the 100th is the maximum
    };

    [Theory, MemberData(nameof(Percentiles))]
    public void Percentile_LinearBetweenClosestRanks_AsExcelPercentileInc(decimal[] sorted, decimal p, decimal expected) =>
        Assert.Equal(expected, IncomeDisclosureCalculator.Percentile(sorted, p));

    [Theory]
    [InlineData(2026, "month", "2026-01", "2026-12", 12)]
    [InlineData(2026, "week", "2026-W01", "2026-W52", 52)] // W01 ends Sunday 4 January 2026; W53 ends Sunday 3 January 2027, so it is 2027's
    [InlineData(2027, "week", "2026-W53", "2027-W51", 52)] // W52 of 2027 ends Sunday 2 January 2028
    public void PeriodsEndingIn_MonthsAndIsoWeeks(int year, string kind, string first, string last, int count)
    {
        var periods = IncomeDisclosureQuery.PeriodsEndingIn(year, kind);
        Assert.Equal((first, count), (periods[0].Key, periods.Count));
        Assert.All(periods, p => Assert.Equal(year, p.To.Year));
        Assert.Equal(last, periods[^1].Key);
    }
}
