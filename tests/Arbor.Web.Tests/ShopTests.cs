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
        return (latest.Computed.Result.Pv[i], latest.ByBonus(i).Where(b => b.Bonus == BonusType.RetailProfit).Sum(b => b.Cents));
    }

    [GeneratedRegex(@"M(\d+) (\d+)h1v1h-1z")]
    private static partial Regex Module();
}
