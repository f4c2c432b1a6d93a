using Arbor.Core.Autoship;
using Arbor.Core.Catalog;
using Arbor.Core.Customers;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class OrderTests
{
    private static readonly DateOnly Jan = new(2026, 1, 10);
    private static readonly DateOnly Mar = new(2026, 3, 1);

    /// <summary>ROOT and A; product SHAKE (retail 40, member 30, PV 25, CV 20) and BAR (10, 8, 5, 4); from March SHAKE costs 44/33 with PV 27, CV 22.</summary>
    private static async Task<TestDatabase> ShopAsync(string kind)
    {
        var t = await MemberTests.CompanyAsync(kind);
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"));
        await using var db = t.Context();
        var catalog = new Catalog.Catalog(db);
        (await catalog.AddProductAsync(new NewProduct("SHAKE", "Shake", "Vanilla, 30 servings", "EUR", new Price(Jan.AddDays(-9), 40m, 30m, 25m, 20m)))).Unwrap();
        (await catalog.AddProductAsync(new NewProduct("BAR", "Bar", "Box of 12", "EUR", new Price(Jan.AddDays(-9), 10m, 8m, 5m, 4m)))).Unwrap();
        (await catalog.SetPriceAsync("SHAKE", new Price(Mar, 44m, 33m, 27m, 22m))).Unwrap();
        (await new AddCustomer(db).RunAsync(new NewCustomer("Carla", "carla@example.com", "retail", "A", Jan))).Unwrap();
        (await new AddCustomer(db).RunAsync(new NewCustomer("Pia", "pia@example.com", "preferred", "A", Jan))).Unwrap();
        return t;
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task PlaceOrder_TakesThePricesInForceOnItsDate(string kind)
    {
        using var t = await ShopAsync(kind);
        await using var db = t.Context();
        var place = new PlaceOrder(db);
        // January: 2 × SHAKE + 3 × BAR at member prices = 2 × 30 + 3 × 8 = 84; PV 2 × 25 + 3 × 5 = 65; CV 2 × 20 + 3 × 4 = 52.
        var january = (await place.RunAsync(new OrderRequest(Jan, [new Item("SHAKE", 2), new Item("BAR", 3)], MemberHandle: "A"))).Unwrap();
        Assert.Equal(("personal", 65m, 52m, (decimal?)null), (january.Kind, january.Pv, january.Cv, january.Amount));
        // March: SHAKE at 27 PV / 22 CV.
        var march = (await place.RunAsync(new OrderRequest(Mar, [new Item("SHAKE", 1)], MemberHandle: "A"))).Unwrap();
        Assert.Equal((27m, 22m), (march.Pv, march.Cv));
        // Retail customer in March: pays retail 44, wholesale 33, so retail profit 11; attributed to A.
        var retail = (await place.RunAsync(new OrderRequest(Mar, [new Item("SHAKE", 1)], CustomerEmail: "carla@example.com"))).Unwrap();
        Assert.Equal(("retail", 44m, 33m), (retail.Kind, retail.Amount, retail.Wholesale));
        // Preferred customer: pays the member price, no retail profit.
        var preferred = (await place.RunAsync(new OrderRequest(Mar, [new Item("BAR", 2)], CustomerEmail: "pia@example.com"))).Unwrap();
        Assert.Equal((16m, 16m), (preferred.Amount, preferred.Wholesale));

        // The January order still says what it said: stored with its lines' prices.
        var stored = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == january.Number);
        Assert.Equal([30m, 8m], stored.Lines.OrderBy(l => l.Id).Select(l => l.UnitPrice));
        Assert.Equal(52m, stored.Cv);
        var a = await db.Members.SingleAsync(m => m.Handle == "A");
        Assert.All(await db.Orders.ToListAsync(), o => Assert.Equal(a.Id, o.MemberId));
        Assert.Matches("^O[0-9]{8}$", january.Number);

        // A's leg under ROOT: PV 65 (January) + 27 (March) + 27 (Carla's shake) + 2 × 5 (Pia's bars) = 129; January alone: 65.
        var legs = new Genealogy.GenealogyQueries(db);
        Assert.Equal([new Genealogy.Leg("A", 1, 129m)], (await legs.LegsAsync("ROOT", Jan, Mar)).Unwrap());
        Assert.Equal([new Genealogy.Leg("A", 1, 65m)], (await legs.LegsAsync("ROOT", Jan, Jan.AddDays(30))).Unwrap());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task BadOrders_AreRefused_AndNothingIsWritten(string kind)
    {
        using var t = await ShopAsync(kind);
        await using var db = t.Context();
        (await new ChangeStatus(db).RunAsync(new StatusChange("A", "terminated", Jan.AddDays(5), "left", "admin"))).Unwrap();
        var place = new PlaceOrder(db);
        var terminated = await place.RunAsync(new OrderRequest(Jan.AddDays(6), [new Item("BAR", 1)], MemberHandle: "A"));
        Assert.Equal(new Problem("member", "'A' is terminated since 2026-01-15 and cannot order"), terminated.Problem);
        var viaCustomer = await place.RunAsync(new OrderRequest(Jan.AddDays(6), [new Item("BAR", 1)], CustomerEmail: "carla@example.com"));
        Assert.Equal("member", viaCustomer.Problem?.Where);
        var unknownSku = await place.RunAsync(new OrderRequest(Jan, [new Item("NOPE", 1)], MemberHandle: "ROOT"));
        Assert.Equal(new Problem("items", "unknown SKU 'NOPE'"), unknownSku.Problem);
        var zero = await place.RunAsync(new OrderRequest(Jan, [new Item("BAR", 0)], MemberHandle: "ROOT"));
        Assert.Equal("items", zero.Problem?.Where);
        var negative = await new Catalog.Catalog(db).SetPriceAsync("BAR", new Price(Mar, -1m, 8m, 5m, 4m));
        Assert.Equal(new Problem("price", "BAR: a price cannot be negative"), negative.Problem);
        var negativeProduct = await new Catalog.Catalog(db).AddProductAsync(new NewProduct("X", "X", "", "EUR", new Price(Jan, 10m, -2m, 1m, 1m)));
        Assert.Equal("price", negativeProduct.Problem?.Where);

        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.Equal(2, await db.Products.CountAsync());
        Assert.Equal(3, await db.ProductPrices.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task PricesQuantitiesAndTotals_StayWithinTheLimits(string kind)
    {
        using var t = await ShopAsync(kind);
        await using var db = t.Context();
        var catalog = new Catalog.Catalog(db);
        Assert.Equal("price", (await catalog.SetPriceAsync("BAR", new Price(Mar, 79228162514264337593543950335m, 8m, 5m, 4m))).Problem?.Where);
        Assert.Equal("price", (await catalog.SetPriceAsync("BAR", new Price(Mar, 10.001m, 8m, 5m, 4m))).Problem?.Where);
        Assert.Equal("points", (await catalog.SetPriceAsync("BAR", new Price(Mar, 10m, 8m, 1_000_000.01m, 4m))).Problem?.Where);
        Assert.Equal("points", (await catalog.SetPriceAsync("BAR", new Price(Mar, 10m, 8m, 5m, 0.00001m))).Problem?.Where);
        // The largest unit price is accepted; a thousand of them is the largest order.
        (await catalog.AddProductAsync(new NewProduct("GOLD", "Gold", "", "EUR", new Price(Jan, Limits.UnitPrice, Limits.UnitPrice, 0.0001m, 1m)))).Unwrap();

        var place = new PlaceOrder(db);
        var tooMany = await place.RunAsync(new OrderRequest(Jan, [new Item("BAR", Limits.Quantity + 1)], MemberHandle: "A"));
        Assert.Equal(new Problem("items", "BAR: the quantity must be 1 to 1000, not 1001"), tooMany.Problem);
        var tooMuch = await place.RunAsync(new OrderRequest(Jan, [new Item("GOLD", Limits.Quantity), new Item("GOLD", 1)], MemberHandle: "A"));
        Assert.Equal("items", tooMuch.Problem?.Where);
        var largest = (await place.RunAsync(new OrderRequest(Jan, [new Item("GOLD", Limits.Quantity)], CustomerEmail: "carla@example.com"))).Unwrap();
        Assert.Equal(Limits.OrderTotal, largest.Amount);
        var autoship = await new Autoships(db).SubscribeAsync(new Subscription(5, Jan, [new Item("BAR", int.MaxValue)], MemberHandle: "A"));
        Assert.Equal("items", autoship.Problem?.Where);
        Assert.Equal(1, await db.Orders.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Returns_NeverExceedWhatWasBought(string kind)
    {
        using var t = await ShopAsync(kind);
        await using var db = t.Context();
        var order = (await new PlaceOrder(db).RunAsync(new OrderRequest(Jan, [new Item("SHAKE", 2), new Item("BAR", 3)], CustomerEmail: "carla@example.com"))).Unwrap();
        var returns = new ReturnOrder(db);

        // One SHAKE back: PV −25, CV −20, refund −40 retail, wholesale −30.
        var first = (await returns.RunAsync(new ReturnRequest(order.Number, Jan.AddDays(3), [new Item("SHAKE", 1)]))).Unwrap();
        Assert.Equal(("return", -25m, -20m, (decimal?)-40m, (decimal?)-30m, order.Id), (first.Kind, first.Pv, first.Cv, first.Amount, first.Wholesale, first.OriginalOrderId));

        var tooMany = await returns.RunAsync(new ReturnRequest(order.Number, Jan.AddDays(4), [new Item("SHAKE", 2)]));
        Assert.Equal(new Problem("items", $"return exceeds what was bought: '{order.Number}' has 2 × SHAKE, 1 returned already, 2 asked"), tooMany.Problem);
        var notInOrder = await returns.RunAsync(new ReturnRequest(order.Number, Jan.AddDays(4), [new Item("NOPE", 1)]));
        Assert.Equal("items", notInOrder.Problem?.Where);
        var returnOfReturn = await returns.RunAsync(new ReturnRequest(first.Number, Jan.AddDays(4)));
        Assert.Equal("original", returnOfReturn.Problem?.Where);

        // The rest: 1 SHAKE and 3 BAR: PV −(25 + 15) = −40, CV −(20 + 12) = −32.
        var rest = (await returns.RunAsync(new ReturnRequest(order.Number, Jan.AddDays(5)))).Unwrap();
        Assert.Equal((-40m, -32m), (rest.Pv, rest.Cv));
        var nothingLeft = await returns.RunAsync(new ReturnRequest(order.Number, Jan.AddDays(6)));
        Assert.Equal("items", nothingLeft.Problem?.Where);
        Assert.Equal(3, await db.Orders.CountAsync());
        Assert.Equal(0m, (await db.Orders.Select(o => o.Cv).ToListAsync()).Sum());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Autoship_CreatesTheDueOrders_Once(string kind)
    {
        using var t = await ShopAsync(kind);
        await using var db = t.Context();
        var autoships = new Autoships(db);
        (await autoships.SubscribeAsync(new Subscription(15, Jan, [new Item("SHAKE", 1)], MemberHandle: "A"))).Unwrap();
        (await autoships.SubscribeAsync(new Subscription(31, Jan, [new Item("BAR", 2)], CustomerEmail: "pia@example.com"))).Unwrap();
        (await autoships.SubscribeAsync(new Subscription(15, Mar, [new Item("BAR", 1)], MemberHandle: "ROOT"))).Unwrap();

        var jan15 = await autoships.RunAsync(new DateOnly(2026, 1, 15));
        Assert.Single(jan15.Created);
        var again = await autoships.RunAsync(new DateOnly(2026, 1, 15));
        Assert.Equal((0, 1), (again.Created.Count, again.AlreadyDone));
        // February has 28 days: the day-31 autoship falls due on the 28th.
        var feb28 = await autoships.RunAsync(new DateOnly(2026, 2, 28));
        Assert.Single(feb28.Created);
        var mar15 = await autoships.RunAsync(new DateOnly(2026, 3, 15));
        Assert.Equal(2, mar15.Created.Count);
        Assert.Equal(4, await db.Orders.CountAsync());
        Assert.Equal(4, await db.AutoshipRuns.CountAsync());
    }
}
