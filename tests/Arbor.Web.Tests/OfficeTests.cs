using System.Globalization;
using Arbor.Core.Periods;
using Arbor.Core.Tests;
using Arbor.Data;
using Arbor.Engine.Explain;
using Arbor.Web.Demo;
using Arbor.Web.Estimates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class OfficeTests(WebFixture web)
{
    /// <summary>The shared demo site with its open period estimated, and a distributor's page signed in.</summary>
    private async Task<(TestSite Site, IPage Page, Member Me)> SignedInAsync(string kind, int distributor = 0, string language = "en", ViewportSize? viewport = null)
    {
        var site = await web.SiteAsync(kind);
        await site.App.Services.GetRequiredService<EstimateService>().WaitFreshAsync(TimeSpan.FromSeconds(90));
        var page = await web.Browser.PageAsync(language, viewport);
        var user = site.Distributors[distributor];
        await page.SignInAsync(site, user.UserName, user.Password);
        await using var db = site.Database.CreateContext();
        return (site, page, await db.Members.AsNoTracking().SingleAsync(m => m.Handle == user.UserName));
    }

    private static async Task<List<Member>> DownlineAsync(TestSite site, Member me)
    {
        await using var db = site.Database.CreateContext();
        var all = await db.Members.AsNoTracking().ToListAsync();
        return [.. all.Where(m => m.Id != me.Id && m.Path.StartsWith(me.Path, StringComparison.Ordinal))];
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_expands_its_genealogy_two_levels_searches_it_opens_a_result_and_reads_its_next_rank(string kind)
    {
        var (site, page, me) = await SignedInAsync(kind);
        var downline = await DownlineAsync(site, me);

        await page.GotoAsync($"{site.BaseUrl}/office/genealogy");
        var frontline = downline.Where(m => m.SponsorId == me.Id).ToList();
        Assert.Equal(frontline.Count, await page.Locator(".tree > .tree-level > .tree-node").CountAsync());
        // Expand a frontline member that has members below it, then one of those that has some too.
        var head = frontline.First(f => downline.Any(m => m.SponsorId == f.Id && downline.Any(g => g.SponsorId == m.Id)));
        var headToggle = page.Locator($".tree-node[data-handle='{head.Handle}'] > .node button.toggle");
        Assert.Equal("false", await headToggle.GetAttributeAsync("aria-expanded"));
        await headToggle.ClickAsync();
        await Assertions.Expect(headToggle).ToHaveAttributeAsync("aria-expanded", "true");
        var second = downline.Where(m => m.SponsorId == head.Id).ToList();
        var secondLevel = page.Locator($"#below-{head.Handle} > .tree-level > .tree-node");
        await Assertions.Expect(secondLevel).ToHaveCountAsync(second.Count);
        var middle = second.First(m => downline.Any(g => g.SponsorId == m.Id));
        var middleToggle = page.Locator($".tree-node[data-handle='{middle.Handle}'] > .node button.toggle");
        await middleToggle.ClickAsync();
        await Assertions.Expect(middleToggle).ToHaveAttributeAsync("aria-expanded", "true");
        var third = downline.Where(m => m.SponsorId == middle.Id).ToList();
        await Assertions.Expect(page.Locator($"#below-{middle.Handle} > .tree-level > .tree-node")).ToHaveCountAsync(third.Count);
        Assert.Contains(third[0].Name, await page.InnerTextAsync($"#below-{middle.Handle}"));
        await page.ScreenshotAsync($"office-genealogy-expanded-{kind}");

        // Search by a deeper member's name: the result links to its page.
        var wanted = third[0];
        await page.FillAsync("#downline-search", wanted.Name);
        await page.ClickAsync("form.search button[type=submit]");
        await page.ClickAsync($"#search-results a[href='/office/member/{wanted.Handle}']");
        Assert.EndsWith($"/office/member/{wanted.Handle}", page.Url);
        Assert.Equal(wanted.Name, await page.InnerTextAsync("h1"));
        Assert.Equal((wanted.Depth - me.Depth).ToString(CultureInfo.InvariantCulture), (await page.InnerTextAsync("#member-level")).Split(' ')[^1]);

        // Without scripts, a member's page leads further down: its frontline, each a link.
        await page.GotoAsync($"{site.BaseUrl}/office/member/{middle.Handle}");
        Assert.Equal(third.Select(m => m.Handle).Order(StringComparer.Ordinal), (await page.Locator("#member-below a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).Select(h => h.Split('/')[^1]).Order(StringComparer.Ordinal));

        // The dashboard states what the next rank needs, with the estimate's time.
        await page.GotoAsync($"{site.BaseUrl}/office");
        Assert.Contains("estimated at", await page.InnerTextAsync("#estimate-time"));
        var next = await page.InnerTextAsync("#next-rank-gaps");
        var estimate = site.App.Services.GetRequiredService<EstimateService>().Latest!;
        // The gaps the page read are the engine's checks on the period computed afresh.
        var computed = (await PeriodComputation.ComputeAsync(site.Database, estimate.Period)).Value!;
        var gaps = NextRank.Of(computed.Result, Array.IndexOf(computed.Snapshot.MemberIds, me.Id));
        Assert.Equal(gaps, estimate.Next(estimate.IndexOf(me.Id)!.Value));
        if (gaps is null)
        {
            Assert.Contains("highest rank", next);
        }
        else
        {
            // The gaps the engine's checks leave, in words: the rank, and each missing amount.
            var en = CultureInfo.GetCultureInfo("en");
            Assert.Contains($"For {computed.Plan.Ranks[gaps.Rank].Name} you still need", next);
            if (gaps.ActivePv > 0) Assert.Contains($"{gaps.ActivePv.ToString("N0", en)} PV more to be active", next);
            if (gaps.Gv > 0) Assert.Contains($"{gaps.Gv.ToString("N0", en)} GV more", next);
            if (gaps.Legs > 0) Assert.Contains("leg", next);
        }
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_typing_another_members_id_gets_not_found_and_sees_nothing_of_it(string kind)
    {
        // The middle distributor: it has an upline and siblings outside its downline.
        var (site, page, me) = await SignedInAsync(kind, distributor: 1);
        await using var db = site.Database.CreateContext();
        var sponsor = await db.Members.AsNoTracking().SingleAsync(m => m.Id == me.SponsorId);
        var sibling = await db.Members.AsNoTracking().Where(m => m.SponsorId == me.SponsorId && m.Id != me.Id).OrderBy(m => m.Id).FirstAsync();
        foreach (var other in new[] { sponsor, sibling })
        {
            var memberPage = await page.GotoAsync($"{site.BaseUrl}/office/member/{other.Handle}");
            Assert.Equal(404, memberPage!.Status);
            Assert.DoesNotContain(other.Name, await page.ContentAsync());
            var children = await page.GotoAsync($"{site.BaseUrl}/office/genealogy?handler=children&member={other.Handle}&tree=sponsor");
            Assert.Equal(404, children!.Status);
            Assert.DoesNotContain(other.Name, await page.ContentAsync());
            var placement = await page.GotoAsync($"{site.BaseUrl}/office/genealogy?handler=children&member={other.Handle}&tree=placement");
            Assert.Equal(404, placement!.Status);

            // The downline search and CSV know nothing outside the downline either.
            await page.GotoAsync($"{site.BaseUrl}/office/genealogy?q={Uri.EscapeDataString(other.Handle)}");
            Assert.Equal(0, await page.Locator($"#search-results a[href='/office/member/{other.Handle}']").CountAsync());
            var csv = await page.APIRequest.GetAsync($"{site.BaseUrl}/office/downline?handler=csv&q={Uri.EscapeDataString(other.Handle)}");
            Assert.Equal(200, csv.Status);
            Assert.DoesNotContain($",{other.Handle},", await csv.TextAsync());
        }
        // Its own page and a downline member's page open.
        Assert.Equal(200, (await page.GotoAsync($"{site.BaseUrl}/office/member/{me.Handle}"))!.Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_downline_report_filters_sorts_pages_and_exports_the_filtered_set_as_csv(string kind)
    {
        var (site, page, me) = await SignedInAsync(kind);
        var downline = await DownlineAsync(site, me);
        Assert.True(downline.Count > 50, $"the biggest distributor has {downline.Count} below");

        await page.GotoAsync($"{site.BaseUrl}/office/downline");
        Assert.Contains(downline.Count.ToString("N0", CultureInfo.GetCultureInfo("en")), await page.InnerTextAsync("#downline-count"));
        Assert.Equal(50, await page.Locator("#downline-table tbody tr").CountAsync());
        await page.ClickAsync(".pager a[rel=next]");
        Assert.Contains("p=2", page.Url);
        Assert.Equal(Math.Min(50, downline.Count - 50), await page.Locator("#downline-table tbody tr").CountAsync());

        // Sort by GV, then by GV descending (a second click), values in order.
        await page.ClickAsync("#downline-table th:nth-child(5) a");
        await page.ClickAsync("#downline-table th:nth-child(5) a");
        Assert.Equal("descending", await page.GetAttributeAsync("#downline-table th:nth-child(5)", "aria-sort"));
        var gvs = (await page.Locator("#downline-table tbody td:nth-child(5)").AllInnerTextsAsync()).Select(t => decimal.Parse(t, CultureInfo.GetCultureInfo("en"))).ToList();
        Assert.Equal(gvs.OrderByDescending(g => g), gvs);

        // Level 1 and active only: exactly the active frontline, per the estimate.
        var estimate = site.App.Services.GetRequiredService<EstimateService>().Latest!;
        var activeFrontline = downline.Where(m => m.SponsorId == me.Id && estimate.IndexOf(m.Id) is { } i && estimate.Active(i)).ToList();
        await page.FillAsync("#f-level", "1");
        await page.SelectOptionAsync("#f-active", "yes");
        await page.ClickAsync("form.filters button[type=submit]");
        var handles = await page.Locator("#downline-table tbody td:nth-child(2) .muted").AllInnerTextsAsync();
        Assert.Equal(activeFrontline.Select(m => m.Handle).Order(StringComparer.Ordinal), handles.Order(StringComparer.Ordinal));

        // The CSV holds the filtered set, all of it, with the same columns.
        var csv = await page.APIRequest.GetAsync(await page.GetAttributeAsync("#downline-csv", "href") is { } href ? site.BaseUrl + href : "");
        Assert.Equal("text/csv; charset=utf-8", csv.Headers["content-type"]);
        var lines = (await csv.TextAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("level,handle,name,rank,pv,gv,active,joined", lines[0]);
        Assert.Equal(activeFrontline.Select(m => m.Handle).Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[1]).Order(StringComparer.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("1,", l, StringComparison.Ordinal));
        var all = await page.APIRequest.GetAsync($"{site.BaseUrl}/office/downline?handler=csv");
        Assert.Equal(downline.Count + 1, (await all.TextAsync()).TrimEnd('\n').Split('\n').Length);
    }

    public static TheoryData<string, string> KindsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "en", "nl", "nb", "id" }) data.Add("sqlite", language);
        if (TestDatabase.PostgresSkipReason is null) data.Add("postgres", "en");
        return data;
    }

    [Theory, MemberData(nameof(KindsAndLanguages))]
    public async Task Every_office_page_is_accessible_and_fits_a_phone(string kind, string language)
    {
        var (site, page, me) = await SignedInAsync(kind, 0, language, Browser.Phone);
        var someone = (await DownlineAsync(site, me)).OrderBy(m => m.Depth).ThenBy(m => m.Id).First();
        string[] pages = ["", "genealogy", "genealogy?tree=placement", $"member/{someone.Handle}", "downline", "earnings", "customers", "profile"];
        foreach (var path in pages)
        {
            var response = await page.GotoAsync($"{site.BaseUrl}/office/{path}");
            Assert.Equal(200, response!.Status);
            if (path.StartsWith("genealogy", StringComparison.Ordinal) && await page.Locator("button.toggle").CountAsync() > 0)
            {
                await page.Locator("button.toggle").First.ClickAsync();
                await Assertions.Expect(page.Locator("button.toggle").First).ToHaveAttributeAsync("aria-expanded", "true");
            }
            await page.AssertAccessibleAsync();
            await page.AssertNoSidewaysScrollAsync();
            var name = path.Length == 0 ? "dashboard" : path.Split('/', '?')[0] + (path.Contains("placement", StringComparison.Ordinal) ? "-placement" : "");
            await page.ScreenshotAsync($"office-{name}-{language}{(kind == "sqlite" ? "" : "-" + kind)}");
        }

        // The statement of the last closed period: the viewer's own, as its own document, within the policy.
        await using var db = site.Database.CreateContext();
        var last = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).FirstAsync();
        var statement = await page.GotoAsync($"{site.BaseUrl}/office/statement/{last.Key}");
        Assert.Equal(200, statement!.Status);
        Assert.StartsWith("text/html", statement.Headers["content-type"]);
        Assert.Contains(me.Name, await page.InnerTextAsync("h1 + p"));
        await page.ScreenshotAsync($"office-statement-{language}{(kind == "sqlite" ? "" : "-" + kind)}");
        Assert.Equal(404, (await page.GotoAsync($"{site.BaseUrl}/office/statement/2099-01"))!.Status);
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite]
    public async Task The_office_at_desktop_width(string kind)
    {
        var (site, page, _) = await SignedInAsync(kind);
        foreach (var path in new[] { "", "genealogy", "downline", "earnings" })
        {
            await page.GotoAsync($"{site.BaseUrl}/office/{path}");
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"office-{(path.Length == 0 ? "dashboard" : path)}-desktop");
        }
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_customers_page_lists_the_members_own_customers_and_their_orders(string kind)
    {
        var site = await web.SiteAsync(kind);
        await using var db = site.Database.CreateContext();
        // The member whose customers ordered most.
        var referrer = (await db.Orders.AsNoTracking().Where(o => o.CustomerId != null).Join(db.Customers.AsNoTracking(), o => o.CustomerId, c => c.Id, (o, c) => c.ReferrerId).ToListAsync())
            .GroupBy(r => r).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var me = await db.Members.AsNoTracking().SingleAsync(m => m.Id == referrer);
        var mine = await db.Customers.AsNoTracking().Where(c => c.ReferrerId == referrer).ToListAsync();
        var others = await db.Customers.AsNoTracking().Where(c => c.ReferrerId != referrer).Select(c => c.Email).ToListAsync();
        var ids = mine.Select(c => c.Id).ToList();
        var order = await db.Orders.AsNoTracking().Where(o => o.CustomerId != null && ids.Contains(o.CustomerId.Value)).OrderBy(o => o.Id).FirstAsync();

        // A sign-in of its own for the member with the most customers (the demo's sign-ins are other members).
        await site.SignInForAsync(me);
        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.SignInAsync(site, me.Handle, DemoSignIns.Password);
        await page.GotoAsync($"{site.BaseUrl}/office/customers");
        var text = await page.InnerTextAsync("main");
        Assert.Equal(mine.Count, await page.Locator("section.customer").CountAsync());
        Assert.All(mine, c => Assert.Contains(c.Email, text));
        Assert.All(others, e => Assert.DoesNotContain(e, text));
        Assert.Contains(order.Number, text);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.ScreenshotAsync($"office-customers-list-{kind}");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_profile_shows_the_members_details_and_changes_its_language(string kind)
    {
        // The last demo distributor; it is switched back to English at the end, as the other tests expect.
        var site0 = await web.SiteAsync(kind);
        var (site, page, me) = await SignedInAsync(kind, distributor: site0.Distributors.Count - 1);
        await page.GotoAsync($"{site.BaseUrl}/office/profile");
        var profile = await page.InnerTextAsync("#profile");
        Assert.Contains(me.Email, profile);
        Assert.Contains(me.Handle, profile);
        await page.SelectOptionAsync("#profile-language", "nl");
        await page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Mijn profiel");
        Assert.EndsWith("/office/profile", page.Url);
        await page.SelectOptionAsync("#profile-language", "en");
        await page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My profile");
    }
}
