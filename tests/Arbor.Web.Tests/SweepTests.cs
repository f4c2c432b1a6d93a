using Arbor.Core.Tests;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>
/// Every page the navigation reaches, for a member and for staff: no serious or critical
/// accessibility violation (axe-core), no content-security-policy violation, member pages at a
/// phone's width without sideways scrolling, and a screenshot of each in every language.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SweepTests(WebFixture web)
{
    public static TheoryData<string> Languages() => [.. WebApp.Languages];

    [Theory, OnSqlite]
    public async Task The_sign_in_page_is_accessible_and_fits_a_phone(string kind)
    {
        var site = await web.SiteAsync(kind);
        foreach (var language in WebApp.Languages)
        {
            var page = await web.Browser.PageAsync(language, Browser.Phone);
            await page.GotoAsync($"{site.BaseUrl}/account/signin");
            Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
            await page.AssertAccessibleAsync();
            await page.AssertNoSidewaysScrollAsync();
            await page.ScreenshotAsync($"signin-{language}");
            await page.Context.CloseAsync();
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_member_page_is_accessible_and_fits_a_phone_in_every_language(string kind)
    {
        var site = await web.SiteAsync(kind);
        var member = site.Distributors[0];
        foreach (var language in WebApp.Languages)
        {
            var page = await web.Browser.PageAsync(language, Browser.Phone);
            await page.SignInAsync(site, member.UserName, member.Password);
            var links = await NavigationAsync(page, "/office");
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                var response = await page.GotoAsync($"{site.BaseUrl}{link}");
                Assert.True(response!.Ok, $"{link}: {response.Status}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.AssertAccessibleAsync();
                await page.AssertNoSidewaysScrollAsync();
                if (kind == "sqlite") await page.ScreenshotAsync($"phone{link.Replace('/', '-')}-{language}");
            }
            Assert.Empty(web.Browser.Violations[page]);
            await page.Context.CloseAsync();
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_staff_page_is_accessible_in_every_language(string kind)
    {
        var site = await web.SiteAsync(kind);
        foreach (var language in WebApp.Languages)
        {
            var page = await web.Browser.PageAsync(language);
            await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
            var links = await NavigationAsync(page, "/admin");
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                var response = await page.GotoAsync($"{site.BaseUrl}{link}");
                Assert.True(response!.Ok, $"{link}: {response.Status}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.AssertAccessibleAsync();
                if (kind == "sqlite") await page.ScreenshotAsync($"desktop{link.Replace('/', '-')}-{language}");
            }
            Assert.Empty(web.Browser.Violations[page]);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The navigation's links under <paramref name="prefix"/> (the layout lists every page of the area).</summary>
    private static async Task<IReadOnlyList<string>> NavigationAsync(IPage page, string prefix)
    {
        var hrefs = await page.EvalOnSelectorAllAsync<string[]>("header nav a", "links => links.map(a => a.getAttribute('href'))");
        return [.. hrefs.Where(h => h == prefix || h.StartsWith(prefix + "/", StringComparison.Ordinal)).Distinct()];
    }
}
