using Arbor.Core.Audit;
using Arbor.Core.Catalog;
using Arbor.Core.Demo;
using Arbor.Core.Ledger;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>The back office's queries: what they list agrees with the rows and the engine's figures.</summary>
public class BackOfficeQueryTests
{
    private static readonly DateOnly Today = new(2026, 12, 10);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static async Task<TestDatabase> DemoAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(80, 3, Today))).Unwrap();
        (await new DemoHistory(t.Database, new Clock(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero))).CloseAsync()).Unwrap();
        return t;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_preview_summary_adds_up_to_the_engines_result(string kind)
    {
        using var t = await DemoAsync(kind);
        var computed = (await PeriodComputation.ComputeAsync(t.Database, "2026-12")).Unwrap();
        var summary = await PeriodSummary.OfAsync(t.Database, computed, top: 5);
        Assert.Equal(80, summary.Members);
        Assert.Equal(computed.Result.ActiveMembers, summary.Active);
        // Every bonus but retail profit is the company's payout.
        Assert.Equal(summary.TotalPayout, summary.ByBonus.Where(b => b.Bonus != "retail_profit").Sum(b => b.Amount));
        Assert.True(summary.TopEarners.Count <= 5);
        Assert.Equal(summary.TopEarners.OrderByDescending(e => e.Amount).Select(e => e.Amount), summary.TopEarners.Select(e => e.Amount));
        Assert.All(summary.TopEarners, e => Assert.False(string.IsNullOrEmpty(e.Name)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Period_figures_and_payout_batches_list_every_closed_period(string kind)
    {
        using var t = await DemoAsync(kind);
        var closed = await PeriodList.ClosedAsync(t.Database);
        var figures = await PeriodFiguresQuery.ClosedAsync(t.Database);
        Assert.Equal(closed.Select(p => p.Key).Reverse(), figures.Select(f => f.Period));
        await using var db = t.Database.CreateContext();
        var last = figures[^1];
        Assert.Equal(await db.Members.CountAsync(m => m.JoinedOn >= last.From && m.JoinedOn <= last.To), last.Enrollments);
        Assert.Equal(await db.PeriodMembers.CountAsync(p => p.Active && db.Periods.Any(x => x.Id == p.PeriodId && x.Key == last.Period)), last.Active);
        var payouts = await PayoutBatchList.ClosedAsync(t.Database);
        Assert.Equal(closed.Count, payouts.Count);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Orders_and_members_are_found_by_number_handle_name_or_email(string kind)
    {
        using var t = await DemoAsync(kind);
        await using var db = t.Database.CreateContext();
        var member = await db.Members.OrderBy(m => m.Id).Skip(5).FirstAsync();
        var byHandle = await new OrderQueries(db).SearchAsync(member.Handle, 1, 200);
        Assert.NotEmpty(byHandle);
        Assert.All(byHandle, o => Assert.Equal(member.Handle, o.MemberHandle));
        Assert.Equal(byHandle.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id), byHandle);
        var one = await new OrderQueries(db).SearchAsync(byHandle[0].Number, 1, 10);
        Assert.Equal(byHandle[0].Number, Assert.Single(one).Number);

        var queries = new MemberQueries(db);
        Assert.Contains(await queries.SearchAsync(member.Name.ToUpperInvariant(), 1, 50), m => m.Id == member.Id);
        Assert.Contains(await queries.SearchAsync(member.Email, 1, 50), m => m.Id == member.Id);
        var firstPage = await queries.SearchAsync(null, 1, 10);
        var secondPage = await queries.SearchAsync(null, 2, 10);
        Assert.Empty(firstPage.Select(m => m.Id).Intersect(secondPage.Select(m => m.Id)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_catalog_shows_todays_price_and_the_next_and_the_audit_log_keeps_staff_actions(string kind)
    {
        using var t = await DemoAsync(kind);
        await using var db = t.Database.CreateContext();
        var sku = (await db.Products.OrderBy(p => p.Sku).FirstAsync()).Sku;
        var later = new Price(Today.AddDays(30), 99m, 80m, 50m, 40m);
        (await new Catalog.Catalog(db).SetPriceAsync(sku, later)).Unwrap();
        var listing = (await new CatalogQueries(db).OnAsync(Today)).Single(l => l.Product.Sku == sku);
        Assert.True(listing.Current!.EffectiveFrom <= Today);
        Assert.Equal(later.EffectiveFrom, listing.Next!.EffectiveFrom);

        var log = new AuditLog(t.Database, new Clock(new DateTimeOffset(2026, 12, 10, 9, 30, 0, TimeSpan.Zero)));
        await log.RecordAsync("alice", "product-price", sku, "later price");
        var entry = Assert.Single(await log.RecentAsync(1));
        Assert.Equal(("alice", "product-price", sku), (entry.Actor, entry.Action, entry.Subject));
    }
}
