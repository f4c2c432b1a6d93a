using System.Security.Cryptography;
using Arbor.Core.Tests;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Tests;

/// <summary>Two-factor sign-in: required of staff by the company, set up with an authenticator app's code, then asked at every sign-in; recovery codes once each.</summary>
[Collection(WebCollection.Name)]
public sealed class TwoFactorTests(WebFixture web)
{
    /// <summary>An authenticator app: the RFC 6238 code (HMAC-SHA1, 30 s steps, 6 digits) of a base32 key at the real time (ASP.NET Core Identity checks codes against it).</summary>
    internal static string Code(string key, int stepOffset = 0)
    {
        var bits = key.ToUpperInvariant().Where(c => c != ' ' && c != '=').Select(c => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal))
            .SelectMany(v => Enumerable.Range(0, 5).Select(i => (v >> (4 - i)) & 1)).ToArray();
        var secret = Enumerable.Range(0, bits.Length / 8).Select(b => (byte)Enumerable.Range(0, 8).Aggregate(0, (acc, i) => (acc << 1) | bits[(b * 8) + i])).ToArray();
        var step = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30) + stepOffset;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_staff_user_cannot_get_past_sign_in_without_the_code_when_the_company_requires_it(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        // An admin requires two factors of staff once it signs in with two factors itself.
        var admin = await web.Browser.SignedInAsync(site, site.Admin.UserName);
        await admin.GotoAsync($"{site.BaseUrl}/admin/staff");
        await admin.ClickAsync("#two-factor-staff");
        Assert.Contains("for yourself first", await admin.InnerTextAsync("main .problem"), StringComparison.Ordinal);
        await admin.GotoAsync($"{site.BaseUrl}/account/twofactor");
        await admin.FillAsync("#two-factor-code", Code((await admin.GetAttributeAsync("#two-factor-key", "data-key"))!));
        await admin.ClickAsync("#two-factor-enable");
        await admin.GotoAsync($"{site.BaseUrl}/admin/staff");
        await admin.ClickAsync("#two-factor-staff");
        Assert.Contains("two factors", await admin.InnerTextAsync("#two-factor-staff-state"), StringComparison.Ordinal);

        // The password alone leads to setting up an app, and nowhere else.
        var support = await web.Browser.SignedInAsync(site, "support");
        Assert.Contains("/account/twofactor", support.Url, StringComparison.Ordinal);
        Assert.Equal(1, await support.Locator("#two-factor-required").CountAsync());
        await support.GotoAsync($"{site.BaseUrl}/admin/members");
        Assert.Contains("/account/twofactor", support.Url, StringComparison.Ordinal);
        Assert.Equal(403, (await support.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/members")).Status);
        await support.AssertAccessibleAsync();
        await support.ScreenshotAsync("two-factor-setup");

        var key = (await support.GetAttributeAsync("#two-factor-key", "data-key"))!;
        await support.FillAsync("#two-factor-code", Code(key) == "000000" ? "111111" : "000000");
        await support.ClickAsync("#two-factor-enable");
        Assert.Equal(1, await support.Locator("#two-factor-error").CountAsync());
        await support.FillAsync("#two-factor-code", Code(key));
        await support.ClickAsync("#two-factor-enable");
        var codes = await support.Locator("#recovery-codes code").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);
        Assert.Equal(200, (await support.GotoAsync($"{site.BaseUrl}/admin/members"))!.Status);
        Assert.EndsWith("/admin/members", support.Url, StringComparison.Ordinal);

        // Next sign-in: the password leads to the code, and without it nothing opens.
        var again = await web.Browser.SignedInAsync(site, "support");
        Assert.Contains("/account/signincode", again.Url, StringComparison.Ordinal);
        await again.GotoAsync($"{site.BaseUrl}/admin/members");
        Assert.Contains("/account/signin", again.Url, StringComparison.Ordinal);
        await again.GotoAsync($"{site.BaseUrl}/account/signincode");
        await again.FillAsync("#code", "12345678");
        await again.ClickAsync("#code-submit");
        Assert.Equal(1, await again.Locator("#code-error").CountAsync());
        await again.FillAsync("#code", Code(key));
        await again.ClickAsync("#code-submit");
        Assert.Equal(200, (await again.GotoAsync($"{site.BaseUrl}/admin/members"))!.Status);
        Assert.EndsWith("/admin/members", again.Url, StringComparison.Ordinal);

        // A recovery code signs in once.
        foreach (var expected in new[] { true, false })
        {
            var recovery = await web.Browser.SignedInAsync(site, "support");
            await recovery.FillAsync("#code", codes[0]);
            await recovery.ClickAsync("#code-submit");
            Assert.Equal(expected, await recovery.Locator("#code-error").CountAsync() == 0);
        }
        await using var db = site.Database.CreateContext();
        Assert.Contains(await db.AuditEntries.Select(e => e.Action + " " + e.Actor).ToListAsync(), e => e == "two-factor-on support");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_turns_two_factor_sign_in_on_and_off_for_itself(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        var member = site.Distributors[0];
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, member.UserName, member.Password);
        await page.GotoAsync($"{site.BaseUrl}/account/twofactor");
        var key = (await page.GetAttributeAsync("#two-factor-key", "data-key"))!;
        await page.FillAsync("#two-factor-code", Code(key));
        await page.ClickAsync("#two-factor-enable");
        Assert.Equal(10, await page.Locator("#recovery-codes code").CountAsync());

        var next = await web.Browser.PageAsync();
        await next.SignInAsync(site, member.UserName, member.Password);
        Assert.Contains("/account/signincode", next.Url, StringComparison.Ordinal);
        await next.FillAsync("#code", Code(key));
        await next.ClickAsync("#code-submit");
        Assert.EndsWith("/office", next.Url, StringComparison.Ordinal);

        await next.GotoAsync($"{site.BaseUrl}/account/twofactor");
        await next.ClickAsync("#two-factor-off");
        var last = await web.Browser.PageAsync();
        await last.SignInAsync(site, member.UserName, member.Password);
        Assert.EndsWith("/office", last.Url, StringComparison.Ordinal);
    }
}
