using Arbor.Core.Compliance;
using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>The demo company's disclosure against a direct computation from its stored payout lines, member by member.</summary>
public class IncomeDisclosureDemoTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task ForYear_DemoCompany_MatchesADirectComputationFromTheStoredLines(string kind)
    {
        using var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(250, 4, new DateOnly(2026, 11, 30)))).Unwrap();
        var closed = (await new DemoHistory(t.Database, FixedClock.On(2026, 12, 5)).CloseAsync()).Unwrap();
        Assert.Equal("2026-11", closed[^1].Period);

        await using var db = t.Context();
        var d = (await new IncomeDisclosureQuery(db).ForYearAsync(2026)).Unwrap();

        // Directly: every line of the periods ending in 2026, summed per payee here; every member who had
        // joined by 31 December and was not terminated by 1 January (nor on the day it joined) is a participant, with or without lines.
        var (first, last) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var periods = await db.Periods.Where(p => p.EndsOn >= first && p.EndsOn <= last).ToListAsync();
        var ids = periods.Select(p => p.Id).ToHashSet();
        var lines = (await db.PayoutLines.ToListAsync()).Where(l => ids.Contains(l.PeriodId)).ToList();
        var terminated = (await db.MemberStatusChanges.Where(s => s.Status == "terminated").ToListAsync()).ToDictionary(s => s.MemberId, s => s.EffectiveOn);
        var participants = (await db.Members.ToListAsync())
            .Where(m => m.JoinedOn <= last && !(terminated.TryGetValue(m.Id, out var on) && (on <= first || on <= m.JoinedOn))).Select(m => m.Id).ToList();
        var earned = participants.ToDictionary(id => id, id => lines.Where(l => l.PayeeId == id).Sum(l => l.Amount));
        var sorted = earned.Values.Order().ToList();

        Assert.Equal(periods.Select(p => p.Key).Order(), d.Periods);
        Assert.Equal(participants.Count, d.Totals.Members);
        Assert.Equal(lines.Where(l => earned.ContainsKey(l.PayeeId)).Sum(l => l.Amount), d.Totals.Earnings);
        Assert.Equal(lines.Sum(l => l.Amount), d.Totals.Earnings + d.NonParticipantEarnings);
        Assert.Equal(lines.Where(l => l.Bonus == "retail_profit" && earned.ContainsKey(l.PayeeId)).Sum(l => l.Amount), d.Totals.RetailProfit);
        var zero = earned.Values.Count(e => e <= 0);
        Assert.True(zero > 0, "the demo has zero earners");
        Assert.Equal(zero, d.Totals.EarnedNothing + d.Totals.EarnedLessThanNothing);
        var n = sorted.Count;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        Assert.Equal(new Distribution(sorted.Sum(), sorted.Sum() / n, d.Totals.Distribution!.P10, median, d.Totals.Distribution.P90, sorted[0], sorted[^1]), d.Totals.Distribution);

        // Per rank: the highest rank reached by 31 December in the plan's order; none reached = the first rank.
        var plan = PlanReader.Parse((await PlanVersions.InForceAsync(db, last))!.Yaml, "plan");
        var reached = (await db.RankHistory.ToListAsync()).Where(r => r.ReachedOn <= last)
            .GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => g.Max(r => plan.RankIndex(r.Rank)));
        foreach (var rank in d.Ranks)
        {
            var members = participants.Where(id => reached.GetValueOrDefault(id) == rank.Order).ToList();
            Assert.Equal((plan.Ranks[rank.Order].Name, members.Count), (rank.Rank, rank.Figures.Members));
            Assert.Equal(members.Sum(id => earned[id]), rank.Figures.Earnings);
            if (members.Count > 0) Assert.Equal((members.Min(id => earned[id]), members.Max(id => earned[id])), (rank.Figures.Distribution!.Minimum, rank.Figures.Distribution.Maximum));
        }
        Assert.True(d.Ranks.Count(r => r.Figures.Members > 0) > 1, "the demo reaches ranks above the first");

        // Own purchases: personal orders of 2026 at what was paid, less the returns of personal orders.
        var orders = await db.Orders.Include(o => o.Lines).Where(o => o.Date >= first && o.Date <= last).ToListAsync();
        var bought = participants.Select(id => orders.Where(o => o.MemberId == id && o.CustomerId == null && o.Kind != "retail")
            .Sum(o => (o.Kind == "return" ? -1 : 1) * o.Lines.Sum(l => l.UnitPrice * l.Quantity))).ToList();
        Assert.Equal(bought.Sum(), d.Totals.Purchases!.Total);
        Assert.Equal(participants.Count(id => earned[id] < bought[participants.IndexOf(id)]), d.Totals.EarnedLessThanPurchases);
    }
}
