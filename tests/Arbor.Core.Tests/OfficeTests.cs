using Arbor.Core.Demo;
using Arbor.Core.Genealogy;
using Arbor.Core.Office;
using Arbor.Engine.Computation;
using Arbor.Engine.Explain;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class OfficeTests
{
    // The sample plan's ranks: Member; Bronze 100 PV, 1,000 GV, a leg counts up to 50 %;
    // Silver 100 PV, 4,000 GV, 50 %, two legs with a Bronze; Gold 100 PV, 12,000 GV, 40 %, three legs with a Silver.
    private static readonly Plan Sample = new("sample", "EUR", ActiveMinPv: 50,
        [
            new Rank("Member", 0, 0, null, null),
            new Rank("Bronze", 100, 1000, 50, null),
            new Rank("Silver", 100, 4000, 50, new LegRequirement(2, 1)),
            new Rank("Gold", 100, 12000, 40, new LegRequirement(3, 2)),
        ],
        [], new PlanCaps(null, null));

    public static TheoryData<int, RankCheck, decimal, RankGaps> GapCases() => new()
    {
        // Silver: capped GV 3,600 of 4,000 (each leg up to 2,000), one Bronze leg of two: 400 GV and one leg short.
        { 2, new RankCheck(true, true, 3600, false, 1, false), 120, new RankGaps(2, 0, 0, 400, 2000, 1, 1) },
        // Bronze for an inactive member with 20 PV: 30 PV to be active, 80 PV to the rank's own 100, all 1,000 GV.
        { 1, new RankCheck(false, false, 0, false, 0, true), 20, new RankGaps(1, 30, 80, 1000, 500, 0, null) },
        // Gold with every volume there but no Silver leg: three legs short.
        { 3, new RankCheck(true, true, 12000, true, 0, false), 300, new RankGaps(3, 0, 0, 0, 4800, 3, 2) },
        // Everything met: nothing missing.
        { 2, new RankCheck(true, true, 4000, true, 2, true), 100, new RankGaps(2, 0, 0, 0, 2000, 0, 1) },
    };

    [Theory, MemberData(nameof(GapCases))]
    public void NextRankGaps_AreWhatEachFailedCheckLacks(int rank, RankCheck check, decimal pv, RankGaps expected)
    {
        var gaps = NextRank.Gaps(Sample, rank, check, pv);
        Assert.Equal(expected, gaps);
        Assert.Equal(check.Met, gaps.None);
    }

    /// <summary>ROOT → A, B; A → A1, A2; A1 → A11; B → B1 (sponsor tree, no placement).</summary>
    private static async Task<TestDatabase> TreeAsync(string kind, string placement = "none")
    {
        var t = await MemberTests.CompanyAsync(kind, placement, "extreme_left");
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("A1", "A"), ("A2", "A"), ("A11", "A1"), ("B1", "B"));
        return t;
    }

    private static Task<Data.Member> Get(Data.ArborContext db, string handle) => db.Members.AsNoTracking().SingleAsync(m => m.Handle == handle);

    [Theory, OnSqlite, OnPostgres]
    public async Task Children_AreTheFrontlineWithTheirOwnCounts_AndSearchStaysInTheDownline(string kind)
    {
        using var t = await TreeAsync(kind);
        await using var db = t.Context();
        var q = new GenealogyQueries(db);
        var (root, a) = (await Get(db, "ROOT"), await Get(db, "A"));

        var children = await q.ChildrenAsync(root, root, Tree.Sponsor);
        Assert.Equal([("A", 2, 1), ("B", 1, 1)], children.Select(c => (c.Member.Handle, c.Children, c.Member.Level)).OrderBy(c => c.Handle));
        var grand = await q.ChildrenAsync(root, a, Tree.Sponsor);
        Assert.Equal([("A1", 1, 2), ("A2", 0, 2)], grand.Select(c => (c.Member.Handle, c.Children, c.Member.Level)).OrderBy(c => c.Handle));
        // Levels count from the viewer, not from the tree's root.
        Assert.All(await q.ChildrenAsync(a, a, Tree.Sponsor), c => Assert.Equal(1, c.Member.Level));

        // Any case, name or handle; never the viewer itself, never outside its downline.
        Assert.Equal(["A1", "A11"], (await q.SearchAsync(root, "person a1")).Select(m => m.Handle));
        Assert.Equal(["B", "B1"], (await q.SearchAsync(root, "b")).Select(m => m.Handle));
        Assert.Empty(await q.SearchAsync(a, "b"));
        Assert.Equal(["A1", "A2", "A11"], (await q.SearchAsync(a, "person a")).Select(m => m.Handle));
        Assert.Empty(await q.SearchAsync(a, "   "));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task PlacementChildren_LeaveOutSpilloverFromTheUpline(string kind)
    {
        // Extreme left: A goes left of ROOT, B (ROOT's) below A, A1 (A's) below B, and so on down one side.
        using var t = await TreeAsync(kind, "binary");
        await using var db = t.Context();
        var q = new GenealogyQueries(db);
        var (root, a, b) = (await Get(db, "ROOT"), await Get(db, "A"), await Get(db, "B"));
        Assert.Equal(a.Id, b.PlacementParentId);

        var rootsView = await q.ChildrenAsync(root, a, Tree.Placement);
        Assert.Equal([("B", 1)], rootsView.Select(c => (c.Member.Handle, c.Children)));
        // A sees no B (ROOT's, placed under A): its placement child is hidden, and so is B's count below A.
        Assert.Empty(await q.ChildrenAsync(a, a, Tree.Placement));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task DownlineReport_FiltersSortsAndPages_WithTheCallersFigures(string kind)
    {
        using var t = await TreeAsync(kind);
        await using var db = t.Context();
        var root = await Get(db, "ROOT");
        var ids = await db.Members.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Handle);
        // Figures by handle: A and A11 active Bronzes, the rest inactive; B1 not in the period.
        var figures = new Dictionary<string, Figures>
        {
            ["A"] = new(120, 1500, true, 1),
            ["B"] = new(10, 30, false, 0),
            ["A1"] = new(0, 200, false, 0),
            ["A2"] = new(40, 40, false, 0),
            ["A11"] = new(200, 200, true, 1),
        };
        Figures? Of(long id) => figures.GetValueOrDefault(ids[id]);
        var report = new DownlineReport(db);

        var all = await report.RowsAsync(root, new DownlineFilter(), Of);
        Assert.Equal(["A", "B", "A1", "A2", "B1", "A11"], all.Select(r => r.Member.Handle));
        Assert.Null(all.Single(r => r.Member.Handle == "B1").Figures);
        Assert.Equal(["A", "B"], (await report.RowsAsync(root, new DownlineFilter(Level: 1), Of)).Select(r => r.Member.Handle));
        Assert.Equal(["A", "A11"], (await report.RowsAsync(root, new DownlineFilter(Active: true), Of)).Select(r => r.Member.Handle));
        Assert.Equal(["A", "A11"], (await report.RowsAsync(root, new DownlineFilter(Rank: 1), Of)).Select(r => r.Member.Handle));
        Assert.Equal(["A1", "A11"], (await report.RowsAsync(root, new DownlineFilter(Text: "A1"), Of)).Select(r => r.Member.Handle));
        var byGv = await report.RowsAsync(root, new DownlineFilter(Sort: DownlineSort.Gv, Descending: true), Of);
        Assert.Equal(["A", "A1", "A11", "A2", "B", "B1"], byGv.Select(r => r.Member.Handle));

        var page = DownlineReport.Page(all, 7);
        Assert.Equal((1, 1, 6), (page.Page, page.Pages, page.Total));
    }

    [Fact]
    public void DownlineReport_Pages_HoldFiftyRowsEach_AndClampThePage()
    {
        var rows = Enumerable.Range(1, 120).Select(i => new DownlineRow(new TreeMember(i, $"M{i}", $"Member {i}", 1, "active", new DateOnly(2026, 1, 1)), null)).ToList();
        var second = DownlineReport.Page(rows, 2);
        Assert.Equal((2, 3, 120, 50), (second.Page, second.Pages, second.Total, second.Rows.Count));
        Assert.Equal("M51", second.Rows[0].Member.Handle);
        Assert.Equal(20, DownlineReport.Page(rows, 99).Rows.Count);
        Assert.Equal(1, DownlineReport.Page(rows, -3).Page);
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task EarningsHistory_SumsEachPeriodsStoredLinesPerBonus_AndCustomersComeWithTheirOrders(string kind)
    {
        using var t = TestDatabase.Create(kind);
        var today = new DateOnly(2026, 6, 10);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(120, 3, today))).Unwrap();
        (await new DemoHistory(t.Database, new Clock(new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero))).CloseAsync()).Unwrap();
        await using var db = t.Context();
        var lines = await db.PayoutLines.AsNoTracking().ToListAsync();
        var periods = await db.Periods.AsNoTracking().ToDictionaryAsync(p => p.Id);
        var payee = lines.GroupBy(l => l.PayeeId).OrderByDescending(g => g.Select(l => l.Bonus).Distinct().Count()).ThenBy(g => g.Key).First().Key;

        var history = await new EarningsHistory(db).ByPeriodAndBonusAsync(payee);
        var expected = lines.Where(l => l.PayeeId == payee)
            .GroupBy(l => (periods[l.PeriodId].Key, l.Bonus))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        Assert.Equal(expected.Count, history.Count);
        Assert.All(history, h => Assert.Equal(expected[(h.Period, h.Bonus)], h.Amount));
        Assert.Equal(history.OrderBy(h => h.StartsOn).ThenBy(h => h.Bonus, StringComparer.Ordinal), history);
        Assert.True(history.Select(h => h.Bonus).Distinct().Count() > 1);

        var last = periods.Values.MaxBy(p => p.EndsOn)!;
        var stored = await db.PeriodMembers.AsNoTracking().SingleAsync(p => p.PeriodId == last.Id && p.MemberId == payee);
        var closed = (await new EarningsHistory(db).LastClosedAsync(payee))!;
        Assert.Equal((last.Key, stored.Gv, stored.Rank, stored.Earnings), (closed.Period, closed.Gv, closed.Rank, closed.Earnings));

        // The member whose customers ordered most.
        var referrer = (await db.Orders.AsNoTracking().Where(o => o.CustomerId != null).Join(db.Customers.AsNoTracking(), o => o.CustomerId, c => c.Id, (o, c) => c.ReferrerId).ToListAsync())
            .GroupBy(r => r).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var mine = await new MyCustomers(db).OfAsync(referrer);
        Assert.Equal(await db.Customers.CountAsync(c => c.ReferrerId == referrer), mine.Count);
        Assert.All(mine, c => Assert.Equal(referrer, c.Customer.ReferrerId));
        Assert.All(mine.SelectMany(c => c.Orders.Select(o => (c.Customer.Id, o.CustomerId))), p => Assert.Equal(p.Item1, p.Item2));
        var ordered = await db.Orders.CountAsync(o => o.CustomerId != null && db.Customers.Any(c => c.Id == o.CustomerId && c.ReferrerId == referrer));
        Assert.True(ordered > 0);
        Assert.Equal(ordered, mine.Sum(c => c.Orders.Count));
        Assert.All(mine, c => Assert.Equal(c.Orders.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id), c.Orders));
    }
}
