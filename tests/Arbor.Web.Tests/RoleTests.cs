using System.Reflection;
using System.Security.Claims;
using Arbor.Core.Tests;
using Arbor.Web.Api;
using Arbor.Web.Demo;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using AdminPages = Arbor.Web.Pages.Admin;

namespace Arbor.Web.Tests;

/// <summary>Staff roles: every back-office page walked by every role, reading and writing, against the table of docs/roles.md; every API endpoint against the table of docs/api.md for each caller; the staff page.</summary>
[Collection(WebCollection.Name)]
public sealed class RoleTests(WebFixture web)
{
    private const StaffRoles All = StaffRoles.AllStaff, Admin = StaffRoles.Admin, Finance = StaffRoles.Finance, Support = StaffRoles.Support, Compliance = StaffRoles.Compliance;

    /// <summary>
    /// The table of docs/roles.md: each page, a handler its forms post to (null: it has none), and
    /// the roles that may read it and use its forms.
    /// </summary>
    private static readonly (string Path, Type Page, string? Handler, StaffRoles Read, StaffRoles Write)[] Table =
    [
        ("/admin", typeof(AdminPages.IndexModel), null, All, StaffRoles.None),
        ("/admin/members", typeof(AdminPages.Members.IndexModel), null, All, Admin | Support),
        ("/admin/members/{member}", typeof(AdminPages.Members.DetailModel), "status", All, Admin | Support),
        ("/admin/members/new", typeof(AdminPages.Members.NewModel), "", Admin | Support, Admin | Support),
        ("/admin/members/{member}/asof", typeof(AdminPages.Members.AsOfModel), null, All, StaffRoles.None),
        ("/admin/members/{member}/buyback", typeof(AdminPages.Members.BuyBackModel), "", All, Admin | Support),
        ("/admin/orders", typeof(AdminPages.OrdersModel), "order", All, Admin | Support),
        ("/admin/autoships", typeof(AdminPages.AutoshipsModel), "run", All, Admin | Support),
        ("/admin/products", typeof(AdminPages.ProductsModel), "add", All, Admin),
        ("/admin/plans", typeof(AdminPages.PlansModel), "", All, Admin),
        ("/admin/periods", typeof(AdminPages.PeriodsModel), "close", All, Admin | Finance),
        ("/admin/payouts", typeof(AdminPages.PayoutsModel), "confirm", All, Admin | Finance),
        ("/admin/ledger", typeof(AdminPages.LedgerModel), "", All, Admin | Finance),
        ("/admin/statements", typeof(AdminPages.StatementsModel), null, All, Admin | Finance),
        ("/admin/compliance", typeof(AdminPages.Compliance.IndexModel), null, All, Admin | Compliance),
        ("/admin/compliance/behind", typeof(AdminPages.Compliance.BehindModel), null, All, Admin | Compliance),
        ("/admin/compliance/settings", typeof(AdminPages.Compliance.SettingsModel), "", All, Admin | Compliance),
        ("/admin/compliance/disclosure", typeof(AdminPages.Compliance.DisclosureModel), null, All, Admin | Compliance),
        ("/admin/simulations", typeof(AdminPages.SimulationsModel), "start", All, Admin | Compliance),
        ("/admin/messages", typeof(AdminPages.MessagesModel), "", Admin | Support | Compliance, Admin | Support),
        ("/admin/training", typeof(AdminPages.TrainingModel), "course", All, Admin | Compliance),
        ("/admin/prospects", typeof(AdminPages.ProspectsModel), "erase", Admin | Support | Compliance, Admin | Support),
        ("/admin/staff", typeof(AdminPages.StaffModel), "add", Admin, Admin),
        ("/admin/tokens", typeof(AdminPages.TokensModel), "create", Admin, Admin),
        ("/admin/webhooks", typeof(AdminPages.WebhooksModel), "add", Admin, Admin),
    ];

    [Fact]
    public void Every_back_office_page_states_its_roles_and_is_in_the_table()
    {
        var pages = typeof(WebApp).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract && t.Namespace!.StartsWith("Arbor.Web.Pages.Admin", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(pages.OrderBy(p => p.FullName).ToList(), Table.Select(r => r.Page).OrderBy(p => p.FullName).ToList());
        foreach (var (path, page, _, read, write) in Table)
        {
            var allows = page.GetCustomAttribute<AllowsAttribute>();
            Assert.True(allows is not null, $"{page.Name} states no roles");
            Assert.True((allows.Read, allows.Write) == (read, write), $"{path}: the page allows read {allows.Read}, write {allows.Write}; the table says {read}, {write}");
            Assert.True((write & ~read) == 0, $"{path}: a role writes what it cannot read");
        }
    }

    public static IEnumerable<object[]> StaffUsers() =>
        new[] { DemoSignIns.AdminUser }.Concat(DemoSignIns.Staff.Select(s => s.UserName)).Distinct().Select(u => new object[] { u });

    [Theory, OnSqlite(With = nameof(StaffUsers)), OnPostgres(With = nameof(StaffUsers))]
    public async Task Each_role_reads_and_changes_only_what_its_pages_allow(string kind, string user)
    {
        var site = await web.SiteAsync(kind);
        var role = Roles.Flag(site.SignIns.Single(s => s.UserName == user).Role);
        var member = site.Distributors[0].UserName;
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, user, DemoSignIns.Password);
        var token = "";
        foreach (var (template, _, handler, read, write) in Table)
        {
            var path = template.Replace("{member}", member, StringComparison.Ordinal);
            var response = await page.GotoAsync(site.BaseUrl + path);
            var mayRead = (read & role) != 0;
            Assert.True(response!.Status == (mayRead ? 200 : 403), $"{user} GET {path}: {response.Status}, expected {(mayRead ? 200 : 403)}");
            if (!mayRead) continue;
            // Every page has a form (the language switch) with the sign-in's antiforgery token.
            token = await page.GetAttributeAsync("input[name=__RequestVerificationToken]", "value") ?? "";
            var mayWrite = (write & role) != 0;
            Assert.True(await page.Locator("#read-only-note").CountAsync() == (mayWrite || write == StaffRoles.None ? 0 : 1), $"{user} on {path}: read-only note");
            if (handler is null || mayWrite) continue;
            // A form posted anyway (as a script could) is refused on the server and changes nothing.
            var url = site.BaseUrl + path + (handler.Length > 0 ? $"?handler={handler}" : "");
            var posted = await page.Context.APIRequest.PostAsync(url, new() { Form = FormWith(page, token), MaxRedirects = 0 });
            Assert.True(posted.Status is 302 or 403, $"{user} POST {url}: {posted.Status}");
            if (posted.Status == 302) Assert.Contains("/account/denied", posted.Headers["location"], StringComparison.Ordinal);
        }
        var menu = await page.Locator("header nav a").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('href'))");
        Assert.Equal(Table.Where(r => (r.Read & role) != 0 && !r.Path.Contains('{', StringComparison.Ordinal) && Menu.Contains(r.Path)).Select(r => r.Path).Order(StringComparer.Ordinal),
            menu.Order(StringComparer.Ordinal));

        // The API: every staff role reads it; only admin and support change members and orders through it.
        var list = await page.Context.APIRequest.GetAsync($"{site.BaseUrl}/api/v1/members?limit=1");
        Assert.Equal(200, list.Status);
        var enroll = await page.Context.APIRequest.PostAsync($"{site.BaseUrl}/api/v1/members/{Uri.EscapeDataString(member)}/status",
            new() { DataObject = new { status = "no-such-status" } });
        var apiWriter = (role & ApiAuth.ApiWriters) != 0;
        // A writer gets past authorization to the use case, which refuses the unknown status.
        Assert.True(apiWriter ? enroll.Status == 400 : enroll.Status == 403, $"{user} POST status: {enroll.Status} {await enroll.TextAsync()}");
        if (!apiWriter) Assert.Contains("reads the API", await enroll.TextAsync(), StringComparison.Ordinal);
    }

    [Theory, OnSqlite]
    public async Task The_read_only_note_names_the_roles_in_the_pages_language(string kind)
    {
        var site = await web.SiteAsync(kind);
        var finance = site.SignIns.First(s => s.Role == Roles.Finance).UserName;
        var page = await web.Browser.PageAsync("nl");
        await page.SignInAsync(site, finance, DemoSignIns.Password);
        await page.GotoAsync(site.BaseUrl + "/admin/orders");
        Assert.Equal("U bent aangemeld als financiën: u kunt deze pagina lezen; wijzigingen hier zijn voor admin, support.",
            (await page.InnerTextAsync("#read-only-note")).Trim());
    }

    /// <summary>Who an API endpoint lets in (docs/api.md): any caller, a writer, staff, or staff that writes.</summary>
    private enum Access { All, Write, Staff, StaffWrite }

    /// <summary>The table of docs/api.md: every endpoint of /api/v1 and who it lets in.</summary>
    private static readonly (string Method, string Pattern, Access Access)[] ApiTable =
    [
        ("GET", "/members", Access.All), ("GET", "/members/{handle}", Access.All), ("POST", "/members", Access.Write),
        ("POST", "/members/{handle}/status", Access.StaffWrite), ("GET", "/members/{handle}/upline", Access.All), ("GET", "/members/{handle}/downline", Access.All),
        ("GET", "/members/{handle}/levels", Access.All), ("GET", "/members/{handle}/legs", Access.All), ("GET", "/messages", Access.All),
        ("POST", "/messages", Access.Write), ("GET", "/messages/{id}", Access.All), ("GET", "/messages/{id}/receipts", Access.All),
        ("POST", "/messages/{id}/mute", Access.Write), ("GET", "/products", Access.All), ("GET", "/products/{sku}", Access.All), ("GET", "/markets", Access.All),
        ("GET", "/customers", Access.All), ("POST", "/customers", Access.Write), ("GET", "/orders", Access.All), ("GET", "/orders/{number}", Access.All),
        ("POST", "/orders", Access.Write), ("POST", "/orders/{number}/returns", Access.StaffWrite), ("GET", "/periods", Access.All),
        ("GET", "/periods/{period}/preview", Access.Staff), ("GET", "/members/{handle}/estimate", Access.All),
        ("GET", "/periods/{period}/members/{handle}/genealogy", Access.All), ("GET", "/periods/{period}/members/{handle}", Access.All),
        ("GET", "/members/{handle}/ledger", Access.All), ("GET", "/payouts", Access.Staff), ("GET", "/autoships", Access.Staff), ("GET", "/prospects", Access.All),
        ("POST", "/prospects", Access.Write), ("GET", "/prospects/{id}", Access.All), ("POST", "/prospects/{id}", Access.Write),
        ("POST", "/prospects/{id}/notes", Access.Write), ("POST", "/prospects/{id}/customer", Access.Write), ("POST", "/prospects/{id}/enroll", Access.Write),
        ("GET", "/prospects/{id}/export", Access.All), ("DELETE", "/prospects/{id}", Access.Write), ("GET", "/customers/care", Access.All),
        ("POST", "/customers/{id}/orders", Access.Write), ("GET", "/training", Access.All), ("POST", "/training/lessons/{id}/complete", Access.Write),
        ("GET", "/members/{handle}/analytics", Access.All),
    ];

    /// <summary>The callers of the API: each staff role and a member signed in, and tokens of each scope.</summary>
    public static IEnumerable<object[]> ApiCallers() => new[] { "admin", "finance", "support", "compliance", "member", "token-read", "token-write" }.Select(c => new object[] { c });

    [Theory, OnSqlite(With = nameof(ApiCallers)), OnPostgres(With = nameof(ApiCallers))]
    public async Task Every_API_endpoint_lets_in_exactly_the_callers_of_the_table(string kind, string caller)
    {
        var site = await web.SiteAsync(kind);
        var endpoints = site.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .Select(e => (Method: e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single(), Pattern: e.RoutePattern.RawText!["/api/v1".Length..].TrimEnd('/'), Endpoint: e))
            .ToList();
        Assert.Equal(ApiTable.Select(r => $"{r.Method} {r.Pattern}").Order(StringComparer.Ordinal), endpoints.Select(e => $"{e.Method} {e.Pattern}").Order(StringComparer.Ordinal));
        var claims = new List<Claim> { new(ClaimTypes.Name, caller) };
        if (caller.StartsWith("token-", StringComparison.Ordinal)) claims.AddRange([new(ApiAuth.TokenClaim, "1"), new(ApiAuth.ScopeClaim, caller["token-".Length..])]);
        else claims.Add(new(ClaimTypes.Role, caller));
        if (caller == "member") claims.Add(new(MemberClaims.MemberId, "1"));
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        var (staff, writer) = caller switch
        {
            "admin" or "support" => (true, true),
            "finance" or "compliance" => (true, false),
            "member" => (false, true),
            "token-read" => (true, false),
            _ => (true, true),
        };
        var authorization = site.App.Services.GetRequiredService<IAuthorizationService>();
        foreach (var (method, pattern, endpoint) in endpoints)
        {
            var access = ApiTable.Single(r => r.Method == method && r.Pattern == pattern).Access;
            var expected = access switch
            {
                Access.All => true,
                Access.Write => writer,
                Access.Staff => staff,
                _ => staff && writer,
            };
            var allowed = true;
            foreach (var policy in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Distinct())
            {
                allowed &= (await authorization.AuthorizeAsync(user, policy!)).Succeeded;
            }
            Assert.True(allowed == expected, $"{caller} {method} /api/v1{pattern}: {(allowed ? "let in" : "refused")}, the table says {access}");
        }
    }

    /// <summary>The paths the menu links to.</summary>
    private static readonly HashSet<string> Menu =
    [
        "/admin", "/admin/members", "/admin/products", "/admin/orders", "/admin/autoships", "/admin/plans", "/admin/periods", "/admin/payouts",
        "/admin/ledger", "/admin/statements", "/admin/compliance", "/admin/simulations", "/admin/messages", "/admin/training", "/admin/prospects",
        "/admin/staff", "/admin/tokens", "/admin/webhooks",
    ];

    private static IFormData FormWith(IPage page, string token)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        form.Set("period", "2026-11");
        return form;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_does_not_reach_the_back_office(string kind)
    {
        var site = await web.SiteAsync(kind);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Distributors[0].UserName, site.Distributors[0].Password);
        foreach (var path in new[] { "/admin", "/admin/periods", "/admin/staff" })
        {
            Assert.Equal(403, (await page.GotoAsync(site.BaseUrl + path))!.Status);
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_adds_a_staff_member_who_then_signs_in_with_its_role(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/staff");
        await page.FillAsync("#staff-user", "auditor");
        await page.FillAsync("#staff-password", "short");
        await page.SelectOptionAsync("#staff-role", Roles.Compliance);
        // The browser's own check stops a short password; the server's stops it too.
        await page.EvalOnSelectorAsync("#staff-password", "e => e.removeAttribute('minlength')");
        await page.ClickAsync("#add-staff");
        Assert.Contains("at least 10", await page.InnerTextAsync("main .problem"));
        await page.FillAsync("#staff-password", "a-long-enough-password");
        await page.ClickAsync("#add-staff");
        Assert.Contains("auditor", await page.InnerTextAsync("main .notice"));
        Assert.Contains("compliance", await page.InnerTextAsync("#staff tr[data-user=auditor]"), StringComparison.Ordinal);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("admin-staff-en");

        // The last admin keeps its role.
        await page.SelectOptionAsync("#role-admin", Roles.Support);
        await page.ClickAsync("#set-role-admin");
        Assert.Contains("only admin", await page.InnerTextAsync("main .problem"));

        var auditor = await web.Browser.PageAsync();
        await auditor.SignInAsync(site, "auditor", "a-long-enough-password");
        await auditor.GotoAsync($"{site.BaseUrl}/admin/periods");
        Assert.Contains("compliance", await auditor.InnerTextAsync("#read-only-note"), StringComparison.Ordinal);
        Assert.False(await auditor.Locator("main form[method=post] button").First.IsVisibleAsync());
        await auditor.ScreenshotAsync("admin-periods-read-only");

        // Locked, the sign-in no longer works.
        await page.ClickAsync("#lock-auditor");
        Assert.Contains("auditor", await page.InnerTextAsync("main .notice"));
        var again = await web.Browser.PageAsync();
        await again.SignInAsync(site, "auditor", "a-long-enough-password");
        Assert.Contains("/account/signin", again.Url, StringComparison.Ordinal);
        await using var db = site.Database.CreateContext();
        Assert.Equal(["staff-add", "staff-lock"], await db.AuditEntries.Where(e => e.Subject == "auditor").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }
}
