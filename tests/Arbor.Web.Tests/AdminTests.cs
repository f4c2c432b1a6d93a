using System.Globalization;
using Arbor.Core.Tests;
using Arbor.Web.Estimates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>The back office: periods (preview, close with its stages, list), payouts (export, confirm), orders and returns, members; audit, accessibility, screenshots.</summary>
[Collection(WebCollection.Name)]
public sealed class AdminTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_previews_and_closes_a_period_and_exports_its_payouts(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        // December 2026 has ended: it can be closed (set before signing in: the sign-in cookie's time is the site's clock).
        site.Clock.Now = new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);

        await page.GotoAsync($"{site.BaseUrl}/admin/periods");
        await page.ClickAsync("#preview-2026-12");
        Assert.Equal("60", await page.InnerTextAsync("#preview-members"));
        Assert.Contains("2026-12", await page.InnerTextAsync("#preview-heading"));
        await page.AssertAccessibleAsync();

        await page.ClickAsync("#close-2026-12");
        // admin.js polls the close and shows its stages, then its result.
        await page.WaitForSelectorAsync("#close-result .notice", new() { Timeout = 60_000 });
        var stages = await page.Locator("#close-stages li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.stage)");
        Assert.Equal(["computing", "period", "members", "lines", "standing", "ledger", "before-commit"], stages);
        Assert.Contains("2026-12", await page.InnerTextAsync("#close-result"));
        await page.GotoAsync($"{site.BaseUrl}/admin/periods");
        Assert.Contains("2026-12", await page.InnerTextAsync("#closed-periods tbody tr:first-child"));
        Assert.Equal(0, await page.Locator("#close-2026-12").CountAsync());
        await page.AssertAccessibleAsync();

        await page.GotoAsync($"{site.BaseUrl}/admin/payouts");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-2026-12"));
        var path = Path.Combine(Path.GetTempPath(), $"arbor-test-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var lines = await File.ReadAllLinesAsync(path);
        File.Delete(path);
        Assert.Equal("member,name,amount,currency,bank_reference", lines[0]);
        Assert.True(lines.Length > 1, "the payment file has no rows");
        Assert.All(lines.Skip(1), l => Assert.True(decimal.Parse(l.Split(',')[^3], CultureInfo.InvariantCulture) > 0));

        await page.GotoAsync($"{site.BaseUrl}/admin/payouts");
        await page.ClickAsync("#confirm-2026-12");
        Assert.Contains("2026-12", await page.InnerTextAsync("main .notice"));
        await page.AssertAccessibleAsync();

        await using var db = site.Database.CreateContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Subject == "2026-12").ToListAsync();
        Assert.Equal(["payouts-confirm", "payouts-export", "period-close"], audit.Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.All(audit, e => Assert.Equal(site.Admin.UserName, e.Actor));
        Assert.Equal("paid", (await db.Periods.SingleAsync(p => p.Key == "2026-12")).State);
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_enters_an_order_for_a_member_and_the_members_PV_estimate_changes(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var estimates = site.App.Services.GetRequiredService<EstimateService>();
        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var handle = site.Distributors[0].UserName;
        long memberId;
        string sku;
        decimal unitPv;
        await using (var db = site.Database.CreateContext())
        {
            memberId = (await db.Members.SingleAsync(m => m.Handle == handle)).Id;
            var product = await db.Products.Where(p => p.Active).OrderBy(p => p.Sku).FirstAsync();
            sku = product.Sku;
            unitPv = (await db.ProductPrices.Where(p => p.ProductId == product.Id && p.EffectiveFrom <= TestSite.Today).OrderByDescending(p => p.EffectiveFrom).FirstAsync()).Pv;
        }
        var before = Pv(estimates, memberId);

        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/orders");
        await page.FillAsync("#order-member", handle);
        await page.FillAsync("#sku-0", sku);
        await page.FillAsync("#qty-0", "3");
        await page.ClickAsync("#order-submit");
        Assert.Contains(handle, await page.InnerTextAsync("main .notice"));
        Assert.Contains(handle, await page.InnerTextAsync("#orders tbody"));

        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var after = Pv(estimates, memberId);
        Assert.Equal(before + 3 * unitPv, after);
        await page.GotoAsync($"{site.BaseUrl}/admin/members/{handle}");
        Assert.Equal(Volume(after), await page.InnerTextAsync("#estimate-pv"));
        await page.AssertAccessibleAsync();

        await using var check = site.Database.CreateContext();
        var entry = await check.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "order-enter");
        Assert.Equal(site.Admin.UserName, entry.Actor);
        Assert.Contains(handle, entry.Details);
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_order_with_an_unknown_SKU_shows_the_problem_and_stores_nothing(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        int orders;
        await using (var db = site.Database.CreateContext()) orders = await db.Orders.CountAsync();
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/orders");
        await page.FillAsync("#order-member", site.Distributors[0].UserName);
        await page.FillAsync("#sku-0", "NO-SUCH-SKU");
        await page.FillAsync("#qty-0", "1");
        await page.ClickAsync("#order-submit");
        Assert.Contains("unknown SKU 'NO-SUCH-SKU'", await page.InnerTextAsync("#order-form >> xpath=.. >> .problem"));
        // The form keeps what was typed.
        Assert.Equal("NO-SUCH-SKU", await page.InputValueAsync("#sku-0"));
        await page.AssertAccessibleAsync();

        await using var check = site.Database.CreateContext();
        Assert.Equal(orders, await check.Orders.CountAsync());
        Assert.False(await check.AuditEntries.AnyAsync(e => e.Action == "order-enter"));
    }

    public static IEnumerable<string> Languages => WebApp.Languages;

    [Theory, OnSqlite(With = nameof(Languages)), OnPostgres(With = nameof(Languages))]
    public async Task Every_admin_page_is_accessible_in_every_language(string kind, string language)
    {
        var site = await web.SiteAsync(kind);
        var member = site.Distributors[0].UserName;
        var pages = new (string Name, string Path)[]
        {
            ("dashboard", "/admin"), ("periods", "/admin/periods"), ("preview", "/admin/periods?preview=2026-12"), ("payouts", "/admin/payouts"),
            ("orders", "/admin/orders"), ("members", "/admin/members"), ("member", $"/admin/members/{member}"), ("enroll", "/admin/members/new"),
        };
        var page = await web.Browser.PageAsync(language);
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(site.BaseUrl + path);
            Assert.True(response!.Ok, $"{path}: {response.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.AssertAccessibleAsync();
            if (kind == "sqlite") await page.ScreenshotAsync($"admin-{name}-{language}");
        }
        Assert.Empty(web.Browser.Violations[page]);
    }

    private static decimal Pv(EstimateService estimates, long memberId)
    {
        var latest = estimates.Latest!;
        return latest.Computed.Result.Pv[latest.IndexOf(memberId)!.Value];
    }

    /// <summary>A volume as the English pages write it (<see cref="Formats.Volume"/>).</summary>
    private static string Volume(decimal v)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");
        try
        {
            return Formats.Volume(v);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
