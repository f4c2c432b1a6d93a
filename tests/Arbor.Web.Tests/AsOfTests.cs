using System.Text.Json;
using Arbor.Core.Genealogy;
using Arbor.Core.Tests;
using Arbor.Web.Demo;

namespace Arbor.Web.Tests;

/// <summary>The genealogy as it was at a close, in the virtual office, the back office and the API: the same answer as <see cref="GenealogyAsOf"/>.</summary>
[Collection(WebCollection.Name)]
public sealed class AsOfTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_staff_and_the_API_see_a_closed_periods_downline_as_its_close_stored_it(string kind)
    {
        var site = await web.SiteAsync(kind);
        var member = site.Distributors[0];
        AsOfDownline expected;
        await using (var db = site.Database.CreateContext())
        {
            expected = (await new GenealogyAsOf(db).DownlineAsync(member.UserName, "2026-10", Tree.Sponsor, 3, 1, 100)).Unwrap();
        }
        Assert.NotEmpty(expected.Levels);

        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, member.UserName, member.Password);
        await page.GotoAsync($"{site.BaseUrl}/office/asof?period=2026-10&depth=3");
        var levels = await page.Locator("#asof-levels tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())");
        Assert.Equal(expected.Levels.Select(l => $"{l.Level} {l.Members:N0}"), levels);
        var handles = await page.Locator("#asof-members tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.handle)");
        Assert.Equal(expected.Page.Select(m => m.Handle), handles);
        await page.AssertAccessibleAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("office-asof-en");

        // The API gives the same; a member outside the caller's downline then is not found.
        var api = await page.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/periods/2026-10/members/{member.UserName}/genealogy?depth=3&limit=1000");
        Assert.Equal(200, api.Status);
        using var json = JsonDocument.Parse(await api.TextAsync());
        Assert.Equal(expected.Total, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(expected.Levels.Select(l => l.Members), json.RootElement.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("members").GetInt32()));
        var other = site.Distributors[^1];
        await using (var db = site.Database.CreateContext())
        {
            // The smallest distributor did not have the biggest one below it.
            var refused = await new GenealogyAsOf(db).DownlineAsync(member.UserName, "2026-10", Tree.Sponsor, 1, 1, 1, viewer: MemberId(site, other.UserName));
            Assert.False(refused.Ok);
        }
        var small = await web.Browser.PageAsync();
        await small.SignInAsync(site, other.UserName, other.Password);
        var refusal = await small.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/periods/2026-10/members/{member.UserName}/genealogy");
        Assert.Equal(404, refusal.Status);
        Assert.Contains("was not in your downline in 2026-10", await refusal.TextAsync(), StringComparison.Ordinal);

        // Staff see the member's page in the back office.
        var staff = await web.Browser.PageAsync();
        await staff.SignInAsync(site, "support", DemoSignIns.Password);
        await staff.GotoAsync($"{site.BaseUrl}/admin/members/{member.UserName}/asof?period=2026-10&depth=3");
        Assert.Equal(handles, await staff.Locator("#asof-members tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.handle)"));
        await staff.AssertAccessibleAsync();

        var phone = await web.Browser.PageAsync("en", Browser.Phone);
        await phone.SignInAsync(site, member.UserName, member.Password);
        await phone.GotoAsync($"{site.BaseUrl}/office/asof?period=2026-10");
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{widths[0]} px wide in a {widths[1]} px viewport");
        if (kind == "sqlite") await phone.ScreenshotAsync("office-asof-phone");
    }

    private static long MemberId(TestSite site, string handle)
    {
        using var db = site.Database.CreateContext();
        return db.Members.Single(m => m.Handle == handle).Id;
    }
}
