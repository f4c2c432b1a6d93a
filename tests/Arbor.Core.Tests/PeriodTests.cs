using Arbor.Core.Catalog;
using Arbor.Core.Ledger;
using Arbor.Core.Orders;
using Arbor.Core.Periods;
using Arbor.Core.Setup;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>A clock that says what the test says.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public static FixedClock On(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero));
}

public class PeriodTests
{
    internal const string Plan = """
        name: Test plan
        currency: EUR
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 50
        bonuses:
          - type: retail_profit
          - type: unilevel
            percents: [10, 5]
        """;

    /// <summary>
    /// ROOT ← A ← B (sponsors), monthly periods, minimum payout 20.00, the test plan from 2026-01-01,
    /// and SHAKE: retail 40, member 30, PV and CV 33.33 per unit.
    /// </summary>
    internal static async Task<TestDatabase> CompanyAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        await using var db = t.Context();
        (await new SetUpCompany(db).RunAsync(new CompanySettings("Test Co", "EUR", MinimumPayout: 20m))).Unwrap();
        (await new PlanVersions(db, TimeProvider.System).UploadAsync(Plan, "plan.yaml", new DateOnly(2026, 1, 1))).Unwrap();
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "A"));
        (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("SHAKE", "Shake", "", "EUR", new Price(new DateOnly(2026, 1, 1), 40m, 30m, 33.33m, 33.33m)))).Unwrap();
        return t;
    }

    internal static async Task<Order> OrderAsync(TestDatabase t, string member, DateOnly date, int quantity)
    {
        await using var db = t.Context();
        return (await new PlaceOrder(db).RunAsync(new OrderRequest(date, [new Item("SHAKE", quantity)], MemberHandle: member))).Unwrap();
    }

    internal static async Task<Outcome<Order>> ReturnAsync(TestDatabase t, string number, DateOnly date, int? quantity)
    {
        await using var db = t.Context();
        return await new ReturnOrder(db).RunAsync(new ReturnRequest(number, date, quantity is { } q ? [new Item("SHAKE", q)] : null));
    }

    internal static async Task<CloseReport> CloseAsync(TestDatabase t, string period, FixedClock clock) =>
        (await new ClosePeriod(t.Database, clock).RunAsync(period)).Unwrap();

    /// <summary>Stored lines as "payee bonus amount source level original?" in a stable order.</summary>
    internal static async Task<List<string>> LinesAsync(TestDatabase t, string period)
    {
        await using var db = t.Context();
        var handles = await db.Members.ToDictionaryAsync(m => m.Id, m => m.Handle);
        var orders = await db.Orders.ToDictionaryAsync(o => o.Id, o => o.Number);
        var id = await db.Periods.Where(p => p.Key == period).Select(p => p.Id).SingleAsync();
        var lines = await db.PayoutLines.Where(l => l.PeriodId == id).OrderBy(l => l.Id).ToListAsync();
        return [.. lines.Select(l => $"{handles[l.PayeeId]} {l.Bonus} {l.Amount:0.00} {(l.SourceOrderId is { } o ? orders[o] : "-")} {l.Level}{(l.OriginalLineId is null ? "" : " reverses")}").Order(StringComparer.Ordinal)];
    }

    internal static async Task<decimal> BalanceAsync(TestDatabase t, string handle)
    {
        await using var db = t.Context();
        return (await new LedgerQueries(db).ForMemberAsync(handle)).Unwrap().Balance;
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Close_StoresTheResultsAndTheLedger_AndASecondCloseIsRefused(string kind)
    {
        using var t = await CompanyAsync(kind);
        // B buys 3 shakes: CV 99.99. A (level 1) 10 % = 9.999 → 10.00; ROOT (level 2) 5 % = 4.9995 → 5.00 (half to even).
        var order = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        var clock = FixedClock.On(2026, 11, 2);
        var report = await CloseAsync(t, "2026-10", clock);
        Assert.Equal(("2026-10", 3, 2, 0, 15.00m), (report.Period, report.Members, report.Lines, report.Clawbacks, report.TotalPayout));
        Assert.Equal([$"A unilevel 10.00 {order.Number} 1", $"ROOT unilevel 5.00 {order.Number} 2"], await LinesAsync(t, "2026-10"));
        Assert.Equal((10.00m, 5.00m, 0m), (await BalanceAsync(t, "A"), await BalanceAsync(t, "ROOT"), await BalanceAsync(t, "B")));

        await using (var db = t.Context())
        {
            var b = await db.Members.SingleAsync(m => m.Handle == "B");
            var figures = await db.PeriodMembers.SingleAsync(p => p.MemberId == b.Id);
            Assert.Equal((99.99m, 99.99m, true, "Bronze", "Bronze"), (figures.Pv, figures.Gv, figures.Active, figures.Rank, figures.HighestRank));
            // The next period starts from the ranks this one reached; the history says when.
            Assert.Equal("Bronze", b.HighestRank);
            Assert.Equal(new DateOnly(2026, 10, 31), (await db.RankHistory.SingleAsync(r => r.MemberId == b.Id)).ReachedOn);
            // Double entry: every transaction sums to zero.
            var entries = await db.LedgerEntries.ToListAsync();
            Assert.Equal(4, entries.Count);
            Assert.All(entries.GroupBy(e => e.TransactionId), g => Assert.Equal(0m, g.Sum(e => e.Amount)));
        }

        var again = await new ClosePeriod(t.Database, clock).RunAsync("2026-10");
        Assert.Equal(new Problem("period", "period 2026-10 is closed already"), again.Problem);
        var early = await new ClosePeriod(t.Database, clock).RunAsync("2026-11");
        Assert.Equal(new Problem("period", "period 2026-11 ends on 2026-11-30: it can be closed from 2026-12-01 on"), early.Problem);
        var outOfOrder = await new ClosePeriod(t.Database, clock).RunAsync("2026-09");
        Assert.Equal("period", outOfOrder.Problem?.Where);
        var skipping = await new ClosePeriod(t.Database, FixedClock.On(2027, 1, 5)).RunAsync("2026-12");
        Assert.Equal(new Problem("period", "periods are closed in order, none skipped: 2026-10 is the last closed, so the next to close is 2026-11"), skipping.Problem);
        await using (var db = t.Context())
        {
            Assert.Equal(1, await db.Periods.CountAsync());
            Assert.Equal(2, await db.PayoutLines.CountAsync());
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ClosedPeriod_TakesNoNewOrders_AndItsReturnsGoIntoTheOpenPeriod(string kind)
    {
        using var t = await CompanyAsync(kind);
        var order = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        await using var db = t.Context();
        var late = await new PlaceOrder(db).RunAsync(new OrderRequest(new DateOnly(2026, 10, 20), [new Item("SHAKE", 1)], MemberHandle: "A"));
        Assert.Equal(new Problem("date", "period 2026-10 is closed: no order dated 2026-10-20 can be created"), late.Problem);
        var backdated = await ReturnAsync(t, order.Number, new DateOnly(2026, 10, 30), 1);
        Assert.Equal(new Problem("date", "period 2026-10 is closed: date the return after 2026-10-31, in the open period"), backdated.Problem);
        Assert.True((await ReturnAsync(t, order.Number, new DateOnly(2026, 11, 3), 1)).Ok);
        Assert.Equal(2, await db.Orders.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task OrdersPlacedWhileACloseRuns_WaitForIt_ThenTheClosedPeriodsAreRefusedAndTheOpenPeriodsStored(string kind)
    {
        using var t = await CompanyAsync(kind);
        await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        using var locked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var close = Task.Run(() => new ClosePeriod(t.Database, FixedClock.On(2026, 11, 2)).RunAsync("2026-10", stage =>
        {
            if (stage != "period") return;
            locked.Set();
            release.Wait(TimeSpan.FromSeconds(60));
        }));
        Assert.True(locked.Wait(TimeSpan.FromSeconds(60)), "the close did not reach its first stage");

        // Orders, new ones sharing the lock with each other, wait while the close holds it alone.
        var late = Task.Run(() => OrderOutcomeAsync(t, "A", new DateOnly(2026, 10, 31)));
        var november = Task.Run(() => OrderOutcomeAsync(t, "A", new DateOnly(2026, 11, 1)));
        await Task.Delay(500);
        Assert.False(late.IsCompleted, "an order was stored while the close held the company lock");
        Assert.False(november.IsCompleted, "an order was stored while the close held the company lock");
        release.Set();

        Assert.Equal("2026-10", (await close).Unwrap().Period);
        Assert.Equal(new Problem("date", "period 2026-10 is closed: no order dated 2026-10-31 can be created"), (await late).Problem);
        Assert.True((await november).Ok);
        await using var db = t.Context();
        Assert.Equal(2, await db.Orders.CountAsync());
    }

    private static async Task<Outcome<Order>> OrderOutcomeAsync(TestDatabase t, string member, DateOnly date)
    {
        await using var db = t.Context();
        return await new PlaceOrder(db).RunAsync(new OrderRequest(date, [new Item("SHAKE", 1)], MemberHandle: member));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Clawbacks_OfPartialAndFullReturns_AreExactToTheCent(string kind)
    {
        using var t = await CompanyAsync(kind);
        var order = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2)); // A 10.00, ROOT 5.00

        // One shake of three back in November: a third of each line, cumulatively.
        // A: round(10.00 × 33.33 / 99.99) = round(3.3333…) = 3.33; ROOT: round(5.00 / 3) = round(1.6666…) = 1.67.
        var first = (await ReturnAsync(t, order.Number, new DateOnly(2026, 11, 3), 1)).Unwrap();
        var november = await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
        Assert.Equal((2, -5.00m), (november.Clawbacks, november.Clawed));
        Assert.Equal([$"A clawback -3.33 {first.Number} 1 reverses", $"ROOT clawback -1.67 {first.Number} 2 reverses"], await LinesAsync(t, "2026-11"));

        // The second in December: two thirds returned so far.
        // A: round(6.6666…) − 3.33 = 6.67 − 3.33 = 3.34; ROOT: round(3.3333…) − 1.67 = 3.33 − 1.67 = 1.66.
        var second = (await ReturnAsync(t, order.Number, new DateOnly(2026, 12, 5), 1)).Unwrap();
        await CloseAsync(t, "2026-12", FixedClock.On(2027, 1, 4));
        Assert.Equal([$"A clawback -3.34 {second.Number} 1 reverses", $"ROOT clawback -1.66 {second.Number} 2 reverses"], await LinesAsync(t, "2026-12"));

        // The rest (all that is left) in January: the whole lines, less what was clawed back: 10.00 − 6.67 = 3.33; 5.00 − 3.33 = 1.67.
        var last = (await ReturnAsync(t, order.Number, new DateOnly(2027, 1, 10), null)).Unwrap();
        await CloseAsync(t, "2027-01", FixedClock.On(2027, 2, 3));
        Assert.Equal([$"A clawback -3.33 {last.Number} 1 reverses", $"ROOT clawback -1.67 {last.Number} 2 reverses"], await LinesAsync(t, "2027-01"));

        // Returned whole: nothing is left of the commissions, and the returns paid no negative unilevel of their own.
        Assert.Equal((0m, 0m), (await BalanceAsync(t, "A"), await BalanceAsync(t, "ROOT")));
        // The returned volume still counts: B's November PV is the return's −33.33.
        await using var db = t.Context();
        var b = await db.Members.SingleAsync(m => m.Handle == "B");
        var novemberId = await db.Periods.Where(p => p.Key == "2026-11").Select(p => p.Id).SingleAsync();
        Assert.Equal(-33.33m, (await db.PeriodMembers.SingleAsync(p => p.PeriodId == novemberId && p.MemberId == b.Id)).Pv);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ReturnOfAnOrderFromBeforeThePeriod_WithNoStoredLines_ChargesNobody(string kind)
    {
        using var t = await CompanyAsync(kind);
        // September is never closed here (closing starts with October), so its order has no stored lines.
        var september = await OrderAsync(t, "B", new DateOnly(2026, 9, 10), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        var back = (await ReturnAsync(t, september.Number, new DateOnly(2026, 11, 3), null)).Unwrap();
        var november = await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
        // Left to the engine, A would get 10 % of −99.99 and ROOT 5 %: commission neither was ever paid.
        Assert.Equal((0, 0, 0m), (november.Lines, november.Clawbacks, november.TotalPayout));
        Assert.Empty(await LinesAsync(t, "2026-11"));
        await using var db = t.Context();
        Assert.Equal(-99.99m, (await db.Orders.SingleAsync(o => o.Number == back.Number)).Cv);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task GeneratedOrderNumber_TakenByHand_IsARefusalNotACrash(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var place = new PlaceOrder(db);
        (await place.RunAsync(new OrderRequest(new DateOnly(2026, 10, 1), [new Item("SHAKE", 1)], MemberHandle: "A", Number: "O00000002"))).Unwrap();
        var generated = await place.RunAsync(new OrderRequest(new DateOnly(2026, 10, 2), [new Item("SHAKE", 1)], MemberHandle: "A"));
        Assert.Equal("number", generated.Problem?.Where);
        Assert.Equal(1, await t.Context().Orders.CountAsync());
    }
}
