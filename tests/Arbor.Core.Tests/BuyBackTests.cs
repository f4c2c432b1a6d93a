using Arbor.Core.Catalog;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>
/// Inventory buyback (issue 17, item 5): a leaving member's personal orders of the last 12 months back for at
/// least 90 % of what it paid, as returns with their clawbacks, the member terminated, all or nothing.
/// The company is <see cref="PeriodTests.CompanyAsync"/>: ROOT ← A ← B, SHAKE at member price 30.00, PV = CV = 33.33,
/// unilevel 10 % and 5 %.
/// </summary>
public class BuyBackTests
{
    private static readonly FixedClock Clock = FixedClock.On(2027, 1, 10);

    private static async Task<Outcome<BuyBackResult>> BuyBackAsync(TestDatabase t, string member, DateOnly date, decimal percent = 90m, params BuyBackLine[] items)
    {
        await using var db = t.Context();
        return await new BuyBack(db, Clock).RunAsync(new BuyBackRequest(member, date, "staff-1", percent, items.Length == 0 ? null : items));
    }

    private static async Task<BuyBackPreview> PreviewAsync(TestDatabase t, string member, DateOnly date, decimal percent = 90m)
    {
        await using var db = t.Context();
        return (await new BuyBackQuery(db).PreviewAsync(member, date, percent)).Unwrap();
    }

    [Fact]
    public void WindowStart_IsTheSameDayTwelveMonthsBefore_OrTheMonthsLastDay()
    {
        Assert.Equal(new DateOnly(2025, 12, 10), BuyBackRule.WindowStart(new DateOnly(2026, 12, 10)));
        Assert.Equal(new DateOnly(2023, 2, 28), BuyBackRule.WindowStart(new DateOnly(2024, 2, 29)));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Window_TakesOrdersFromTheSameDayTwelveMonthsBefore_NotTheDayBefore(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var dayBefore = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 1, 9), 1);
        var first = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 1, 10), 2);
        var sameDay = await PeriodTests.OrderAsync(t, "B", new DateOnly(2027, 1, 10), 1);
        var date = new DateOnly(2027, 1, 10);

        var preview = await PreviewAsync(t, "B", date);
        Assert.Equal(new DateOnly(2026, 1, 10), preview.WindowStart);
        Assert.Equal([(first.Number, "SHAKE", 2), (sameDay.Number, "SHAKE", 1)], preview.Items.Select(i => (i.OrderNumber, i.Sku, i.Returnable)));
        // Paid 3 × 30.00 = 90.00; refund per order: 60.00 × 0.9 = 54.00 and 30.00 × 0.9 = 27.00.
        Assert.Equal((90.00m, 81.00m), (preview.Paid, preview.Refund));

        var outside = await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(dayBefore.Number, "SHAKE", 1));
        Assert.Equal(new Problem("items", $"'{dayBefore.Number}' is not a personal order of 'B' dated 2026-01-10 to 2027-01-10 with anything left to return"), outside.Problem);

        var done = (await BuyBackAsync(t, "B", date)).Unwrap();
        Assert.Equal([first.Number, sameDay.Number], done.Returns.Select(o => o.OriginalNumber));
        Assert.Equal((90.00m, 81.00m), (done.Paid, done.Refund));
        await using var db = t.Context();
        // The order from before the window stays bought: no return references it.
        Assert.False(await db.Orders.AnyAsync(o => o.OriginalNumber == dayBefore.Number));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task BuyBack_ReturnsEverything_TerminatesTheMember_AndAudits(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var order = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        var done = (await BuyBackAsync(t, "B", new DateOnly(2026, 10, 20))).Unwrap();

        var back = Assert.Single(done.Returns);
        // 3 × SHAKE: PV and CV −99.99; paid 90.00, refund 90 % = −81.00.
        Assert.Equal(("return", order.Id, order.Number, -99.99m, -99.99m, (decimal?)-81.00m, (decimal?)null), (back.Kind, back.OriginalOrderId, back.OriginalNumber, back.Pv, back.Cv, back.Amount, back.Wholesale));
        Assert.Equal(("terminated", new DateOnly(2026, 10, 20)), (done.Member.Status, done.Member.StatusSince));

        await using var db = t.Context();
        var stored = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == back.Id);
        var original = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == order.Id);
        Assert.Equal((original.Lines[0].Id, 3, 30.00m), (stored.Lines[0].OriginalLineId!.Value, stored.Lines[0].Quantity, stored.Lines[0].UnitPrice));
        Assert.Matches("^O[0-9]{8}$", stored.Number);
        var b = await db.Members.SingleAsync(m => m.Handle == "B");
        var change = await db.MemberStatusChanges.SingleAsync(c => c.MemberId == b.Id && c.Status == "terminated");
        Assert.Equal((BuyBack.Reason, "staff-1", new DateOnly(2026, 10, 20)), (change.Reason, change.ChangedBy, change.EffectiveOn));
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("staff-1", "member-buyback", "B"), (audit.Actor, audit.Action, audit.Subject));
        Assert.Equal($"terminated from 2026-10-20; returns {back.Number} (of {order.Number}); paid 90.00, refund 81.00 at 90 %", audit.Details);

        var again = await BuyBackAsync(t, "B", new DateOnly(2026, 10, 21));
        Assert.Equal(new Problem("member", "'B' is terminated since 2026-10-20: a buyback is for a member who leaves"), again.Problem);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task AlreadyReturned_IsNotBoughtBackAgain(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var three = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 1), 3);
        var two = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 2), 2);
        (await PeriodTests.ReturnAsync(t, three.Number, new DateOnly(2026, 10, 5), 1)).Unwrap();
        (await PeriodTests.ReturnAsync(t, two.Number, new DateOnly(2026, 10, 5), null)).Unwrap();
        var date = new DateOnly(2026, 10, 20);

        var item = Assert.Single((await PreviewAsync(t, "B", date)).Items);
        Assert.Equal((three.Number, 3, 1, 2), (item.OrderNumber, item.Bought, item.Returned, item.Returnable));

        var tooMany = await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(three.Number, "SHAKE", 3));
        Assert.Equal(new Problem("items", $"return exceeds what was bought: '{three.Number}' has 3 × SHAKE, 1 returned already, 3 asked"), tooMany.Problem);
        var wholeReturned = await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(two.Number, "SHAKE", 1));
        Assert.Equal("items", wholeReturned.Problem?.Where);

        // The two left: paid 60.00, refund 54.00; PV −66.66.
        var back = Assert.Single((await BuyBackAsync(t, "B", date)).Unwrap().Returns);
        Assert.Equal((-66.66m, (decimal?)-54.00m), (back.Pv, back.Amount));
    }

    /// <summary>TEA at member price 12.35: refund = 12.35 × quantity × percent / 100, rounded once to cents, half to even.</summary>
    public static TheoryData<int, decimal, decimal> Refunds => new()
    {
        { 1, 90m, 11.12m },    // 11.115 → half to even → 11.12
        { 3, 90m, 33.34m },    // 37.05 × 0.9 = 33.345 → 33.34
        { 1, 95m, 11.73m },    // 11.7325 → 11.73
        { 1, 92.5m, 11.42m },  // 11.42375 → 11.42
        { 2, 100m, 24.70m },   // all of it
    };

    [Theory]
    [OnSqlite(With = nameof(Refunds)), OnPostgres(With = nameof(Refunds))]
    public async Task Refund_IsThePercentOfWhatWasPaid_InCentsHalfToEven(string kind, int quantity, decimal percent, decimal refund)
    {
        using var t = await TeaCompanyAsync(kind);
        await using (var db = t.Context()) (await new PlaceOrder(db).RunAsync(new OrderRequest(new DateOnly(2026, 10, 1), [new Item("TEA", quantity)], MemberHandle: "B"))).Unwrap();
        Assert.Equal(refund, (await PreviewAsync(t, "B", new DateOnly(2026, 10, 20), percent)).Refund);
        var done = (await BuyBackAsync(t, "B", new DateOnly(2026, 10, 20), percent)).Unwrap();
        Assert.Equal((12.35m * quantity, refund, (decimal?)-refund), (done.Paid, done.Refund, done.Returns[0].Amount));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Refund_IsRoundedPerReturnOrder(string kind)
    {
        using var t = await TeaCompanyAsync(kind);
        await using (var db = t.Context())
        {
            foreach (var day in new[] { 1, 2 }) (await new PlaceOrder(db).RunAsync(new OrderRequest(new DateOnly(2026, 10, day), [new Item("TEA", 1)], MemberHandle: "B"))).Unwrap();
        }
        // Each return stores its own refund: 11.115 → 11.12 twice = 22.24 (rounding the 22.23 total once would give 22.23).
        var done = (await BuyBackAsync(t, "B", new DateOnly(2026, 10, 20))).Unwrap();
        Assert.Equal((24.70m, 22.24m), (done.Paid, done.Refund));
        Assert.Equal([-11.12m, -11.12m], done.Returns.Select(o => o.Amount!.Value));
    }

    private static async Task<TestDatabase> TeaCompanyAsync(string kind)
    {
        var t = await PeriodTests.CompanyAsync(kind);
        await using var db = t.Context();
        (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("TEA", "Tea", "", "EUR", new Price(new DateOnly(2026, 1, 1), 15m, 12.35m, 10m, 10m)))).Unwrap();
        return t;
    }

    public static TheoryData<decimal, string> BadPercents => new()
    {
        { 89.99m, "the refund must be at least 90 % of what was paid (DSA and WFDSA codes of conduct), not 89.99 %" },
        { 0m, "the refund must be at least 90 % of what was paid (DSA and WFDSA codes of conduct), not 0 %" },
        { 100.01m, "the refund is at most 100 % of what was paid, not 100.01 %" },
        { 90.001m, "the percent has at most 2 decimals, not 90.001" },
    };

    [Theory]
    [OnSqlite(With = nameof(BadPercents)), OnPostgres(With = nameof(BadPercents))]
    public async Task Percent_BelowTheCodesOfConductOrAbove100_IsRefused(string kind, decimal percent, string message)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 1), 1);
        Assert.Equal(new Problem("percent", message), (await BuyBackAsync(t, "B", new DateOnly(2026, 10, 20), percent)).Problem);
        await using var db = t.Context();
        Assert.Equal(new Problem("percent", message), (await new BuyBackQuery(db).PreviewAsync("B", new DateOnly(2026, 10, 20), percent)).Problem);
        await AssertNothingWrittenAsync(t, orders: 1);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task RefusedBuybacks_WriteNothing(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var september = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 9, 10), 1);
        await PeriodTests.CloseAsync(t, "2026-09", FixedClock.On(2026, 10, 2));
        var october = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 10), 2);
        var date = new DateOnly(2026, 10, 20);

        Assert.Equal(new Problem("member", "unknown member 'NOBODY'"), (await BuyBackAsync(t, "NOBODY", date)).Problem);
        Assert.Equal(new Problem("date", "period 2026-09 is closed: date the buyback after 2026-09-30, in the open period"), (await BuyBackAsync(t, "B", new DateOnly(2026, 9, 30))).Problem);
        Assert.Equal(new Problem("date", $"'B' ordered after 2026-10-05 ({october.Number} on 2026-10-10): date the buyback on or after its last order"), (await BuyBackAsync(t, "B", new DateOnly(2026, 10, 5))).Problem);
        Assert.Equal(new Problem("items", "'A' has nothing to buy back: no personal order dated 2025-10-20 to 2026-10-20 that is not wholly returned"), (await BuyBackAsync(t, "A", date)).Problem);
        Assert.Equal(new Problem("items", $"{october.Number} SHAKE: the quantity must be 1 to 1000, not 0"), (await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(october.Number, "SHAKE", 0))).Problem);
        Assert.Equal("items", (await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(october.Number, "BAR", 1))).Problem?.Where);
        Assert.Equal("items", (await BuyBackAsync(t, "B", date, 90m, new BuyBackLine("O99999999", "SHAKE", 1))).Problem?.Where);
        await using (var db = t.Context())
        {
            Assert.Equal("by", (await new BuyBack(db, Clock).RunAsync(new BuyBackRequest("B", date, " "))).Problem?.Where);
            Assert.Equal("items", (await new BuyBack(db, Clock).RunAsync(new BuyBackRequest("B", date, "staff-1", Items: []))).Problem?.Where);
        }

        // All or nothing: the first return is made inside the transaction, the second is refused, and neither stays.
        var partly = await BuyBackAsync(t, "B", date, 90m, new BuyBackLine(september.Number, "SHAKE", 1), new BuyBackLine(october.Number, "SHAKE", 3));
        Assert.Equal(new Problem("items", $"return exceeds what was bought: '{october.Number}' has 2 × SHAKE, 0 returned already, 3 asked"), partly.Problem);
        await AssertNothingWrittenAsync(t, orders: 2);

        // The returns are made, then the termination is refused (B's status changed after the buyback's date): nothing stays.
        await using (var db = t.Context()) (await new ChangeStatus(db).RunAsync(new StatusChange("B", "suspended", new DateOnly(2026, 10, 25), "pause", "staff-1"))).Unwrap();
        var beforeStatus = await BuyBackAsync(t, "B", date);
        Assert.Equal("effective_on", beforeStatus.Problem?.Where);
        await using var check = t.Context();
        Assert.Equal(2, await check.Orders.CountAsync());
        Assert.Equal("suspended", (await check.Members.SingleAsync(m => m.Handle == "B")).Status);
        Assert.Equal(0, await check.AuditEntries.CountAsync());
    }

    private static async Task AssertNothingWrittenAsync(TestDatabase t, int orders)
    {
        await using var db = t.Context();
        Assert.Equal(orders, await db.Orders.CountAsync());
        Assert.False(await db.Orders.AnyAsync(o => o.Kind == "return"));
        Assert.Equal("active", (await db.Members.SingleAsync(m => m.Handle == "B")).Status);
        Assert.False(await db.MemberStatusChanges.AnyAsync(c => c.Status == "terminated"));
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task BuyBack_OfAClosedPeriodsOrder_IsClawedBackAtTheNextClose(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        // October: B buys 3 shakes, CV 99.99: A 10 % = 10.00, ROOT 5 % = 5.00 (as in PeriodTests).
        var october = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await PeriodTests.CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        // November: one more shake, then B leaves and everything goes back at 90 %.
        var november = await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 11, 5), 1);
        var done = (await BuyBackAsync(t, "B", new DateOnly(2026, 11, 20))).Unwrap();
        var (backOctober, backNovember) = (done.Returns.Single(o => o.OriginalNumber == october.Number), done.Returns.Single(o => o.OriginalNumber == november.Number));
        // Refund: 90.00 × 0.9 = 81.00 and 30.00 × 0.9 = 27.00.
        Assert.Equal((-81.00m, -27.00m, 108.00m), (backOctober.Amount!.Value, backNovember.Amount!.Value, done.Refund));

        var report = await PeriodTests.CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
        // The October order, returned whole from a closed period: its stored lines are clawed back whole, A −10.00, ROOT −5.00.
        // The November order and its return, both in November: the engine's, 10 % and 5 % of CV 33.33 each way:
        // A 3.333 → 3.33, ROOT 1.6665 → 1.67, and the same negative.
        Assert.Equal((2, -15.00m), (report.Clawbacks, report.Clawed));
        Assert.Equal(
            [
                $"A clawback -10.00 {backOctober.Number} 1 reverses", $"A unilevel -3.33 {backNovember.Number} 1", $"A unilevel 3.33 {november.Number} 1",
                $"ROOT clawback -5.00 {backOctober.Number} 2 reverses", $"ROOT unilevel -1.67 {backNovember.Number} 2", $"ROOT unilevel 1.67 {november.Number} 2",
            ],
            await PeriodTests.LinesAsync(t, "2026-11"));
        Assert.Equal((0m, 0m, 0m), (await PeriodTests.BalanceAsync(t, "A"), await PeriodTests.BalanceAsync(t, "ROOT"), await PeriodTests.BalanceAsync(t, "B")));
    }
}
