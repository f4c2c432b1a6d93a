using System.Net;
using Arbor.Core.Tests;
using Arbor.Web.Security;

namespace Arbor.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Staff_land_in_the_back_office_and_members_in_their_virtual_office(string kind)
    {
        var site = await web.SiteAsync(kind);
        var admin = await web.Browser.PageAsync();
        await admin.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        Assert.EndsWith("/admin", admin.Url);
        Assert.Contains(site.Admin.UserName, await admin.InnerTextAsync("header"));

        var member = await web.Browser.PageAsync();
        var distributor = site.Distributors[0];
        await member.SignInAsync(site, distributor.UserName, distributor.Password);
        Assert.EndsWith("/office", member.Url);
        Assert.Empty(web.Browser.Violations[admin].Concat(web.Browser.Violations[member]));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_sign_in(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var page = await web.Browser.PageAsync();
        var user = site.Distributors[0];
        for (var attempt = 1; attempt < SignInRules.MaxFailedAttempts; attempt++)
        {
            await page.SignInAsync(site, user.UserName, "not-the-password");
            Assert.Contains("not right", await page.InnerTextAsync("#signin-error"));
        }
        await page.SignInAsync(site, user.UserName, "not-the-password");
        Assert.Contains("locked", await page.InnerTextAsync("#signin-error"));

        // Locked: even the right password is refused now.
        await page.SignInAsync(site, user.UserName, user.Password);
        Assert.Contains("locked", await page.InnerTextAsync("#signin-error"));
        Assert.Contains("/account/signin", page.Url);
        await page.AssertAccessibleAsync();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Pages_need_a_sign_in_and_staff_pages_need_staff(string kind)
    {
        var site = await web.SiteAsync(kind);
        using var anonymous = site.Client();
        var response = await anonymous.GetAsync("/office");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery);

        var member = await web.Browser.PageAsync();
        await member.SignInAsync(site, site.Distributors[0].UserName, site.Distributors[0].Password);
        var admin = await member.GotoAsync($"{site.BaseUrl}/admin");
        Assert.Equal(403, admin!.Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_response_carries_the_security_headers_and_the_health_endpoint_answers(string kind)
    {
        var site = await web.SiteAsync(kind);
        using var client = site.Client();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        var signIn = await client.GetAsync("/account/signin");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, signIn.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", signIn.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused(string kind)
    {
        var site = await web.SiteAsync(kind);
        using var client = site.Client();
        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = site.Admin.UserName,
            ["password"] = site.Admin.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("arbor.auth", StringComparison.Ordinal)));
    }
}

[Collection(WebCollection.Name)]
public sealed class PasswordTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_user_changes_its_password_and_only_the_new_one_signs_in_afterwards(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var user = site.Distributors[0];
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, user.UserName, user.Password);
        await page.GotoAsync($"{site.BaseUrl}/account/password");
        await page.AssertAccessibleAsync();

        await page.FillAsync("#current", "not-the-password");
        await page.FillAsync("#next", "a-new-password-1");
        await page.FillAsync("#repeat", "a-new-password-1");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("current password is not right", await page.InnerTextAsync("#password-message"));

        await page.FillAsync("#current", user.Password);
        await page.FillAsync("#next", "a-new-password-1");
        await page.FillAsync("#repeat", "another-password");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("not the same", await page.InnerTextAsync("#password-message"));

        await page.FillAsync("#current", user.Password);
        await page.FillAsync("#next", "a-new-password-1");
        await page.FillAsync("#repeat", "a-new-password-1");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("has been changed", await page.InnerTextAsync("#password-message"));

        var fresh = await web.Browser.PageAsync();
        await fresh.SignInAsync(site, user.UserName, user.Password);
        Assert.Contains("not right", await fresh.InnerTextAsync("#signin-error"));
        await fresh.SignInAsync(site, user.UserName, "a-new-password-1");
        Assert.EndsWith("/office", fresh.Url);
    }
}
