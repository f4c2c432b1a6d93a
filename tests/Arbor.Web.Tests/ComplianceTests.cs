using System.Globalization;
using Arbor.Core.Compliance;
using Arbor.Core.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>The back office's compliance pages: the scorecard with its verdicts, the members behind a figure, a member's indicators, the thresholds; accessibility, phone width, screenshots in every language.</summary>
[Collection(WebCollection.Name)]
public sealed class ComplianceTests(WebFixture web)
{
    /// <summary>The demo's latest closed period (<see cref="TestSite.Today"/> is in December 2026).</summary>
    private const string Latest = "2026-11";

    private static readonly string[] VerdictWords = ["Green", "Amber", "Red", "Not applicable"];

    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_sees_every_figure_with_a_verdict_and_opens_the_members_behind_one(string kind)
    {
        var site = await web.SiteAsync(kind);
        ScorecardReport card;
        FigureMembers losses, customers;
        await using (var db = site.Database.CreateContext())
        {
            var queries = new ComplianceQueries(db);
            card = (await queries.ScorecardAsync(Latest)).Unwrap();
            losses = (await queries.MembersBehindAsync(Latest, Scorecard.NetLossShare)).Unwrap();
            customers = (await queries.MembersBehindAsync(Latest, MemberIndicators.TenCustomers)).Unwrap();
        }
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin");
        await page.ClickAsync("header summary");
        await page.GetByRole(AriaRole.Link, new() { Name = "Compliance", Exact = true }).ClickAsync();
        Assert.EndsWith("/admin/compliance", page.Url);
        Assert.Equal(Latest, await page.InputValueAsync("#period"));

        // Every figure, with its verdict in words (the same as Core's), the rule it comes from and the way to its members.
        Assert.Equal(Scorecard.Keys.Count, await page.Locator("#scorecard article").CountAsync());
        foreach (var figure in card.Figures)
        {
            var article = page.Locator($"#figure-{figure.Key}");
            var verdict = await article.Locator(".verdict").InnerTextAsync();
            Assert.Contains(verdict, VerdictWords);
            Assert.Equal(VerdictWords[(int)figure.Verdict], verdict);
            Assert.False(string.IsNullOrWhiteSpace(await article.Locator("dd").Nth(1).InnerTextAsync()));
            Assert.Equal(1, await article.Locator($"#behind-{figure.Key}").CountAsync());
        }
        Assert.Equal(English(() => Formats.Count(card.Participants)), await page.InnerTextAsync("#participants"));
        Assert.Equal(English(() => ComplianceView(card[Scorecard.NetLossShare].Value)), await page.InnerTextAsync($"#figure-{Scorecard.NetLossShare} .value"));
        Assert.Contains(English(() => Formats.Money(card.Money.Rewards, "EUR")).Split('\u00a0')[0], await page.InnerTextAsync("#money-Rewards"));
        Assert.Equal(English(() => Formats.Count(card.MemberIndicators.Single(i => i.Key == MemberIndicators.TenCustomers).Failing)),
            await page.InnerTextAsync($"#indicator-{MemberIndicators.TenCustomers} a.failing .count"));
        await page.AssertAccessibleAsync();

        // The members behind the net-loss share: as many as the figure counts, each a participant whose purchases exceed its earnings.
        await page.ClickAsync($"#behind-{Scorecard.NetLossShare}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var expected = (int)Math.Round(card[Scorecard.NetLossShare].Value!.Value * card.Participants);
        Assert.Equal(expected, losses.Members.Count);
        Assert.Contains(English(() => Formats.Count(expected)), await page.InnerTextAsync("#behind-count"));
        Assert.Equal(expected, await page.Locator("#behind tbody tr").CountAsync());
        var handles = await page.Locator("#behind tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.handle)");
        Assert.Equal(losses.Members.Select(m => m.Handle).Order(StringComparer.Ordinal), handles.Order(StringComparer.Ordinal));
        await page.AssertAccessibleAsync();

        // One of them, on its member page: its indicators in that period, the net loss failing.
        var first = losses.Members[0].Handle;
        await page.ClickAsync($"#behind tbody tr[data-handle='{first}'] a");
        Assert.EndsWith($"/admin/members/{first}", page.Url);
        Assert.Contains(Latest, await page.InnerTextAsync("#compliance-heading"));
        Assert.Equal(MemberIndicators.Keys.Count, await page.Locator("#member-indicators tbody tr").CountAsync());
        Assert.Equal("Fail", await page.InnerTextAsync($"#member-indicator-{MemberIndicators.NetLoss} .verdict"));
        await page.AssertAccessibleAsync();

        // The members failing the ten-customer rule, from the indicator summary.
        await page.GotoAsync($"{site.BaseUrl}/admin/compliance?period={Latest}");
        await page.ClickAsync($"#indicator-{MemberIndicators.TenCustomers} a.failing");
        Assert.Equal(customers.Members.Count, await page.Locator("#behind tbody tr").CountAsync());
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Changing_a_threshold_changes_the_indicators_and_a_refused_one_changes_nothing(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        int failingBefore;
        await using (var db = site.Database.CreateContext())
        {
            failingBefore = (await new ComplianceQueries(db).ScorecardAsync(Latest)).Unwrap().MemberIndicators.Single(i => i.Key == MemberIndicators.TenCustomers).Failing;
        }
        Assert.True(failingBefore > 0, "the demo has rewarded members with fewer than ten customers");
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/compliance");
        Assert.Equal(English(() => Formats.Count(failingBefore)), await page.InnerTextAsync($"#indicator-{MemberIndicators.TenCustomers} a.failing .count"));
        Assert.Contains("12-month retention", await page.InnerTextAsync($"#figure-{Scorecard.Retention} h3"));

        // Refused: a share above 100 %; the form keeps what was typed and nothing is stored.
        await page.ClickAsync("#settings-link");
        Assert.Equal("10", await page.InputValueAsync("#setting-min_retail_customers"));
        await page.FillAsync("#setting-min_retail_share_percent", "150");
        await page.ClickAsync("#settings-save");
        Assert.Equal("min_retail_share_percent", await page.GetAttributeAsync("main .problem", "data-where"));
        Assert.Equal("150", await page.InputValueAsync("#setting-min_retail_share_percent"));
        await page.AssertAccessibleAsync();
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(ComplianceSettings.Default, await new ComplianceSettingsStore(db).GetAsync());
        }

        // Changed: no minimum of customers, a six-month retention window.
        await page.FillAsync("#setting-min_retail_share_percent", "50");
        await page.FillAsync("#setting-min_retail_customers", "0");
        await page.FillAsync("#setting-retention_months", "6");
        await page.ClickAsync("#settings-save");
        Assert.NotNull(await page.QuerySelectorAsync("main .notice"));
        Assert.Equal("0", await page.InputValueAsync("#setting-min_retail_customers"));

        ScorecardReport after;
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(ComplianceSettings.Default with { MinRetailCustomers = 0, RetentionMonths = 6 }, await new ComplianceSettingsStore(db).GetAsync());
            after = (await new ComplianceQueries(db).ScorecardAsync(Latest)).Unwrap();
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "compliance-settings");
            Assert.Equal(site.Admin.UserName, audit.Actor);
            Assert.Contains("min_retail_customers=0", audit.Details);
        }
        await page.ClickAsync("#back-to-scorecard");
        Assert.Equal("0", await page.InnerTextAsync($"#indicator-{MemberIndicators.TenCustomers} a.failing .count"));
        Assert.Contains("at least 0 customers", await page.InnerTextAsync($"#indicator-{MemberIndicators.TenCustomers}"));
        Assert.Contains("6-month retention", await page.InnerTextAsync($"#figure-{Scorecard.Retention} h3"));
        Assert.Equal(English(() => ComplianceView(after[Scorecard.Retention].Value)), await page.InnerTextAsync($"#figure-{Scorecard.Retention} .value"));
        Assert.Equal(VerdictWords[(int)after[Scorecard.Retention].Verdict], await page.InnerTextAsync($"#figure-{Scorecard.Retention} .verdict"));

        // A member's page shows the new threshold.
        await page.GotoAsync($"{site.BaseUrl}/admin/members/{site.Distributors[0].UserName}");
        Assert.Equal("0", await page.InnerTextAsync($"#member-indicator-{MemberIndicators.TenCustomers} .threshold"));
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_disclosure_shows_every_rank_adding_up_to_the_participants_and_downloads_match_Core(string kind)
    {
        var site = await web.SiteAsync(kind);
        const int Year = 2026;
        IncomeDisclosure statement;
        int participants;
        await using (var db = site.Database.CreateContext())
        {
            statement = (await new IncomeDisclosureQuery(db).ForYearAsync(Year)).Unwrap();
            // Participants of the year, counted directly: joined by 31 December, not terminated before 1 January.
            var terminated = await db.MemberStatusChanges.AsNoTracking().Where(s => s.Status == "terminated").GroupBy(s => s.MemberId)
                .Select(g => new { g.Key, On = g.Min(s => s.EffectiveOn) }).ToDictionaryAsync(g => g.Key, g => g.On);
            var members = await db.Members.AsNoTracking().Where(m => m.JoinedOn <= new DateOnly(Year, 12, 31)).Select(m => new { m.Id, m.Status, m.StatusSince }).ToListAsync();
            participants = members.Count(m => (terminated.TryGetValue(m.Id, out var on) ? on : m.Status == "terminated" ? m.StatusSince : (DateOnly?)null) is not { } end || end > new DateOnly(Year, 1, 1));
        }
        Assert.Equal(participants, statement.Totals.Members);

        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/compliance");
        await page.ClickAsync("#disclosure-link");
        await page.SelectOptionAsync("#year", Year.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#year-form button[type=submit]");
        Assert.Contains(Year.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("h1"));

        // One row per rank of the plan, lowest first, with Core's counts; they add up to the total shown.
        var rows = page.Locator("#disclosure-ranks tbody tr.rank");
        Assert.Equal(statement.Ranks.Select(r => r.Rank), await rows.Locator("th").AllInnerTextsAsync());
        var counts = (await rows.EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.members))")).ToList();
        Assert.Equal(statement.Ranks.Select(r => r.Figures.Members), counts);
        var total = await page.GetAttributeAsync("#disclosure-ranks tbody tr.total", "data-members");
        Assert.Equal(counts.Sum(), int.Parse(total!, CultureInfo.InvariantCulture));
        Assert.Equal(participants, counts.Sum());
        Assert.Equal(English(() => participants.ToString("N0", CultureInfo.CurrentCulture)), await page.InnerTextAsync("#disclosure-ranks tbody tr.total .participants"));
        var median = statement.Totals.Distribution!.Median;
        Assert.Equal(new DisclosureFormat(CultureInfo.GetCultureInfo("en")).Money(median, "—"), await page.InnerTextAsync("#disclosure-ranks tbody tr.total td:nth-child(4)"));
        Assert.Equal(DisclosureHtml.Notes(statement, DisclosureLabels.English with { Culture = CultureInfo.GetCultureInfo("en") }).Count, await page.Locator("#disclosure-notes li").CountAsync());
        await page.AssertAccessibleAsync();

        // The CSV is Core's, byte for byte.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        Assert.Equal($"income-disclosure-{Year}.csv", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"arbor-test-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var csv = await File.ReadAllTextAsync(path);
        File.Delete(path);
        Assert.Equal(DisclosureCsv.Render(statement), csv);

        // The printable statement: its own document, its own style allowed, nothing refused.
        await page.ClickAsync("#open-print");
        Assert.Contains(Year.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync("h1"));
        Assert.Equal(statement.Ranks.Count + 1, await page.Locator("table").First.Locator("tbody tr").CountAsync());
        Assert.Empty(web.Browser.Violations[page]);
    }

    public static IEnumerable<string> Languages => WebApp.Languages;

    [Theory, OnSqlite(With = nameof(Languages)), OnPostgres(With = nameof(Languages))]
    public async Task The_compliance_pages_are_accessible_and_fit_a_phone_in_every_language(string kind, string language)
    {
        var site = await web.SiteAsync(kind);
        var member = site.Distributors[0].UserName;
        var pages = new (string Name, string Path)[]
        {
            ("scorecard", "/admin/compliance"), ("behind", $"/admin/compliance/behind?period={Latest}&figure={Scorecard.Top10Share}"),
            ("failing", $"/admin/compliance/behind?period={Latest}&figure={MemberIndicators.NetLoss}"), ("settings", "/admin/compliance/settings"),
            ("member", $"/admin/members/{member}"), ("disclosure", "/admin/compliance/disclosure?year=2026"),
        };
        foreach (var viewport in new[] { Browser.Desktop, Browser.Phone })
        {
            var page = await web.Browser.PageAsync(language, viewport);
            await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
            var phone = viewport == Browser.Phone;
            foreach (var (name, path) in pages)
            {
                var response = await page.GotoAsync(site.BaseUrl + path);
                Assert.True(response!.Ok, $"{path}: {response.Status}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                await page.AssertAccessibleAsync();
                await page.AssertNoSidewaysScrollAsync();
                if (kind == "sqlite" && (name is "scorecard" or "disclosure" || language == "en")) await page.ScreenshotAsync($"compliance-{name}-{language}{(phone ? "-phone" : "")}");
            }
            Assert.Empty(web.Browser.Violations[page]);
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A scorecard share as the English page writes it.</summary>
    private static string ComplianceView(decimal? share) => Web.Pages.Admin.Compliance.ComplianceView.Value(share, "share", "");

    /// <summary>Runs a formatting in English (<see cref="Formats"/> writes in the current culture).</summary>
    private static string English(Func<string> format)
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
}
