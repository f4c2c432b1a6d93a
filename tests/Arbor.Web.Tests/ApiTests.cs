using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Arbor.Core.Api;
using Arbor.Core.Genealogy;
using Arbor.Core.Office;
using Arbor.Core.Periods;
using Arbor.Core.Tests;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Tests;

/// <summary>One demo site per database kind for the API tests (they add orders and members, so not the browser tests' site).</summary>
public sealed class ApiSites : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestSite>>> _sites = new();

    public Task<TestSite> SiteAsync(string kind) => _sites.GetOrAdd(kind, k => new Lazy<Task<TestSite>>(() => TestSite.StartAsync(k, members: 120, o => o with { LogLevel = Microsoft.Extensions.Logging.LogLevel.Error }))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var site in _sites.Values.Where(s => s.IsValueCreated)) await (await site.Value).DisposeAsync();
    }
}

/// <summary>The REST API over the real app and database: authentication, visibility, paging, idempotency, problem details, OpenAPI.</summary>
public sealed class ApiTests(ApiSites sites) : IClassFixture<ApiSites>
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Without_credentials_or_with_an_unknown_or_revoked_token_the_API_answers_401_with_a_problem(string kind)
    {
        var site = await sites.SiteAsync(kind);
        using var anonymous = new ApiClient(site.Client());
        var (status, json, response) = await anonymous.GetAsync("/api/v1/members");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", json.GetProperty("detail").GetString());

        var (client, token) = await ApiClient.WithTokenAsync(site, "read");
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/members?limit=1")).Status);
            await using (var db = site.Database.CreateContext()) (await new AccessTokens(db, site.Clock).RevokeAsync(token.Token.Id, "tests")).Unwrap();
            (status, json, _) = await client.GetAsync("/api/v1/members?limit=1");
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("the token is unknown or revoked", json.GetProperty("detail").GetString());
        }
        await using var check = site.Database.CreateContext();
        Assert.True(await check.ApiTokens.AnyAsync(t => t.Id == token.Token.Id && t.TokenHash != token.Secret && !t.TokenHash.Contains("arb_")), "the secret itself is stored");
        Assert.Equal(["token.create", "token.revoke"], await check.AuditEntries.Where(e => e.Subject == $"token {token.Token.Id}").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_token_scoped_read_cannot_write(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var (client, _) = await ApiClient.WithTokenAsync(site, "read");
        using var _c = client;
        int before;
        await using (var db = site.Database.CreateContext()) before = await db.Orders.CountAsync();
        var (status, json, _) = await client.PostAsync("/api/v1/orders", $$"""{"member":"{{site.Distributors[0].UserName}}","items":[{"sku":"BOOST","quantity":1}]}""", "read-1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("scoped read", json.GetProperty("detail").GetString());
        await using (var db = site.Database.CreateContext()) Assert.Equal(before, await db.Orders.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Paging_by_cursor_lists_every_member_once_and_filters_apply(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var (client, _) = await ApiClient.WithTokenAsync(site, "read");
        using var _c = client;
        var items = await client.AllAsync("/api/v1/members", 7);
        List<string> handles;
        await using (var db = site.Database.CreateContext()) handles = await db.Members.OrderBy(m => m.Id).Select(m => m.Handle).ToListAsync();
        Assert.Equal(handles, items.Select(i => i.GetProperty("handle").GetString()));
        Assert.All(items.Skip(1), i => Assert.NotNull(i.GetProperty("sponsor").GetString()));

        var active = await client.AllAsync("/api/v1/members?status=active", 50);
        Assert.All(active, i => Assert.Equal("active", i.GetProperty("status").GetString()));
        var (status, json, _) = await client.GetAsync("/api/v1/members?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("limit", json.GetProperty("field").GetString());
        (status, json, _) = await client.GetAsync("/api/v1/members?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("cursor", json.GetProperty("field").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Genealogy_endpoints_answer_what_the_Core_queries_answer(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var (client, _) = await ApiClient.WithTokenAsync(site, "read");
        using var _c = client;
        var handle = site.Distributors[0].UserName;
        await using var db = site.Database.CreateContext();
        var genealogy = new GenealogyQueries(db);

        var downline = await client.AllAsync($"/api/v1/members/{handle}/downline?depth=3", 5);
        var expected = (await genealogy.DownlineAsync(handle, 3, 1, 1000)).Unwrap();
        Assert.Equal(expected.Select(m => (m.Handle, m.Level)), downline.Select(m => (m.GetProperty("handle").GetString()!, m.GetProperty("level").GetInt32())));
        Assert.NotEmpty(expected);

        var (_, levels, _) = await client.GetAsync($"/api/v1/members/{handle}/levels");
        Assert.Equal((await genealogy.CountsPerLevelAsync(handle)).Unwrap().Select(l => (l.Level, l.Members)),
            levels.EnumerateArray().Select(l => (l.GetProperty("level").GetInt32(), l.GetProperty("members").GetInt32())));

        var (_, legs, _) = await client.GetAsync($"/api/v1/members/{handle}/legs?from=2026-11-01&to=2026-11-30");
        Assert.Equal((await genealogy.LegsAsync(handle, new(2026, 11, 1), new(2026, 11, 30))).Unwrap().Select(l => (l.HeadHandle, l.Members, l.Pv)),
            legs.EnumerateArray().Select(l => (l.GetProperty("head").GetString()!, l.GetProperty("members").GetInt32(), l.GetProperty("pv").GetDecimal())));

        var deep = downline.Last().GetProperty("handle").GetString()!;
        var (_, upline, _) = await client.GetAsync($"/api/v1/members/{deep}/upline");
        Assert.Equal((await genealogy.UplineAsync(deep)).Unwrap().Select(m => m.Handle), upline.EnumerateArray().Select(m => m.GetProperty("handle").GetString()));
        Assert.Equal("founder", upline.EnumerateArray().Last().GetProperty("handle").GetString());

        var (status, json, _) = await client.GetAsync("/api/v1/members/nobody-such/downline");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("member", json.GetProperty("field").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_members_sign_in_reaches_itself_and_its_downline_only(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var me = await InTheMiddleAsync(site);
        using var client = await ApiClient.SignedInAsync(site, me.UserName, me.Password);
        await using var db = site.Database.CreateContext();
        var self = await db.Members.SingleAsync(m => m.Handle == me.UserName);
        var mine = await db.Members.Where(m => m.Path.StartsWith(self.Path)).OrderBy(m => m.Id).Select(m => m.Handle).ToListAsync();
        var outsider = await db.Members.Where(m => !m.Path.StartsWith(self.Path)).OrderByDescending(m => m.Depth).FirstAsync();
        var outsiderOrder = await db.Orders.FirstAsync(o => o.MemberId == outsider.Id);

        Assert.Equal(mine, (await client.AllAsync("/api/v1/members", 20)).Select(m => m.GetProperty("handle").GetString()));
        foreach (var path in new[] { $"/api/v1/members/{outsider.Handle}", $"/api/v1/members/{outsider.Handle}/downline", $"/api/v1/members/{outsider.Handle}/upline",
                     $"/api/v1/members/{outsider.Handle}/legs", $"/api/v1/members/{outsider.Handle}/ledger", $"/api/v1/orders/{outsiderOrder.Number}",
                     $"/api/v1/periods/2026-11/members/{outsider.Handle}", $"/api/v1/customers?referrer={outsider.Handle}", $"/api/v1/members/{outsider.Handle}/estimate" })
        {
            var (status, json, _) = await client.GetAsync(path);
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {status}");
            Assert.DoesNotContain(outsider.Name, json.ToString());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/payouts")).Status);
        var orders = await client.AllAsync("/api/v1/orders", 100);
        Assert.All(orders, o => Assert.Contains(o.GetProperty("member").GetString(), mine));

        // Its own upline ends at itself, even seen from a member of its downline.
        var child = await db.Members.Where(m => m.SponsorId == self.Id).Select(m => m.Handle).FirstAsync();
        var (_, upline, _) = await client.GetAsync($"/api/v1/members/{child}/upline");
        Assert.Equal([me.UserName], upline.EnumerateArray().Select(m => m.GetProperty("handle").GetString()));

        // It enrolls under itself, not under someone outside its downline.
        var (created, enrolled, _) = await client.PostAsync("/api/v1/members", $$"""{"handle":"api-{{kind}}-new","email":"api-{{kind}}-new@example.test","name":"New Member","country":"NL","language":"nl","sponsor":"{{me.UserName}}"}""", $"enroll-{kind}");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(me.UserName, enrolled.GetProperty("sponsor").GetString());
        var (refused, problem, _) = await client.PostAsync("/api/v1/members", $$"""{"handle":"api-{{kind}}-x","email":"api-{{kind}}-x@example.test","name":"X","country":"NL","language":"nl","sponsor":"{{outsider.Handle}}"}""", $"enroll-x-{kind}");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("sponsor", problem.GetProperty("field").GetString());
        Assert.False(await db.Members.AnyAsync(m => m.Handle == $"api-{kind}-x"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_same_Idempotency_Key_twice_or_at_once_makes_one_order(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var (client, _) = await ApiClient.WithTokenAsync(site, "write");
        using var _c = client;
        var member = site.Distributors[1].UserName;
        var body = $$"""{"member":"{{member}}","items":[{"sku":"BOOST","quantity":2},{"sku":"BAR-BOX","quantity":1}]}""";
        await using var db = site.Database.CreateContext();
        var before = await db.Orders.CountAsync();

        var first = await client.PostAsync("/api/v1/orders", body, $"twice-{kind}");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var again = await client.PostAsync("/api/v1/orders", body, $"twice-{kind}");
        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Json.ToString(), again.Json.ToString());
        Assert.Equal("true", again.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Response.Headers.Location, again.Response.Headers.Location);
        Assert.Equal(before + 1, await db.Orders.CountAsync());
        var number = first.Json.GetProperty("number").GetString()!;
        var stored = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number);
        Assert.Equal(first.Json.GetProperty("pv").GetDecimal(), stored.Pv);
        Assert.Equal(2, stored.Lines.Count);

        // Eight at once (a double click, retries on other servers): one order, eight identical answers.
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/api/v1/orders", body, $"race-{kind}")));
        Assert.All(racing, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(racing.Select(r => r.Json.GetProperty("number").GetString()).Distinct());
        Assert.Equal(before + 2, await db.Orders.CountAsync());
        // Each order is audited once, in the transaction that stored it, however often it was asked for.
        var raced = racing[0].Json.GetProperty("number").GetString();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Subject == number && e.Action == "order-enter"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Subject == raced && e.Action == "order-enter"));

        // The same key with another request is refused; a new key makes a new order.
        var other = await client.PostAsync("/api/v1/orders", body.Replace("\"quantity\":2", "\"quantity\":3", StringComparison.Ordinal), $"twice-{kind}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("Idempotency-Key", other.Json.GetProperty("field").GetString());
        Assert.Equal(before + 2, await db.Orders.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Bad_input_gets_a_problem_detail_naming_the_field_and_writes_nothing(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var (client, _) = await ApiClient.WithTokenAsync(site, "write");
        using var _c = client;
        var member = site.Distributors[0].UserName;
        await using var db = site.Database.CreateContext();
        var before = await db.Orders.CountAsync();
        (string Body, string? Key, string Field)[] cases =
        [
            ($$"""{"member":"{{member}}","items":[{"sku":"BOOST","quantity":1}]}""", null, "Idempotency-Key"),
            ($$"""{"member":"{{member}}","items":[{"sku":"NO-SUCH","quantity":1}]}""", "bad-1", "items"),
            ($$"""{"member":"{{member}}","items":[{"sku":"BOOST","quantity":0}]}""", "bad-2", "items"),
            ($$"""{"member":"{{member}}","items":[{"sku":"BOOST","quantity":"two"}]}""", "bad-3", "items[0].quantity"),
            ($$"""{"member":"{{member}}","items":[],"colour":"red"}""", "bad-4", "colour"),
            ("""{"member":"nobody-such","items":[{"sku":"BOOST","quantity":1}]}""", "bad-5", "member"),
            ($$"""{"member":"{{member}}","date":"2026-11-03","items":[{"sku":"BOOST","quantity":1}]}""", "bad-6", "date"),
            ("[1,2]", "bad-7", "body"),
        ];
        foreach (var (body, key, field) in cases)
        {
            var (status, json, response) = await client.PostAsync("/api/v1/orders", body, key is null ? null : $"{key}-{kind}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{body}: {status} {json}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(field, json.GetProperty("field").GetString());
            Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
            Assert.DoesNotContain("Arbor.", json.GetProperty("detail").GetString());
        }
        Assert.Equal(before, await db.Orders.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_customer_added_through_the_API_orders_at_retail_and_staff_return_it(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var me = await InTheMiddleAsync(site);
        using var member = await ApiClient.SignedInAsync(site, me.UserName, me.Password);
        var email = $"api-customer-{kind}@example.test";
        var (added, customer, _) = await member.PostAsync("/api/v1/customers", $$"""{"name":"Ada Customer","email":"{{email}}","kind":"retail"}""", $"cust-{kind}");
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal(me.UserName, customer.GetProperty("referrer").GetString());
        var (placed, order, _) = await member.PostAsync("/api/v1/orders", $$"""{"customer":"{{email}}","items":[{"sku":"BOOST","quantity":1}]}""", $"cust-order-{kind}");
        Assert.Equal(HttpStatusCode.Created, placed);
        Assert.Equal("retail", order.GetProperty("kind").GetString());
        Assert.Equal(me.UserName, order.GetProperty("member").GetString());
        // The order is priced by the member's country's list: a market's (GET /markets) in its currency, converted for the books; else the catalog's.
        var (_, product, _) = await member.GetAsync("/api/v1/products/BOOST");
        var country = (await member.GetAsync($"/api/v1/members/{me.UserName}")).Json.GetProperty("country").GetString();
        var markets = (await member.GetAsync("/api/v1/markets")).Json.EnumerateArray().ToList();
        Assert.NotEmpty(markets);
        if (markets.FirstOrDefault(m => m.GetProperty("country").GetString() == country) is { ValueKind: JsonValueKind.Object } market)
        {
            var local = market.GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("sku").GetString() == "BOOST").GetProperty("retail").GetDecimal();
            Assert.Equal((market.GetProperty("currency").GetString(), local), (order.GetProperty("currency").GetString(), order.GetProperty("localAmount").GetDecimal()));
            Assert.Equal(Arbor.Core.Catalog.PriceList.Convert(local, market.GetProperty("rate").GetDecimal()), order.GetProperty("amount").GetDecimal());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, order.GetProperty("currency").ValueKind);
            Assert.Equal(product.GetProperty("price").GetProperty("retail").GetDecimal(), order.GetProperty("amount").GetDecimal());
        }

        var number = order.GetProperty("number").GetString()!;
        // The answer to the POST (built from what placing read) is the stored order as a GET reads it.
        Assert.Equal(Normal((await member.GetAsync($"/api/v1/orders/{number}")).Json), Normal(order));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/v1/orders/{number}/returns", "{}", $"ret-m-{kind}")).Status);
        var (staff, _) = await ApiClient.WithTokenAsync(site, "write");
        using var _s = staff;
        var (returned, ret, _) = await staff.PostAsync($"/api/v1/orders/{number}/returns", "{}", $"ret-{kind}");
        Assert.Equal(HttpStatusCode.Created, returned);
        Assert.Equal("return", ret.GetProperty("kind").GetString());
        Assert.Equal(number, ret.GetProperty("original").GetString());
        Assert.Equal(-order.GetProperty("pv").GetDecimal(), ret.GetProperty("pv").GetDecimal());
        var (_, fetched, _) = await member.GetAsync($"/api/v1/orders/{ret.GetProperty("number").GetString()}");
        Assert.Equal(ret.GetProperty("number").GetString(), fetched.GetProperty("number").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Periods_results_and_the_ledger_are_the_stored_ones(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var me = site.Distributors[0];
        using var member = await ApiClient.SignedInAsync(site, me.UserName, me.Password);
        var (_, periods, _) = await member.GetAsync("/api/v1/periods");
        var closed = await PeriodList.ClosedAsync(site.Database);
        Assert.Equal(closed.Select(p => (p.Key, p.TotalPayout)), periods.EnumerateArray().Select(p => (p.GetProperty("key").GetString()!, p.GetProperty("totalPayout").GetDecimal())));

        await using var db = site.Database.CreateContext();
        var self = await db.Members.SingleAsync(m => m.Handle == me.UserName);
        var expected = (await new EarningsHistory(db).InPeriodAsync(self.Id, "2026-11")).Unwrap();
        var (status, result, _) = await member.GetAsync($"/api/v1/periods/2026-11/members/{me.UserName}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected.Figures.Earnings, result.GetProperty("earnings").GetDecimal());
        Assert.Equal(expected.Figures.Rank, result.GetProperty("rank").GetString());
        Assert.Equal(expected.Lines.Sum(l => l.Amount), result.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("amount").GetDecimal()));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/v1/periods/2031-01/members/{me.UserName}")).Status);

        var (_, ledger, _) = await member.GetAsync($"/api/v1/members/{me.UserName}/ledger");
        var statement = (await new Arbor.Core.Ledger.LedgerQueries(db).ForMemberAsync(me.UserName)).Unwrap();
        Assert.Equal(statement.Balance, ledger.GetProperty("balance").GetDecimal());
        Assert.Equal(statement.Entries.Count, ledger.GetProperty("entries").GetArrayLength());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_open_periods_preview_is_the_computation_a_close_would_store_and_a_members_estimate_is_the_pages_one(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var open = (await OpenPeriod.OnAsync(site.Database, TestSite.Today)).Unwrap().Key;
        var (staff, _) = await ApiClient.WithTokenAsync(site, "read");
        using (staff)
        {
            var (status, preview, _) = await staff.GetAsync($"/api/v1/periods/{open}/preview");
            Assert.Equal(HttpStatusCode.OK, status);
            var expected = await PeriodSummary.OfAsync(site.Database, (await PeriodComputation.ComputeAsync(site.Database, open)).Unwrap());
            Assert.Equal((expected.Period, expected.Members, expected.Active, expected.TotalCv, expected.TotalPayout),
                (preview.GetProperty("period").GetString(), preview.GetProperty("members").GetInt32(), preview.GetProperty("active").GetInt32(),
                 preview.GetProperty("totalCv").GetDecimal(), preview.GetProperty("totalPayout").GetDecimal()));
            Assert.Equal(expected.ByBonus.Select(b => (b.Bonus, b.Amount)), preview.GetProperty("byBonus").EnumerateArray().Select(b => (b.GetProperty("bonus").GetString()!, b.GetProperty("amount").GetDecimal())));

            // A closed period is stored, not previewed: the problem names the period.
            var (closedStatus, problem, _) = await staff.GetAsync("/api/v1/periods/2026-11/preview");
            Assert.Equal(HttpStatusCode.BadRequest, closedStatus);
            Assert.Equal("period", problem.GetProperty("field").GetString());
            Assert.Contains("closed", problem.GetProperty("detail").GetString());
        }

        var me = site.Distributors[0];
        using var member = await ApiClient.SignedInAsync(site, me.UserName, me.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/v1/periods/{open}/preview")).Status);
        var estimates = site.App.Services.GetRequiredService<EstimateService>();
        await estimates.WaitFreshAsync(TimeSpan.FromSeconds(60));
        var (ok, mine, _) = await member.GetAsync($"/api/v1/members/{me.UserName}/estimate");
        Assert.Equal(HttpStatusCode.OK, ok);
        var e = estimates.Latest!;
        await using var db = site.Database.CreateContext();
        var i = e.IndexOf((await db.Members.SingleAsync(m => m.Handle == me.UserName)).Id)!.Value;
        Assert.Equal((e.Period, e.Pv(i), e.Gv(i), e.RankName(e.Rank(i)), e.EarningsCents(i) / 100m),
            (mine.GetProperty("period").GetString(), mine.GetProperty("pv").GetDecimal(), mine.GetProperty("gv").GetDecimal(), mine.GetProperty("rank").GetString(), mine.GetProperty("earnings").GetDecimal()));
        Assert.Equal(e.EarningsCents(i) / 100m, mine.GetProperty("byBonus").EnumerateArray().Sum(b => b.GetProperty("amount").GetDecimal()));
        if (e.Next(i) is { } next) Assert.Equal(e.RankName(next.Rank), mine.GetProperty("next").GetProperty("rank").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_OpenAPI_document_lists_every_endpoint_of_the_API_and_nothing_else(string kind)
    {
        var site = await sites.SiteAsync(kind);
        using var anonymous = new ApiClient(site.Client());
        var (status, doc, _) = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, status);
        var documented = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        var served = site.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(served.Count >= 20, $"only {served.Count} endpoints");
        Assert.Equal(served, documented);
        Assert.All(doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()),
            op => Assert.False(string.IsNullOrWhiteSpace(op.Value.GetProperty("summary").GetString()), op.Name));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_app_servers_on_one_database_share_sign_ins_and_idempotency_keys(string kind)
    {
        var site = await sites.SiteAsync(kind);
        var second = WebApp.Build(new WebOptions(site.Database, ["http://127.0.0.1:0"]) { Clock = site.Clock });
        await second.StartAsync();
        try
        {
            var secondUrl = second.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
            var me = await InTheMiddleAsync(site);
            var cookies = new CookieContainer();
            using var first = await ApiClient.SignedInAsync(site, me.UserName, me.Password, cookies);
            using var other = new ApiClient(new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(secondUrl) });

            // Signed in through the first server, known to the second: the key ring is in the database.
            var (status, json, _) = await other.GetAsync($"/api/v1/members/{me.UserName}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(me.UserName, json.GetProperty("handle").GetString());
            await using var db = site.Database.CreateContext();
            Assert.True(await db.DataProtectionKeys.AnyAsync(), "no data-protection key in the database");

            // A retry that lands on the other server replays the first answer.
            var before = await db.Orders.CountAsync();
            var body = """{"items":[{"sku":"BOOST","quantity":1}]}""";
            var one = await first.PostAsync("/api/v1/orders", body, $"two-servers-{kind}");
            var two = await other.PostAsync("/api/v1/orders", body, $"two-servers-{kind}");
            Assert.Equal(HttpStatusCode.Created, one.Status);
            Assert.Equal(HttpStatusCode.Created, two.Status);
            Assert.Equal(one.Json.GetProperty("number").GetString(), two.Json.GetProperty("number").GetString());
            Assert.Equal(before + 1, await db.Orders.CountAsync());
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    /// <summary>A JSON value as text with every number by its value (27.0 and 27 the same), to compare answers.</summary>
    private static string Normal(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => $"{p.Name}:{Normal(p.Value)}")) + "}",
        System.Text.Json.JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Normal)) + "]",
        System.Text.Json.JsonValueKind.Number => (e.GetDecimal() / 1.000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => e.GetRawText(),
    };

    /// <summary>A demo sign-in of a member with a sponsor above it and a downline below it.</summary>
    private static async Task<Demo.DemoSignIn> InTheMiddleAsync(TestSite site)
    {
        await using var db = site.Database.CreateContext();
        foreach (var d in site.Distributors)
        {
            var m = await db.Members.SingleAsync(x => x.Handle == d.UserName);
            if (m.SponsorId is not null && await db.Members.AnyAsync(x => x.SponsorId == m.Id)) return d;
        }
        throw new InvalidOperationException("no demo sign-in between the root and the leaves");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Each_token_has_its_own_rate_limit_counted_by_all_servers_together(string kind)
    {
        // 4 requests per 10 minutes (a window no test run crosses twice), served by two app servers on one database.
        await using var site = await TestSite.StartAsync(kind, members: 20, o => o with { ApiRateLimit = 4, ApiRateWindow = TimeSpan.FromMinutes(10) });
        var other = WebApp.Build(new WebOptions(site.Database, ["http://127.0.0.1:0"]) { Clock = site.Clock, ApiRateLimit = 4, ApiRateWindow = TimeSpan.FromMinutes(10) });
        await other.StartAsync();
        try
        {
            var otherUrl = other.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
            var (first, token) = await ApiClient.WithTokenAsync(site, "read");
            var (second, _) = await ApiClient.WithTokenAsync(site, "read");
            using var _1 = first;
            using var _2 = second;
            using var firstElsewhere = ApiClient.WithToken(otherUrl, token);

            // The first token's requests alternate between the servers: exactly 4 pass, whichever server served them, unless the window
            // turned meanwhile (then the count starts again, and the test says so rather than fail wrongly).
            var window = TimeSpan.FromMinutes(10).Ticks;
            var started = DateTime.UtcNow.Ticks / window;
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 8; i++) statuses.Add((await (i % 2 == 0 ? first : firstElsewhere).GetAsync("/api/v1/products")).Status);
            if (DateTime.UtcNow.Ticks / window != started) return;
            Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)], statuses);

            var (status, json, response) = await firstElsewhere.GetAsync("/api/v1/products");
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 600);
            Assert.Equal("rate", json.GetProperty("field").GetString());
            Assert.Contains("more than 4 requests in 600 s from this caller (on all app servers together)", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
            // Another token is not held back by the first one's requests.
            Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/products")).Status);
        }
        finally
        {
            await other.StopAsync();
            await other.DisposeAsync();
        }
    }
}
