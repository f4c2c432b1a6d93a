using Arbor.Core.Catalog;
using Arbor.Core.Customers;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Shop;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>Markets: a country's own currency and price list, converted into the company's currency for the books.</summary>
public class MarketTests
{
    private static readonly DateOnly Jan = new(2026, 1, 10);
    private static readonly DateOnly Feb = new(2026, 2, 1);

    /// <summary>
    /// A EUR company: ROOT (DE) and PL1 (PL) under it. SHAKE: retail 40, member 30, PV 25, CV 20;
    /// BAR: 10, 8, PV 5, CV 4. Market PL in PLN at 0.2345 EUR per PLN; SHAKE costs 169.99 / 127.49 PLN
    /// there from January, 179.99 / 134.99 from February; BAR has no PLN price.
    /// </summary>
    private static async Task<TestDatabase> CompanyAsync(string kind)
    {
        var t = await MemberTests.CompanyAsync(kind);
        await using var db = t.Context();
        (await new EnrollMember(db).RunAsync(MemberTests.Person("ROOT", null))).Unwrap();
        (await new EnrollMember(db).RunAsync(MemberTests.Person("PL1", "ROOT") with { Country = "PL", Language = "pl" })).Unwrap();
        var catalog = new Catalog.Catalog(db);
        (await catalog.AddProductAsync(new NewProduct("SHAKE", "Shake", "Vanilla", "EUR", new Price(Jan.AddDays(-9), 40m, 30m, 25m, 20m)))).Unwrap();
        (await catalog.AddProductAsync(new NewProduct("BAR", "Bar", "Box of 12", "EUR", new Price(Jan.AddDays(-9), 10m, 8m, 5m, 4m)))).Unwrap();
        var markets = new Markets(db);
        (await markets.SetAsync("pl", "pln", 0.2345m)).Unwrap();
        (await markets.SetPriceAsync("SHAKE", "PL", Jan.AddDays(-9), 169.99m, 127.49m)).Unwrap();
        (await markets.SetPriceAsync("SHAKE", "PL", Feb, 179.99m, 134.99m)).Unwrap();
        (await new AddCustomer(db).RunAsync(new NewCustomer("Ola", "ola@example.com", "retail", "PL1", Jan))).Unwrap();
        return t;
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task AMarketMember_PaysTheMarketsPrices_AndTheBooksCountThemConverted(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var place = new PlaceOrder(db);

        // PL1's own order, January: 2 × 127.49 PLN = 254.98 PLN. One unit in EUR: 127.49 × 0.2345 = 29.896405 → 29.90.
        // PV and CV are the product's own: 2 × 25, 2 × 20.
        var own = (await place.RunAsync(new OrderRequest(Jan, [new Item("SHAKE", 2)], MemberHandle: "PL1"))).Unwrap();
        Assert.Equal(("PLN", 50m, 40m, (decimal?)null, (decimal?)null), (own.Currency, own.Pv, own.Cv, own.Amount, own.LocalAmount));
        Assert.Equal((29.90m, 29.90m, (decimal?)127.49m), (own.Lines[0].UnitPrice, own.Lines[0].UnitMemberPrice, own.Lines[0].UnitLocalPrice));

        // Ola (PL1's retail customer), February: 3 × 179.99 = 539.97 PLN paid. In EUR per unit:
        // retail 179.99 × 0.2345 = 42.207655 → 42.21, member 134.99 × 0.2345 = 31.655155 → 31.66;
        // amount 3 × 42.21 = 126.63, wholesale 3 × 31.66 = 94.98 (retail profit 31.65 EUR).
        var retail = (await place.RunAsync(new OrderRequest(Feb, [new Item("SHAKE", 3)], CustomerEmail: "ola@example.com"))).Unwrap();
        Assert.Equal(("PLN", (decimal?)539.97m, (decimal?)126.63m, (decimal?)94.98m), (retail.Currency, retail.LocalAmount, retail.Amount, retail.Wholesale));
        Assert.Equal(539.97m, PlaceOrder.Paid(retail));

        // A return of one shake refunds 179.99 PLN, 42.21 EUR, and takes 25 PV back.
        var back = (await new ReturnOrder(db).RunAsync(new ReturnRequest(retail.Number, Feb.AddDays(3), [new Item("SHAKE", 1)]))).Unwrap();
        Assert.Equal(("PLN", (decimal?)-179.99m, (decimal?)-42.21m, (decimal?)-31.66m, -25m), (back.Currency, back.LocalAmount, back.Amount, back.Wholesale, back.Pv));

        // ROOT (DE, no market) pays the company's own list in EUR, with no local price.
        var root = (await place.RunAsync(new OrderRequest(Jan, [new Item("BAR", 1)], MemberHandle: "ROOT"))).Unwrap();
        Assert.Equal(((string?)null, 8m, (decimal?)null), (root.Currency, root.Lines[0].UnitPrice, root.Lines[0].UnitLocalPrice));

        // The customer's history shows what was paid, in zloty.
        var ola = await db.Customers.SingleAsync(c => c.Email == "ola@example.com");
        var history = (await new ShopCustomers(db, TimeProvider.System).HistoryAsync(ola.Id)).Unwrap();
        Assert.Equal([(-179.99m, "PLN"), (539.97m, "PLN")], history.Orders.Select(o => (o.Amount, o.Currency)));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task InAMarket_AProductWithoutAPriceThere_IsNotForSale(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var refused = await new PlaceOrder(db).RunAsync(new OrderRequest(Jan, [new Item("BAR", 1)], MemberHandle: "PL1"));
        Assert.Equal(new Problem("items", "BAR has no price in PL on 2026-01-10"), refused.Problem);
        Assert.Equal(0, await db.Orders.CountAsync());

        // The shops: PL1's sells the shake in zloty and no bar; ROOT's sells both in euros.
        var shops = new ShopFront(db, TimeProvider.System);
        var pl = (await shops.OpenAsync("PL1", Feb)).Unwrap();
        Assert.Equal("PLN", pl.Currency);
        Assert.Equal([("SHAKE", 179.99m, 134.99m)], pl.Products.Select(p => (p.Sku, p.Price, p.PreferredPrice)));
        var de = (await shops.OpenAsync("ROOT", Feb)).Unwrap();
        Assert.Equal("EUR", de.Currency);
        Assert.Equal([("BAR", 10m), ("SHAKE", 40m)], de.Products.Select(p => (p.Sku, p.Price)));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task AShopCheckout_ChargesTheMarketsCurrency(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var payments = new RecordingPayments();
        var receipt = (await new ShopFront(db, TimeProvider.System).CheckoutAsync(
            new CheckoutRequest("PL1", [new Item("SHAKE", 2)], "Jan Nowak", "jan@example.com", "k-1234567890abcdef", Feb), payments)).Unwrap();
        // 2 × 179.99 PLN, charged in PLN; the order's books say 2 × 42.21 EUR.
        Assert.Equal((359.98m, "PLN"), (receipt.Amount, receipt.Currency));
        Assert.Equal([(359.98m, "PLN")], payments.Authorized);
        var order = await db.Orders.SingleAsync(o => o.Number == receipt.Number);
        Assert.Equal(((decimal?)84.42m, (decimal?)359.98m), (order.Amount, order.LocalAmount));
        var confirmation = await db.Outbox.SingleAsync(m => m.Kind == "order-confirmation");
        Assert.Contains("Paid: 359.98 PLN.", confirmation.Body, StringComparison.Ordinal);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task BadMarkets_AreRefused_SayingWhat(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using var db = t.Context();
        var markets = new Markets(db);
        Assert.Equal(new Problem("country", "'POL' is not a two-letter country code (ISO 3166-1)"), (await markets.SetAsync("POL", "PLN", 1m)).Problem);
        Assert.Equal(new Problem("currency", "'ZŁ' is not a three-letter currency code (ISO 4217)"), (await markets.SetAsync("PL", "zł", 1m)).Problem);
        Assert.Equal(new Problem("rate", "the rate of SE must be above 0, not 0"), (await markets.SetAsync("SE", "SEK", 0m)).Problem);
        Assert.Equal(new Problem("rate", "the rate of SE has at most 6 decimals, not 0.0870001"), (await markets.SetAsync("SE", "SEK", 0.0870001m)).Problem);
        Assert.Equal(new Problem("currency", "PL has prices in PLN: its currency cannot change to EUR"), (await markets.SetAsync("PL", "EUR", 1m)).Problem);
        Assert.Equal(new Problem("country", "SE is not a market: open it with its currency and rate first"), (await markets.SetPriceAsync("SHAKE", "SE", Jan, 1m, 1m)).Problem);
        Assert.Equal(new Problem("price", "SHAKE in PL: the member price 200 is above the retail price 100"), (await markets.SetPriceAsync("SHAKE", "PL", Jan, 100m, 200m)).Problem);
        Assert.Equal(new Problem("sku", "unknown SKU 'NOPE'"), (await markets.SetPriceAsync("NOPE", "PL", Jan, 1m, 1m)).Problem);

        // A rate change applies to orders placed after it: 127.49 × 0.25 = 31.8725 → 31.87.
        (await markets.SetAsync("PL", "PLN", 0.25m)).Unwrap();
        var own = (await new PlaceOrder(db).RunAsync(new OrderRequest(Jan, [new Item("SHAKE", 1)], MemberHandle: "PL1"))).Unwrap();
        Assert.Equal(31.87m, own.Lines[0].UnitPrice);
        Assert.Equal([("PL", "PLN", 0.25m)], (await markets.ListAsync()).Select(m => (m.Country, m.Currency, m.Rate)));
    }

    /// <summary>An approving payment gateway that remembers what it was asked to authorize.</summary>
    private sealed class RecordingPayments : IPaymentGateway
    {
        public List<(decimal, string)> Authorized { get; } = [];

        public Task<PaymentResult> AuthorizeAsync(decimal amount, string currency, string reference, CancellationToken ct)
        {
            Authorized.Add((amount, currency));
            return Task.FromResult(new PaymentResult(true, $"rec-{Authorized.Count}", null));
        }

        public Task CaptureAsync(string paymentReference, CancellationToken ct) => Task.CompletedTask;
    }
}
