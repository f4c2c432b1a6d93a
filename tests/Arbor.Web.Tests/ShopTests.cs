using System.Globalization;
using System.Text.RegularExpressions;
using Arbor.Core.Tests;
using Arbor.Engine.Plans;
using Arbor.Web.Estimates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZXing;
using ZXing.Common;

namespace Arbor.Web.Tests;

/// <summary>The replicated shop: a customer buys on a phone, a double-submitted checkout makes one order, the office's QR code is the shop link.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ShopTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_customer_buys_in_a_members_shop_on_a_phone_and_the_members_PV_and_retail_profit_rise(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var estimates = site.App.Services.GetRequiredService<EstimateService>();
        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var handle = site.Distributors[0].UserName;
        long memberId;
        int ordersBefore;
        await using (var db = site.Database.CreateContext())
        {
            memberId = (await db.Members.SingleAsync(m => m.Handle == handle)).Id;
            ordersBefore = await db.Orders.CountAsync();
        }
        var (pvBefore, retailBefore) = Figures(estimates, memberId);

        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}");
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("shop-phone");
        var sku = await page.Locator("#products input[name=Sku]").First.GetAttributeAsync("value");
        await page.FillAsync($"#q-{sku}", "2");
        await page.ClickAsync($"#add-{sku}");
        Assert.EndsWith("/cart", page.Url, StringComparison.Ordinal);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.FillAsync("#checkout-name", "Ada Lovelace");
        await page.FillAsync("#checkout-email", $"ada-{kind}@example.test");
        if (kind == "sqlite") await page.ScreenshotAsync("shop-cart-phone");
        await page.ClickAsync("#pay");
        var number = (await page.InnerTextAsync("#order-number")).Trim();
        await page.AssertAccessibleAsync();

        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(ordersBefore + 1, await db.Orders.CountAsync());
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
            var customer = await db.Customers.SingleAsync(c => c.Id == order.CustomerId);
            Assert.Equal(("retail", memberId, "retail", memberId), (order.Kind, order.MemberId, customer.Kind, customer.ReferrerId));
            Assert.Equal(2, order.Lines.Single().Quantity);
            Assert.True(order.Amount > order.Wholesale, "the customer paid no more than the member price");
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Subject.Contains(number)));
        }
        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var (pvAfter, retailAfter) = Figures(estimates, memberId);
        Assert.True(pvAfter > pvBefore, $"PV {pvBefore} → {pvAfter}");
        Assert.True(retailAfter > retailBefore, $"retail profit {retailBefore} → {retailAfter} cents");
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_double_submitted_checkout_makes_one_order(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        var handle = site.Distributors[0].UserName;
        var page = await web.Browser.PageAsync();
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}");
        await page.Locator("#products button[type=submit]").First.ClickAsync();
        await page.FillAsync("#checkout-name", "Bob Double");
        await page.FillAsync("#checkout-email", $"bob-{kind}@example.test");
        int before;
        await using (var db = site.Database.CreateContext()) before = await db.Orders.CountAsync();

        // The same form sent twice (a double click; a reload that posts again): one order, one payment, the same receipt.
        var form = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries(new FormData(document.querySelector('#checkout-form')))");
        var request = page.Context.APIRequest;
        var url = $"{site.BaseUrl}/shop/{handle}/cart?handler=checkout";
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => request.PostAsync(url, new() { Form = Form(request, form), MaxRedirects = 0 })));
        var locations = posts.Select(p => p.Headers["location"]).ToList();
        Assert.All(posts, p => Assert.Equal(302, p.Status));
        Assert.Single(locations.Distinct());
        await using (var db = site.Database.CreateContext()) Assert.Equal(before + 1, await db.Orders.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_shopper_signs_up_as_preferred_customer_pays_member_prices_and_reads_its_orders_through_the_mailed_link(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 30);
        var handle = site.Distributors[0].UserName;
        var email = $"grace-{kind}@example.test";
        var page = await web.Browser.PageAsync("en", Browser.Phone);

        // A product page: the retail price, and what a preferred customer pays.
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}");
        await page.Locator("#products h2 a").First.ClickAsync();
        var sku = page.Url.Split('/')[^1];
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("shop-product-phone");
        decimal retail, member;
        string currency;
        await using (var db = site.Database.CreateContext())
        {
            // The shop sells at the price list of its member's country (a market's, in its currency, or the company's own).
            var product = await db.Products.SingleAsync(p => p.Sku == sku);
            var list = await Arbor.Core.Catalog.PriceList.ForCountryAsync(db, (await db.Members.SingleAsync(m => m.Handle == handle)).Country);
            var price = (await list.PriceAsync(product, TestSite.Today)).Unwrap();
            (retail, member, currency) = (price.ShownRetail, price.ShownMember, await list.CurrencyAsync());
            Assert.Equal(product.Name, (await page.InnerTextAsync("#product-name")).Trim());
        }
        Assert.True(member < retail, $"{sku}: member price {member} is not below retail {retail}");
        Assert.Equal(Money(retail, currency), (await page.InnerTextAsync("#product-price")).Trim());
        Assert.Contains(Money(member, currency), await page.InnerTextAsync("#product-preferred"));

        // The sign-up: a preferred customer of this member, welcomed by a message with the link to its orders.
        await page.ClickAsync("#preferred-link");
        await page.FillAsync("#preferred-name", "Grace Hopper");
        await page.FillAsync("#preferred-email", email);
        await page.ClickAsync("#preferred-submit");
        Assert.Contains(email, await page.InnerTextAsync("#preferred-done"));
        await page.AssertAccessibleAsync();
        await using (var db = site.Database.CreateContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.Email == email);
            var referrer = await db.Members.SingleAsync(m => m.Id == customer.ReferrerId);
            Assert.Equal(("preferred", handle), (customer.Kind, referrer.Handle));
            Assert.Contains("/orders/", (await db.Outbox.SingleAsync(m => m.Recipient == email && m.Kind == "preferred-welcome")).Body);
        }

        // Two of the product, bought as that customer: the member price is what is paid.
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}/p/{sku}");
        await page.FillAsync("#quantity", "2");
        await page.ClickAsync("#add");
        Assert.Contains(Money(2 * member, currency), await page.InnerTextAsync("#cart-preferred"));
        await page.FillAsync("#checkout-name", "Grace Hopper");
        await page.FillAsync("#checkout-email", email);
        await page.ClickAsync("#pay");
        var number = (await page.InnerTextAsync("#order-number")).Trim();
        await using (var db = site.Database.CreateContext())
        {
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            Assert.Equal((2 * member, 2 * member), (order.Amount, order.Wholesale));
        }

        // Its orders: asked for by e-mail, the link comes through the outbox and shows the order.
        await page.ClickAsync("#orders-link");
        await page.FillAsync("#orders-email", email);
        await page.ClickAsync("#orders-submit");
        Assert.Contains(email, await page.InnerTextAsync("#orders-sent"));
        string link;
        await using (var db = site.Database.CreateContext())
        {
            var mail = await db.Outbox.Where(m => m.Recipient == email && m.Kind == "orders-link").SingleAsync();
            link = Link().Match(mail.Body).Value;
        }
        Assert.StartsWith($"{site.BaseUrl}/shop/{handle}/orders/", link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        var history = await page.InnerTextAsync("#history");
        Assert.Contains(number, history);
        Assert.Contains(Money(2 * member, currency), history);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("shop-history-phone");

        // A forged link, and the real one after a day, show nothing but "ask for a new one".
        var forged = await page.GotoAsync(link[..^3] + (link[^3] == 'A' ? "BBB" : "AAA"));
        Assert.Equal(404, forged!.Status);
        Assert.Equal(0, await page.Locator("#history").CountAsync());
        site.Clock.Now += TimeSpan.FromHours(25);
        var expired = await page.GotoAsync(link);
        Assert.Equal(404, expired!.Status);
        Assert.True(await page.Locator("#history-expired").IsVisibleAsync());

        // An address that never ordered gets the same answer, and no message is written.
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}/orders");
        await page.FillAsync("#orders-email", $"nobody-{kind}@example.test");
        await page.ClickAsync("#orders-submit");
        Assert.Contains($"nobody-{kind}@example.test", await page.InnerTextAsync("#orders-sent"));
        await using (var db = site.Database.CreateContext()) Assert.False(await db.Outbox.AnyAsync(m => m.Recipient == $"nobody-{kind}@example.test"));
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_market_opened_in_the_back_office_prices_its_members_shop_in_its_currency(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 30);
        string handle, country, sku;
        await using (var db = site.Database.CreateContext())
        {
            var markets = await db.Markets.Select(m => m.Country).ToListAsync();
            var handles = site.Distributors.Select(d => d.UserName).ToList();
            var member = (await db.Members.Where(m => handles.Contains(m.Handle)).ToListAsync()).First(m => !markets.Contains(m.Country));
            (handle, country) = (member.Handle, member.Country);
            sku = await db.Products.Where(p => p.Active).OrderBy(p => p.Sku).Select(p => p.Sku).FirstAsync();
        }
        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/products");

        // A bad rate is refused where it was typed; then the market opens, and one product gets a price there.
        await page.FillAsync("#market-country", country);
        await page.FillAsync("#market-currency", "CHF");
        await page.FillAsync("#market-rate", "0.0000001");
        await page.ClickAsync("#market-form button[type=submit]");
        Assert.Contains($"the rate of {country} has at most 6 decimals", await page.InnerTextAsync("#market-form >> xpath=.."));
        await page.FillAsync("#market-rate", "1.05");
        await page.ClickAsync("#market-form button[type=submit]");
        Assert.Contains($"Market {country} sells in CHF.", await page.InnerTextAsync("main"));
        await page.SelectOptionAsync("#market-price-sku", sku);
        await page.SelectOptionAsync("#market-price-country", country);
        await page.FillAsync("#market-price-retail", "50");
        await page.FillAsync("#market-price-member", "40");
        await page.ClickAsync("#market-price-form button[type=submit]");
        var prices = await page.InnerTextAsync("#market-prices");
        // 50 CHF at 1.05 is 52.50 EUR.
        Assert.Contains(Money(50m, "CHF"), prices);
        Assert.Contains(Money(52.50m), prices);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("admin-markets-phone");

        // The member's shop now sells that one product, in francs.
        await page.GotoAsync($"{site.BaseUrl}/shop/{handle}");
        Assert.Equal([sku], await page.Locator("#products input[name=Sku]").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"));
        Assert.Contains(Money(50m, "CHF"), await page.InnerTextAsync("#products"));
        await using (var db = site.Database.CreateContext())
        {
            var audit = await db.AuditEntries.Where(a => a.Action == "market-set" || a.Action == "market-price").Select(a => a.Subject).ToListAsync();
            Assert.Equal([country, $"{sku} {country}"], audit);
        }
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_offices_QR_code_decodes_to_the_members_shop_link(string kind)
    {
        var site = await web.SiteAsync(kind);
        var me = site.Distributors[0];
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, me.UserName, me.Password);
        await page.GotoAsync($"{site.BaseUrl}/office");
        var link = await page.InnerTextAsync("#shop-link");
        Assert.Equal($"{site.BaseUrl}/shop/{me.UserName}", link);
        var path = await page.GetAttributeAsync("#shop-qr path", "d");
        var viewBox = (await page.GetAttributeAsync("#shop-qr", "viewBox"))!.Split(' ');
        Assert.Equal(link, Decode(path!, int.Parse(viewBox[2], CultureInfo.InvariantCulture) - 8));
        await page.GotoAsync(link);
        Assert.True(await page.Locator("#products li").CountAsync() > 0, "the shop link shows no products");
        Assert.Empty(web.Browser.Violations[page]);
    }

    /// <summary>Reads the QR code back: the SVG's module squares drawn into a grey image (quiet zone, 4 pixels a module), decoded by ZXing.</summary>
    private static string? Decode(string path, int size)
    {
        const int scale = 4, quiet = 4;
        var side = (size + 2 * quiet) * scale;
        var pixels = Enumerable.Repeat((byte)255, side * side).ToArray();
        foreach (Match m in Module().Matches(path))
        {
            var (x, y) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            for (var dy = 0; dy < scale; dy++)
            {
                for (var dx = 0; dx < scale; dx++) pixels[((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx] = 0;
            }
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8)));
        return new ZXing.QrCode.QRCodeReader().decode(bitmap)?.Text;
    }

    private static IFormData Form(IAPIRequestContext request, Dictionary<string, string> values)
    {
        var form = request.CreateFormData();
        foreach (var (k, v) in values) form.Set(k, v);
        return form;
    }

    private static (decimal Pv, long RetailCents) Figures(EstimateService estimates, long memberId)
    {
        var latest = estimates.Latest!;
        var i = latest.IndexOf(memberId)!.Value;
        return (latest.Pv(i), latest.ByBonus(i).ToArray().Where(b => b.Bonus == BonusType.RetailProfit).Sum(b => b.Cents));
    }

    /// <summary>Money as the English pages write it, in the demo's euros.</summary>
    private static string Money(decimal amount, string currency = "EUR") => Pages.InEnglish(() => Formats.Money(amount, currency));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex(@"M(\d+) (\d+)h1v1h-1z")]
    private static partial Regex Module();
}
