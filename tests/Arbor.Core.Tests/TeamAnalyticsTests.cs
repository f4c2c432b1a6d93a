using Arbor.Core.Analytics;
using Arbor.Core.Catalog;
using Arbor.Core.Customers;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Setup;
using Arbor.Data;

namespace Arbor.Core.Tests;

/// <summary>A distributor's analytics against figures worked out by hand on a small company.</summary>
public class TeamAnalyticsTests
{
    private static readonly DateOnly Today = new(2026, 4, 20);

    /// <summary>
    /// ROOT (joined 2025-06-01) sponsors A (2025-12-10), B (2026-01-15) and D (2026-03-01, terminated
    /// from 2026-03-20); A sponsors C (2026-02-03). SHAKE: retail 40, member 30, PV 10. ROOT's
    /// customers: Cat (from 2026-01-02) and Eve (from 2026-03-15); A's customer: Dan (from 2026-02-01).
    /// </summary>
    private static async Task<TestDatabase> CompanyAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        await using var db = t.Context();
        (await new SetUpCompany(db).RunAsync(new CompanySettings("Test Co", "EUR"))).Unwrap();
        (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("SHAKE", "Shake", "", "EUR", new Price(new DateOnly(2025, 1, 1), 40m, 30m, 10m, 10m)))).Unwrap();
        foreach (var (handle, sponsor, joined) in new[] { ("ROOT", (string?)null, new DateOnly(2025, 6, 1)), ("A", "ROOT", new DateOnly(2025, 12, 10)),
                     ("B", "ROOT", new DateOnly(2026, 1, 15)), ("C", "A", new DateOnly(2026, 2, 3)), ("D", "ROOT", new DateOnly(2026, 3, 1)) })
        {
            (await new EnrollMember(db).RunAsync(MemberTests.Person(handle, sponsor) with { JoinedOn = joined })).Unwrap();
        }
        foreach (var (name, referrer, since) in new[] { ("Cat", "ROOT", new DateOnly(2026, 1, 2)), ("Dan", "A", new DateOnly(2026, 2, 1)), ("Eve", "ROOT", new DateOnly(2026, 3, 15)) })
        {
            (await new AddCustomer(db).RunAsync(new NewCustomer(name, $"{name.ToLowerInvariant()}@example.com", "retail", referrer, since))).Unwrap();
        }
        var place = new PlaceOrder(db);
        async Task<Order> Own(string member, DateOnly day, int quantity) => (await place.RunAsync(new OrderRequest(day, [new Item("SHAKE", quantity)], MemberHandle: member))).Unwrap();
        async Task Retail(string customer, DateOnly day, int quantity) => (await place.RunAsync(new OrderRequest(day, [new Item("SHAKE", quantity)], CustomerEmail: $"{customer}@example.com"))).Unwrap();
        await Own("ROOT", new DateOnly(2026, 1, 3), 1);
        await Own("A", new DateOnly(2026, 1, 20), 1);
        await Own("A", new DateOnly(2026, 3, 5), 2);
        var b = await Own("B", new DateOnly(2026, 2, 10), 1);
        (await new ReturnOrder(db).RunAsync(new ReturnRequest(b.Number, new DateOnly(2026, 2, 12), null))).Unwrap();
        await Own("C", new DateOnly(2026, 2, 5), 3);
        await Own("D", new DateOnly(2026, 3, 2), 1);
        await Retail("cat", new DateOnly(2026, 1, 10), 2);
        await Retail("dan", new DateOnly(2026, 2, 15), 1);
        await Retail("cat", new DateOnly(2026, 4, 2), 1);
        (await new ChangeStatus(db).RunAsync(new StatusChange("D", "terminated", new DateOnly(2026, 3, 20), "left", "test"))).Unwrap();
        return t;
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Month_by_month_the_figures_are_those_worked_out_by_hand(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var root = db.Members.Single(m => m.Handle == "ROOT");
        var report = await new TeamAnalytics(db).OfAsync(root.Id, Today, months: 4);

        // January: team A, B (2); active A (its own 10 PV); joined B; ROOT's customers Cat; retail Cat's 2 × 40;
        //   team PV ROOT 10 + Cat 20 + A 10 = 40, of which customers 20: 50 %.
        // February: team A, B, C (3); active A (Dan's order is A's volume) and C (B's order was returned: net 0); joined C;
        //   customers Cat; no retail for ROOT; PV B 10 − 10 + C 30 + Dan 10 = 40, customers 10: 25 %.
        // March: D joined and was terminated by the month's end: team A, B, C (3); active A (20 PV); joined D;
        //   customers Cat, Eve; PV A 20 + D 10 = 30, customers 0: 0 %.
        // April (to the 20th): team 3, nobody active; customers 2; Cat's 40; PV Cat's 10, all customers': 100 %.
        Assert.Equal(
        [
            new MonthFigures(new DateOnly(2026, 1, 1), 2, 1, 1, 1, 80m, 40m, 20m, 50.0m),
            new MonthFigures(new DateOnly(2026, 2, 1), 3, 2, 1, 1, 0m, 40m, 10m, 25.0m),
            new MonthFigures(new DateOnly(2026, 3, 1), 3, 1, 1, 2, 0m, 30m, 0m, 0m),
            new MonthFigures(new DateOnly(2026, 4, 1), 3, 0, 0, 2, 40m, 10m, 10m, 100.0m),
        ], report.Months);

        // Recruits A (Dec), B (Jan), D (Mar). After 3 months: A and B are old enough; A had volume in March, B none in April: 1 of 2.
        // After 6 and 12 months: nobody joined long enough ago.
        Assert.Equal([new Retention(3, 2, 1), new Retention(6, 0, 0), new Retention(12, 0, 0)], report.Retention);
        Assert.Equal(50.0m, report.Retention[0].Percent);

        // A's own view: its team is C alone; its customer Dan bought in February.
        var a = db.Members.Single(m => m.Handle == "A");
        var mine = await new TeamAnalytics(db).OfAsync(a.Id, Today, months: 4);
        Assert.Equal([0, 1, 1, 1], mine.Months.Select(m => m.TeamSize));
        Assert.Equal([0m, 40m, 0m, 0m], mine.Months.Select(m => m.RetailSales));
        Assert.Equal([0, 0, 0], mine.Retention.Select(r => r.Recruits));
    }
}
