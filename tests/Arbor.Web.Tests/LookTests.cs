using Arbor.Core.Audit;
using Arbor.Core.Tests;
using Arbor.Web.Demo;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Tests;

/// <summary>Support acting as a member: the member's office as it sees it, read-only, with a banner; recorded, and shown to the member.</summary>
[Collection(WebCollection.Name)]
public sealed class LookTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Support_looks_at_a_members_office_read_only_and_the_member_sees_the_record(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var member = site.Distributors[0];
        var support = await web.Browser.PageAsync();
        await support.SignInAsync(site, "support", DemoSignIns.Password);
        await support.GotoAsync($"{site.BaseUrl}/admin/members/{member.UserName}");
        await support.ClickAsync("#look");

        // The member's own dashboard, with the banner, on every office page.
        Assert.EndsWith("/office", support.Url, StringComparison.Ordinal);
        var own = await web.Browser.PageAsync();
        await own.SignInAsync(site, member.UserName, member.Password);
        foreach (var figure in new[] { "#my-pv", "#my-gv", "#my-rank", "#earnings-now" })
        {
            Assert.Equal(await own.InnerTextAsync(figure), await support.InnerTextAsync(figure));
        }
        foreach (var path in new[] { "/office", "/office/genealogy", "/office/earnings", "/office/customers", "/office/profile" })
        {
            Assert.Equal(200, (await support.GotoAsync(site.BaseUrl + path))!.Status);
            var banner = await support.InnerTextAsync("#look-banner");
            Assert.Contains(member.UserName, banner, StringComparison.Ordinal);
            Assert.Contains("read-only", banner, StringComparison.Ordinal);
            Assert.Equal(0, await support.Locator("main form[method=post] button:visible").CountAsync());
        }
        await support.AssertAccessibleAsync();
        await support.ScreenshotAsync("office-looked-at-by-support");

        // Nothing changes: a form posted anyway, the API's writes, and the back office are refused.
        var token = await support.GetAttributeAsync("input[name=__RequestVerificationToken]", "value") ?? "";
        var form = support.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("Name", "Someone");
        Assert.Equal(403, (await support.Context.APIRequest.PostAsync($"{site.BaseUrl}/office/prospects", new() { Form = form, MaxRedirects = 0 })).Status);
        Assert.Equal(403, (await support.Context.APIRequest.PostAsync($"{site.BaseUrl}/api/v1/prospects", new() { DataObject = new { name = "Someone" } })).Status);
        Assert.Equal(403, (await support.GotoAsync($"{site.BaseUrl}/admin/members"))!.Status);
        // The API answers as the member: its downline, not the company.
        var members = await support.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/members/{site.Distributors[1].UserName}");
        var visible = await own.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/members/{site.Distributors[1].UserName}");
        Assert.Equal(visible.Status, members.Status);

        await support.GotoAsync($"{site.BaseUrl}/office");
        await support.ClickAsync("#end-look");
        Assert.EndsWith($"/admin/members/{member.UserName}", support.Url, StringComparison.Ordinal);
        Assert.Equal(0, await support.Locator("#look-banner").CountAsync());

        await own.GotoAsync($"{site.BaseUrl}/office/profile");
        var looks = await own.InnerTextAsync("#looks tbody");
        Assert.Contains("support", looks, StringComparison.Ordinal);
        Assert.DoesNotContain("–", looks, StringComparison.Ordinal);
        await own.AssertAccessibleAsync();
        await using var db = site.Database.CreateContext();
        Assert.Equal([AuditLog.LookStarted, AuditLog.LookEnded],
            await db.AuditEntries.Where(e => e.Subject == member.UserName && e.Actor == "support").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Empty(web.Browser.Violations[support].Concat(web.Browser.Violations[own]));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Finance_cannot_look_at_a_members_office(string kind)
    {
        var site = await web.SiteAsync(kind);
        var finance = await web.Browser.PageAsync();
        await finance.SignInAsync(site, "finance", DemoSignIns.Password);
        await finance.GotoAsync($"{site.BaseUrl}/admin/members/{site.Distributors[0].UserName}");
        var token = await finance.GetAttributeAsync("input[name=__RequestVerificationToken]", "value") ?? "";
        var form = finance.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        var posted = await finance.Context.APIRequest.PostAsync($"{site.BaseUrl}/admin/members/{site.Distributors[0].UserName}?handler=look", new() { Form = form, MaxRedirects = 0 });
        Assert.Contains("/account/denied", posted.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(200, (await finance.GotoAsync($"{site.BaseUrl}/admin"))!.Status);
    }
}
