using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>The genealogy as it was at a close: the period's tree, ranks and volumes, whatever changed after it.</summary>
public class GenealogyAsOfTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_closed_periods_genealogy_stays_as_its_close_read_it_after_later_changes(string kind)
    {
        // ROOT ← A ← B, and B ← B1; October's orders, closed.
        using var t = await PeriodTests.CompanyAsync(kind);
        await MemberTests.EnrollAsync(t, ("B1", "B"));
        await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await PeriodTests.OrderAsync(t, "B1", new DateOnly(2026, 10, 11), 2);
        var clock = FixedClock.On(2026, 11, 2);
        await PeriodTests.CloseAsync(t, "2026-10", clock);
        await using var db = t.Context();
        var asOf = new GenealogyAsOf(db);
        var before = (await asOf.DownlineAsync("ROOT", "2026-10", Tree.Sponsor, 10, 1, 100)).Unwrap();
        Assert.Equal([(1, 1), (2, 1), (3, 1)], before.Levels);
        Assert.Equal((await new GenealogyQueries(db).CountsPerLevelAsync("ROOT")).Unwrap(), before.Levels);

        // Since the close: B moves under ROOT, C joins under B1, A is terminated.
        (await new ChangeSponsor(db, clock).RunAsync(new SponsorChange("B", "ROOT", "staff", "moved"))).Unwrap();
        await MemberTests.EnrollAsync(t, ("C", "B1"));
        (await new ChangeStatus(db).RunAsync(new StatusChange("A", "terminated", new DateOnly(2026, 11, 5), "left", "staff"))).Unwrap();
        Assert.Equal([(1, 2), (2, 1), (3, 1)], (await new GenealogyQueries(db).CountsPerLevelAsync("ROOT")).Unwrap());

        var after = (await asOf.DownlineAsync("ROOT", "2026-10", Tree.Sponsor, 10, 1, 100)).Unwrap();
        Assert.Equal(before.Levels, after.Levels);
        Assert.Equal(["A", "B", "B1"], after.Page.Select(m => m.Handle));
        Assert.Equal(["ROOT", "A", "B"], after.Page.Select(m => m.Sponsor));
        Assert.DoesNotContain(after.Page, m => m.Terminated);
        // Ranks and volumes are the period's stored results.
        var period = await db.Periods.SingleAsync(p => p.Key == "2026-10");
        var stored = await (from p in db.PeriodMembers where p.PeriodId == period.Id join m in db.Members on p.MemberId equals m.Id select new { m.Handle, p.Rank, p.Pv, p.Gv, p.Active })
            .ToDictionaryAsync(r => r.Handle);
        Assert.All(after.Page, m => Assert.Equal((stored[m.Handle].Rank, stored[m.Handle].Pv, stored[m.Handle].Gv, stored[m.Handle].Active), (m.Rank, m.Pv, m.Gv, m.Active)));
        Assert.Equal(99.99m, after.Page.Single(m => m.Handle == "B").Pv);

        // A member sees its downline as it was: A still sees B and B1 in October, though B is no longer below it; B does not see A.
        var aId = await db.Members.Where(m => m.Handle == "A").Select(m => m.Id).SingleAsync();
        var bId = await db.Members.Where(m => m.Handle == "B").Select(m => m.Id).SingleAsync();
        Assert.Equal(["B", "B1"], (await asOf.DownlineAsync("A", "2026-10", Tree.Sponsor, 10, 1, 100, viewer: aId)).Unwrap().Page.Select(m => m.Handle));
        Assert.True((await asOf.DownlineAsync("B1", "2026-10", Tree.Sponsor, 10, 1, 100, viewer: aId)).Ok);
        Assert.Equal("A was not in your downline in 2026-10", (await asOf.DownlineAsync("A", "2026-10", Tree.Sponsor, 10, 1, 100, viewer: bId)).Problem!.Message);
        // C joined after the close; November is open.
        Assert.Equal("C was not a member in 2026-10", (await asOf.DownlineAsync("C", "2026-10", Tree.Sponsor, 10, 1, 100)).Problem!.Message);
        Assert.Contains("is not closed", (await asOf.DownlineAsync("ROOT", "2026-11", Tree.Sponsor, 10, 1, 100)).Problem!.Message);
        // Paging keeps level order: one member a page.
        var pages = new List<string>();
        for (var page = 1; page <= 3; page++) pages.Add((await asOf.DownlineAsync("ROOT", "2026-10", Tree.Sponsor, 10, page, 1)).Unwrap().Page.Single().Handle);
        Assert.Equal(["A", "B", "B1"], pages);
    }
}
