using Arbor.Core.Tests;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Tests;

/// <summary>Four eyes in the back office: one finance user prepares a close, export and confirmation; she cannot take them herself; a second one does.</summary>
[Collection(WebCollection.Name)]
public sealed class FourEyesTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task One_finance_user_prepares_a_close_and_a_second_approves_it(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        site.Clock.Now = new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero);
        var admin = await web.Browser.SignedInAsync(site, site.Admin.UserName);
        await admin.GotoAsync($"{site.BaseUrl}/admin/staff");
        await admin.ClickAsync("#four-eyes");
        Assert.Contains("Four eyes are on", await admin.InnerTextAsync("#four-eyes-state"), StringComparison.Ordinal);

        // Finance prepares: the figures are frozen and shown; she cannot approve her own.
        var ann = await web.Browser.SignedInAsync(site, "finance");
        await ann.GotoAsync($"{site.BaseUrl}/admin/periods");
        Assert.Equal(0, await ann.Locator("#close-2026-12").CountAsync());
        await ann.ClickAsync("#prepare-2026-12");
        Assert.Contains("2026-12", await ann.InnerTextAsync("main .notice"));
        var prepared = await ann.InnerTextAsync("#prepared-2026-12");
        Assert.Contains("Prepared by finance", prepared, StringComparison.Ordinal);
        Assert.Contains("60 members", prepared, StringComparison.Ordinal);
        await ann.AssertAccessibleAsync();
        await ann.ScreenshotAsync("admin-periods-prepared");
        // She is shown no approve button, and the server refuses her approval posted anyway.
        Assert.Equal(0, await ann.Locator("#close-2026-12").CountAsync());
        Assert.Equal("Waiting for a second person to approve it.", await ann.InnerTextAsync("#waiting-2026-12"));
        Assert.Contains("finance prepared the close of 2026-12: a second person must approve it", await PostAsync(ann, "/admin/periods?handler=close", "2026-12"), StringComparison.Ordinal);
        await using (var db = site.Database.CreateContext()) Assert.False(await db.Periods.AnyAsync(p => p.Key == "2026-12"));

        // A second finance user approves: the close runs and stores the period.
        var bob = await web.Browser.SignedInAsync(site, "finance2");
        await bob.GotoAsync($"{site.BaseUrl}/admin/periods");
        Assert.Contains("Prepared by finance", await bob.InnerTextAsync("#prepared-2026-12"), StringComparison.Ordinal);
        await bob.ClickAsync("#close-2026-12");
        await bob.WaitForSelectorAsync("#close-result .notice", new() { Timeout = 60_000 });
        Assert.Contains("2026-12", await bob.InnerTextAsync("#close-result"));

        // Payouts: finance prepares the export, finance2 approves it (and gets the file); then the other way round for the confirmation.
        await ann.GotoAsync($"{site.BaseUrl}/admin/payouts");
        Assert.Equal(0, await ann.Locator("#export-2026-12").CountAsync());
        await ann.ClickAsync("#prepare-export-2026-12");
        Assert.Contains("payments", await ann.InnerTextAsync("#prepared-export-2026-12"), StringComparison.Ordinal);
        Assert.Equal(0, await ann.Locator("#export-2026-12").CountAsync());
        Assert.Equal("Waiting for a second person to approve it.", await ann.InnerTextAsync("#waiting-export-2026-12"));
        await bob.GotoAsync($"{site.BaseUrl}/admin/payouts");
        var download = await bob.RunAndWaitForDownloadAsync(() => bob.ClickAsync("#export-2026-12"));
        var path = Path.Combine(Path.GetTempPath(), $"arbor-test-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        Assert.Equal("member,name,amount,currency,bank_reference", (await File.ReadAllLinesAsync(path))[0]);
        File.Delete(path);
        await bob.GotoAsync($"{site.BaseUrl}/admin/payouts");
        await bob.ClickAsync("#prepare-confirm-2026-12");
        Assert.Equal(0, await bob.Locator("#confirm-2026-12").CountAsync());
        Assert.Equal("Waiting for a second person to approve it.", await bob.InnerTextAsync("#waiting-confirm-2026-12"));
        Assert.Contains("finance2 prepared the payouts confirmation of 2026-12", await PostAsync(bob, "/admin/payouts?handler=confirm", "2026-12"), StringComparison.Ordinal);
        await ann.GotoAsync($"{site.BaseUrl}/admin/payouts");
        await ann.ClickAsync("#confirm-2026-12");
        Assert.Contains("2026-12", await ann.InnerTextAsync("main .notice"));

        await using var after = site.Database.CreateContext();
        Assert.Equal("paid", (await after.Periods.SingleAsync(p => p.Key == "2026-12")).State);
        var audit = await after.AuditEntries.AsNoTracking().Where(e => e.Subject == "2026-12").OrderBy(e => e.Id).Select(e => e.Action + " " + e.Actor).ToListAsync();
        Assert.Equal(
            ["period-close-prepare finance", "period-close finance2", "payouts-export-prepare finance", "payouts-export finance2", "payouts-confirm-prepare finance2", "payouts-confirm finance"],
            audit);
        Assert.All(await after.Approvals.ToListAsync(), a => Assert.True(a.State == "approved" && a.DecidedBy != a.PreparedBy, $"{a.Step}: {a.State} by {a.DecidedBy}"));
        Assert.Empty(web.Browser.Violations[ann].Concat(web.Browser.Violations[bob]));
    }

    /// <summary>Posts a form of the page <paramref name="page"/> shows, as a script could, with its sign-in's antiforgery token; the answer's text.</summary>
    private static async Task<string> PostAsync(Microsoft.Playwright.IPage page, string path, string period)
    {
        var token = await page.GetAttributeAsync("input[name=__RequestVerificationToken]", "value") ?? "";
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("period", period);
        var response = await page.Context.APIRequest.PostAsync(new Uri(new Uri(page.Url), path).ToString(), new() { Form = form });
        return System.Net.WebUtility.HtmlDecode(await response.TextAsync());
    }
}
