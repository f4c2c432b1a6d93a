using System.Net;
using Arbor.Core.Simulation;
using Arbor.Core.Tests;
using Arbor.Engine.Plans;
using Arbor.Web.Simulating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Tests;

/// <summary>The back office's plan simulations: started in a browser, run in the background with progress, the same figures and files as the engine gives; refused input; stopping; two servers; members kept out.</summary>
[Collection(WebCollection.Name)]
public sealed class SimulationPageTests(WebFixture web)
{
    private const string SmallScenario = "market_size: 600\nseed_members: 12\nrecruits_per_month: 0.5\n";

    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_runs_a_simulation_in_the_background_and_gets_the_engines_figures_and_files(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/simulations");
        // The form starts from the documented defaults and the plan in force.
        Assert.Equal(ScenarioReader.Write(new Scenario()), await page.InputValueAsync("#sim-scenario"));
        await page.AssertAccessibleAsync();

        await page.FillAsync("#sim-scenario", SmallScenario);
        await page.FillAsync("#sim-months", "8");
        await page.FillAsync("#sim-runs", "3");
        await page.FillAsync("#sim-seed", "5");
        await page.ClickAsync("#sim-start");
        // admin.js follows the runs and shows the summary when they end.
        await page.WaitForSelectorAsync("#sim-outcomes", new() { Timeout = 120_000 });

        await using var db = site.Database.CreateContext();
        var version = await db.Plans.AsNoTracking().OrderByDescending(p => p.EffectiveFrom).FirstAsync(p => p.EffectiveFrom <= TestSite.Today);
        var plan = PlanReader.Parse(version.Yaml, "plan.yaml");
        var expected = MonteCarlo.Run(ScenarioReader.Parse(SmallScenario, "s.yaml"), [plan], months: 8, runs: 3, seed: 5);
        Assert.Equal(Pages.InEnglish(() => Formats.Count((long)expected.Months[^1].Members.Median)), await page.InnerTextAsync("#sim-members"));
        Assert.Contains(Pages.InEnglish(() => Formats.Percent(expected.Outcomes[0].ShareNotCovering.Median)), await page.InnerTextAsync("#sim-outcomes [data-figure=not-covering]"));
        Assert.Contains(plan.Name, await page.InnerTextAsync("#sim-heading"));
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"admin-simulation-{kind}");

        // The files are the engine's, byte for byte; the report opens as a page of its own.
        var months = await page.APIRequest.GetAsync(await page.GetAttributeAsync("#sim-months", "href") is { } href ? new Uri(new Uri(page.Url), href).ToString() : "");
        Assert.Equal(SimulationFiles.MonthsCsv(expected), await months.TextAsync());
        var report = await page.Context.RunAndWaitForPageAsync(() => page.ClickAsync("#sim-report"));
        await report.WaitForLoadStateAsync();
        Assert.Equal($"Plan simulation: {plan.Name}", await report.TitleAsync());
        Assert.Empty(web.Browser.Violations[page]);

        // Listed among the simulations run, with who ran it.
        await page.GotoAsync($"{site.BaseUrl}/admin/simulations");
        Assert.Contains(site.Admin.UserName, await page.InnerTextAsync("#sim-list tbody tr:first-child"));
    }

    [Theory, OnSqlite]
    public async Task A_broken_scenario_or_size_is_refused_with_file_line_and_column_and_nothing_starts(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 20);
        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/simulations");
        await page.FillAsync("#sim-scenario", "market_size: 600\nrecruiter_share: 1.5\n");
        await page.ClickAsync("#sim-start");
        Assert.Contains("scenario.yaml, Line 2, column 18: recruiter_share: a number from 0 to 1, not 1.5", await page.InnerTextAsync("#sim-errors"));
        Assert.Equal("market_size: 600\nrecruiter_share: 1.5\n", (await page.InputValueAsync("#sim-scenario")).ReplaceLineEndings("\n"));
        await page.AssertAccessibleAsync();

        // The browser keeps to the field's range; a request that does not is refused by the server.
        using var client = await ApiClient.SignedInAsync(site, site.Admin.UserName, site.Admin.Password);
        var response = await client.PostFormAsync("/admin/simulations", "/admin/simulations?handler=start", new() { ["Months"] = "121", ["Runs"] = "2", ["Seed"] = "1", ["Scenario"] = "" });
        Assert.Contains("months: 1 to 120, not 121", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Empty(await site.App.Services.GetRequiredService<SimulationJobs>().LatestAsync(5));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_simulation_runs_one_at_a_time_across_servers_stops_on_request_and_one_cut_off_with_its_server_says_so(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 20);
        var second = WebApp.Build(new WebOptions(site.Database, ["http://127.0.0.1:0"]) { Clock = site.Clock });
        await second.StartAsync();
        try
        {
            var here = site.App.Services.GetRequiredService<SimulationJobs>();
            var there = second.Services.GetRequiredService<SimulationJobs>();
            await using var db = site.Database.CreateContext();
            var plan = PlanReader.Parse((await db.Plans.AsNoTracking().FirstAsync()).Yaml, "plan.yaml");
            // A long one: the default market, ten years, many runs.
            var id = await here.StartAsync(new SimulationOrder([plan], new Scenario(), ScenarioReader.Write(new Scenario()), 120, 500, 1), "admin");
            Assert.NotNull(id);
            // The other server sees it running, and cannot start another meanwhile.
            Assert.Equal((false, "admin"), ((await there.FindAsync(id.Value))!.Done, (await there.FindAsync(id.Value))!.Actor));
            Assert.Null(await there.StartAsync(new SimulationOrder([plan], new Scenario(), "", 1, 1, 1), "other"));
            // Asked to stop on the other server: the running server reads the request at its heartbeat and stops.
            Assert.True(await there.StopAsync(id.Value));
            SimulationJob? stopped = null;
            await UntilAsync(async () => (stopped = await there.FindAsync(id.Value)) is { Done: true }, "the simulation to stop");
            Assert.False(stopped!.Ok);
            Assert.StartsWith("stopped on request after", stopped.Problem, StringComparison.Ordinal);

            // One whose server died: never ended, its lease gone. Both servers say so, and a new one runs and ends on the other.
            var ghost = await Data.SimulationStore.AddAsync(site.Database, "ghost", "simulation:dead-server", DateTimeOffset.UtcNow, "x", 12, 20, 1, "");
            var cut = (await here.FindAsync(ghost))!;
            Assert.Equal((true, false), (cut.Done, cut.Ok));
            Assert.Contains("stopped before it ended", cut.Problem, StringComparison.Ordinal);
            var small = ScenarioReader.Parse(SmallScenario, "s.yaml");
            var next = await there.StartAsync(new SimulationOrder([plan], small, SmallScenario, 4, 2, 9), "admin");
            Assert.NotNull(next);
            SimulationJob? ended = null;
            await UntilAsync(async () => (ended = await here.FindAsync(next.Value)) is { Done: true }, "the new simulation to end");
            var expected = MonteCarlo.Run(small, [plan], 4, 2, 9);
            Assert.Equal(SimulationSummary.Of(expected).Members, ended!.Summary!.Members);
            Assert.Equal(SimulationFiles.OutcomesCsv(expected), await here.FileAsync(next.Value, "outcomes.csv"));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Theory, OnSqlite]
    public async Task A_member_cannot_reach_the_simulations(string kind)
    {
        var site = await web.SiteAsync(kind);
        using var client = await ApiClient.SignedInAsync(site, site.Distributors[0].UserName, site.Distributors[0].Password);
        foreach (var path in new[] { "/admin/simulations", "/admin/simulations?handler=status&id=1", "/admin/simulations?handler=file&id=1&name=report.html" })
        {
            var response = await client.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/denied"),
                $"{path}: {response.StatusCode} {response.Headers.Location}");
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90)) Assert.Fail($"waited 90 s for {what}");
            await Task.Delay(100);
        }
    }
}
