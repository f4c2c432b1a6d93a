using Arbor.Core.Compliance;
using Arbor.Core.Periods;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>
/// Random companies (monthly or weekly periods, some closed, members joining and leaving around
/// the year, pay and clawbacks in and outside it, ranks reached): every euro of the disclosure is
/// a stored payout line of the periods that end in the year, the ranks' counts add up to the
/// participants, and min ≤ p10 ≤ median ≤ p90 ≤ max in every row.
/// </summary>
public class IncomeDisclosurePropertyTests
{
    [Theory, OnSqlite, OnPostgres]
    public void ForYear_RandomCompanies_EveryEuroIsAStoredLine_CountsAddUp_PercentilesOrdered(string kind) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed => Holds(kind, seed).GetAwaiter().GetResult()));

    private static readonly DateOnly First = new(2026, 1, 1);

    private static async Task<bool> Holds(string kind, int seed)
    {
        var random = new Random(seed);
        using var t = TestDatabase.Create(kind);
        await using var db = t.Context();
        var periodKind = random.Next(3) == 0 ? "week" : "month";
        var c = await IncomeDisclosureCompany.CreateAsync(db, periodKind);
        var keys = new List<string>();
        for (var day = new DateOnly(2025, 11, 1); day < new DateOnly(2027, 2, 1);)
        {
            var period = PeriodKey.Containing(day, periodKind).Unwrap();
            if (random.Next(5) > 0)
            {
                await c.PeriodAsync(period.Key);
                keys.Add(period.Key);
            }
            day = period.To.AddDays(1);
        }
        var handles = Enumerable.Range(0, random.Next(1, 12)).Select(i => $"M{i}").ToList();
        DateOnly Day(DateOnly from, int days) => from.AddDays(random.Next(days));
        foreach (var h in handles)
        {
            var joined = Day(new DateOnly(2025, 1, 1), 800);
            // Some are terminated on 1 January exactly: participants on no day of the year.
            var terminated = random.Next(3) == 0 ? Day(joined.AddDays(1), 400) : random.Next(8) == 0 && joined < First ? First : (DateOnly?)null;
            await c.MemberAsync(h, joined, terminated);
        }
        string[] bonuses = ["retail_profit", "unilevel", "fast_start", "clawback"];
        for (var k = random.Next(0, 30); k > 0 && keys.Count > 0; k--)
        {
            var bonus = bonuses[random.Next(bonuses.Length)];
            var cents = random.Next(1, 60_000);
            c.Line(keys[random.Next(keys.Count)], handles[random.Next(handles.Count)], bonus, (bonus == "clawback" ? -cents : cents) / 100m);
        }
        string[] ranks = ["Bronze", "Silver", "Gold", "Retired rank"];
        foreach (var h in handles.Where(_ => random.Next(2) == 0 && keys.Count > 0))
        {
            foreach (var rank in ranks.Where(_ => random.Next(3) == 0)) c.Reached(h, rank, Day(new DateOnly(2025, 6, 1), 700), keys[0]);
        }
        await c.SaveAsync();

        var result = await new IncomeDisclosureQuery(db).ForYearAsync(2026);
        var inYear = IncomeDisclosureQuery.PeriodsEndingIn(2026, periodKind).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        if (!keys.Any(inYear.Contains)) return result.Problem?.Where == "year";
        var d = result.Unwrap();

        var periodIds = await db.Periods.Where(p => p.EndsOn.Year == 2026).Select(p => p.Id).ToListAsync();
        var stored = (await db.PayoutLines.ToListAsync()).Where(l => periodIds.Contains(l.PeriodId)).Sum(l => l.Amount);
        var (first, last) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        // A participant for at least one day: joined by 31 December, terminated (if at all) after 1 January and after joining.
        var participants = await db.Members.CountAsync(m => m.JoinedOn <= last && !(m.Status == "terminated" && (m.StatusSince <= first || m.StatusSince <= m.JoinedOn)));
        var rows = d.Ranks.Select(r => r.Figures).Append(d.Totals).ToList();
        return stored == d.Totals.Earnings + d.NonParticipantEarnings
            && d.Ranks.Sum(r => r.Figures.Earnings) == d.Totals.Earnings
            && d.Ranks.Sum(r => r.Figures.RetailProfit) == d.Totals.RetailProfit
            && d.Ranks.Sum(r => r.Figures.Members) == d.Totals.Members
            && d.Totals.Members == participants
            && d.Participation.ByMonths.Sum() == participants
            && d.Periods.All(inYear.Contains) && d.OpenPeriods.All(inYear.Contains) && d.Periods.Count + d.OpenPeriods.Count == inYear.Count
            && rows.All(x => x.Distribution is not { } e || (e.Minimum <= e.P10 && e.P10 <= e.Median && e.Median <= e.P90 && e.P90 <= e.Maximum && e.Minimum <= e.Mean && e.Mean <= e.Maximum))
            && rows.All(x => (x.Members == 0) == (x.Distribution is null));
    }
}
