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
        var number = await page.InnerTextAsync("#orders tbody tr:first-child th");

        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var after = Pv(estimates, memberId);
        Assert.Equal(before + 3 * unitPv, after);
        await page.GotoAsync($"{site.BaseUrl}/admin/members/{handle}");
        Assert.Equal(Volume(after), await page.InnerTextAsync("#estimate-pv"));
        await page.AssertAccessibleAsync();

        // A return of one of the three takes its PV off again.
        await page.GotoAsync($"{site.BaseUrl}/admin/orders");
        await page.FillAsync("#return-original", number);
        await page.FillAsync("#return-sku", sku);
        await page.FillAsync("#return-qty", "1");
        await page.ClickAsync("#return-submit");
        Assert.Contains(number, await page.InnerTextAsync("main .notice"));
        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(before + 2 * unitPv, Pv(estimates, memberId));

        await using var check = site.Database.CreateContext();
        var entry = await check.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "order-enter");
        Assert.Equal(site.Admin.UserName, entry.Actor);
        Assert.Contains(handle, entry.Details);
        Assert.Equal(number, (await check.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "order-return")).Details.Split(',')[0].Replace("return of ", "", StringComparison.Ordinal));
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
            ("products", "/admin/products"), ("plans", "/admin/plans"), ("ledger", $"/admin/ledger?member={member}"), ("statements", "/admin/statements"),
            ("autoships", "/admin/autoships"), ("buyback", $"/admin/members/{member}/buyback"), ("tokens", "/admin/tokens"),
            ("compliance", "/admin/compliance"), ("compliance-settings", "/admin/compliance/settings"), ("disclosure", "/admin/compliance/disclosure"),
            ("simulations", "/admin/simulations"), ("staff", "/admin/staff"), ("webhooks", "/admin/webhooks"), ("asof", $"/admin/members/{member}/asof?period=2026-11"),
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
        var phone = await web.Browser.PageAsync(language, Browser.Phone);
        await phone.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        foreach (var (name, path) in pages)
        {
            await phone.GotoAsync(site.BaseUrl + path);
            var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(widths[0] <= widths[1], $"{path}: {widths[0]} px wide in a {widths[1]} px viewport");
            if (kind == "sqlite" && language == "en") await phone.ScreenshotAsync($"admin-{name}-phone");
        }
        Assert.Empty(web.Browser.Violations[page].Concat(web.Browser.Violations[phone]));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_creates_an_API_token_sees_its_secret_once_and_revokes_it(string kind)
    {
        var site = await web.SiteAsync(kind);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/tokens");
        var name = $"browser-{kind}-{Guid.NewGuid():N}"[..24];
        await page.FillAsync("#token-name", name);
        await page.SelectOptionAsync("#token-scope", "read");
        await page.ClickAsync("#create-token");
        var secret = (await page.InnerTextAsync("#token-secret")).Trim();
        Assert.StartsWith("arb_", secret, StringComparison.Ordinal);
        await page.AssertAccessibleAsync();

        using var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/v1/products")).StatusCode);

        // Shown once: the list has only its start, a reload not even that.
        await page.GotoAsync($"{site.BaseUrl}/admin/tokens");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        Assert.Contains(secret[..10], await page.InnerTextAsync("#tokens"));
        var row = page.Locator("#tokens tbody tr", new() { HasText = name });
        await row.Locator("button").ClickAsync();
        Assert.Contains(name, await page.InnerTextAsync("main .notice"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/products")).StatusCode);
        await using var db = site.Database.CreateContext();
        Assert.Equal(site.Admin.UserName, (await db.ApiTokens.SingleAsync(t => t.Name == name)).RevokedBy);
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_statement_is_served_as_its_own_document_within_the_content_security_policy(string kind)
    {
        var site = await web.SiteAsync(kind);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/statements");
        await page.FillAsync("#statement-member", site.Distributors[0].UserName);
        await page.SelectOptionAsync("#statement-period", "2026-11");
        await page.ClickAsync("#statement-form button[type=submit]");
        Assert.Contains("2026-11", await page.InnerTextAsync("h1"));
        // The document's own style applies (allowed by its hash), and nothing was refused.
        Assert.Equal("21.3333px", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('h1')).fontSize"));
        Assert.Empty(web.Browser.Violations[page]);

        await page.GotoAsync($"{site.BaseUrl}/admin/statements?handler=document&member=nobody-here&period=2026-11");
        Assert.Contains("unknown member", await page.InnerTextAsync("main .problem"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Staff_changes_go_through_the_rules_and_into_the_audit_table(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);

        // Products: add one, price it later, take it off sale.
        await page.GotoAsync($"{site.BaseUrl}/admin/products");
        await page.FillAsync("#add-sku", "TEST-1");
        await page.FillAsync("#add-name", "Test tea");
        await page.FillAsync("#add-retail", "20,00");
        await page.FillAsync("#add-member", "15.00");
        await page.FillAsync("#add-pv", "12");
        await page.FillAsync("#add-cv", "10");
        await page.ClickAsync("#add-form button[type=submit]");
        Assert.Contains("TEST-1", await page.InnerTextAsync("#products"));
        await page.SelectOptionAsync("#price-sku", "TEST-1");
        await page.FillAsync("#price-from", "2027-01-01");
        await page.FillAsync("#price-retail", "10");
        await page.FillAsync("#price-member", "12");
        await page.FillAsync("#price-pv", "1");
        await page.FillAsync("#price-cv", "1");
        await page.ClickAsync("#price-form button[type=submit]");
        Assert.Contains("above the retail price", await page.InnerTextAsync("#price-form >> xpath=.. >> .problem"));
        await page.FillAsync("#price-member", "8");
        await page.ClickAsync("#price-form button[type=submit]");
        Assert.Contains("TEST-1", await page.InnerTextAsync("main .notice"));
        await page.ClickAsync("#products tr:has(th:text-is('TEST-1')) button");
        await page.AssertAccessibleAsync();

        // A plan with errors: shown by line, nothing stored.
        await page.GotoAsync($"{site.BaseUrl}/admin/plans");
        var versions = await page.Locator("#plans tbody tr").CountAsync();
        await page.FillAsync("#plan-from", "2027-02-01");
        await page.FillAsync("#plan-yaml", "name: broken\nranks: [\n");
        await page.ClickAsync("#upload-form button[type=submit]");
        Assert.True(await page.Locator("#plan-errors li").CountAsync() > 0);
        Assert.StartsWith("Line ", await page.InnerTextAsync("#plan-errors li:first-child strong"));
        Assert.Equal(versions, await page.Locator("#plans tbody tr").CountAsync());
        await page.AssertAccessibleAsync();
        // Contract section 9's keys are checked as strictly: a binary paid both ways.
        await page.FillAsync("#plan-yaml", "name: v2\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 10\n    cycle: { volume: 100, value: 10 }\n");
        await page.ClickAsync("#upload-form button[type=submit]");
        Assert.Contains("binary takes either 'percent' or 'cycle', not both", await page.InnerTextAsync("#plan-errors"));
        Assert.Equal(versions, await page.Locator("#plans tbody tr").CountAsync());

        // A ledger adjustment, a status change, a sign-in for a member.
        var handle = await FirstMemberWithoutSignInAsync(site);
        await page.GotoAsync($"{site.BaseUrl}/admin/ledger");
        await page.FillAsync("#adjust-member", handle);
        await page.FillAsync("#adjust-amount", "12,50");
        await page.FillAsync("#adjust-reason", "goodwill");
        await page.ClickAsync("#adjust-form button[type=submit]");
        Assert.Contains("12.50", await page.InnerTextAsync("main .notice"));

        await page.GotoAsync($"{site.BaseUrl}/admin/members/{handle}");
        await page.SelectOptionAsync("#status", "suspended");
        await page.FillAsync("#status-reason", "asked to pause");
        await page.ClickAsync("#status-reason >> xpath=ancestor::form >> button");
        Assert.Contains("Suspended", await page.InnerTextAsync("#member-status"));
        await page.ClickAsync("#create-signin");
        var password = await page.InnerTextAsync("#one-time-password");
        Assert.Equal(16, password.Length);
        await page.AssertAccessibleAsync();

        // Enrollment: refused with an unknown sponsor (the form keeps its input), then enrolled.
        await page.GotoAsync($"{site.BaseUrl}/admin/members/new");
        await page.FillAsync("#handle", "newbie1");
        await page.FillAsync("#name", "New Bie");
        await page.FillAsync("#email", "newbie1@example.test");
        await page.FillAsync("#country", "NL");
        await page.FillAsync("#sponsor", "no-such-sponsor");
        await page.ClickAsync("#enroll-form button[type=submit]");
        Assert.Contains("no-such-sponsor", await page.InnerTextAsync("main .problem"));
        Assert.Equal("newbie1", await page.InputValueAsync("#handle"));
        await page.FillAsync("#sponsor", handle);
        await page.ClickAsync("#enroll-form button[type=submit]");
        Assert.EndsWith("/admin/members/newbie1", page.Url);
        Assert.Contains(handle, await page.InnerTextAsync("#upline"));

        // The member signs in with it.
        var member = await web.Browser.PageAsync();
        await member.SignInAsync(site, handle, password);
        Assert.EndsWith("/office", member.Url);

        await using var db = site.Database.CreateContext();
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == site.Admin.UserName).Select(e => e.Action).ToListAsync();
        Assert.Equal(["ledger-adjust", "member-enroll", "product-add", "product-deactivate", "product-price", "signin-create", "status-change"], actions.Order(StringComparer.Ordinal));
        Assert.False(await db.Plans.AnyAsync(p => p.Name == "broken"));
    }

    private static async Task<string> FirstMemberWithoutSignInAsync(TestSite site)
    {
        var taken = site.SignIns.Select(s => s.UserName).ToHashSet();
        await using var db = site.Database.CreateContext();
        var handles = await db.Members.AsNoTracking().Where(m => m.Status == "active" && m.SponsorId != null).OrderBy(m => m.Id).Select(m => m.Handle).Take(10).ToListAsync();
        return handles.First(h => !taken.Contains(h));
    }

    private static decimal Pv(EstimateService estimates, long memberId)
    {
        var latest = estimates.Latest!;
        return latest.Pv(latest.IndexOf(memberId)!.Value);
    }

    /// <summary>A volume as the English pages write it (<see cref="Formats.Volume"/>).</summary>
    private static string Volume(decimal v) => Pages.InEnglish(() => Formats.Volume(v));
}
