using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>What browser tests do on every page: sign in, check accessibility and width, take screenshots.</summary>
public static class Pages
{
    public static async Task SignInAsync(this IPage page, TestSite site, string user, string password)
    {
        await page.GotoAsync($"{site.BaseUrl}/account/signin");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A new page (its own cookies) signed in as <paramref name="user"/> with the demo password.</summary>
    public static async Task<IPage> SignedInAsync(this Browser browser, TestSite site, string user)
    {
        var page = await browser.PageAsync();
        await page.SignInAsync(site, user, Demo.DemoSignIns.Password);
        return page;
    }

    /// <summary>axe-core on the page as it is: fails on any serious or critical violation, naming each.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        await page.EvaluateAsync(Browser.AxeScript);
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { resultTypes: ['violations'] }); " +
            "return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); }");
        var violations = result.EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.True(violations.Count == 0, $"{page.Url}: {string.Join("; ", violations)}");
    }

    /// <summary>The page fits its viewport: nothing makes it scroll sideways.</summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{page.Url}: {scroll} px wide in a {client} px viewport");
    }

    /// <summary>A full-page screenshot under artifacts/screenshots/ (not committed).</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <summary>A text as the English pages write it: <paramref name="format"/> run under the English culture.</summary>
    public static string InEnglish(Func<string> format)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en");
        try
        {
            return format();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Arbor.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
