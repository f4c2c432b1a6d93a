using System.CommandLine;
using System.Diagnostics;
using Arbor.Core.Demo;
using Arbor.Data;
using Arbor.Web;
using Arbor.Web.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor serve</c>: the web app (virtual office and back office).</summary>
internal static class ServeCommands
{
    /// <summary>The demo company's database when <c>--demo</c> is given without <c>--db</c>.</summary>
    public const string DemoDatabase = "sqlite:arbor-demo.db";

    public static Command Build()
    {
        var serve = new Command("serve", "Run the web app: the distributors' virtual office and the company's back office.");
        var db = Db.Option();
        var urls = new Option<string>("--urls") { Description = "Where to listen, separated by ';'.", DefaultValueFactory = _ => "http://localhost:5080" };
        var demo = new Option<bool>("--demo") { Description = $"Serve the demo company: created in {DemoDatabase} (or --db) when it does not exist yet, past periods closed, demo sign-ins printed." };
        var members = new Option<int>("--demo-members") { Description = "How many members a new demo company gets.", DefaultValueFactory = _ => 20_000 };
        var rate = new Option<int>("--api-rate") { Description = "REST API requests a second per token or sign-in, on all app servers together.", DefaultValueFactory = _ => 100 };
        serve.Options.Add(db);
        serve.Options.Add(urls);
        serve.Options.Add(rate);
        serve.Options.Add(demo);
        serve.Options.Add(members);
        serve.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var isDemo = parse.GetValue(demo);
            if (isDemo && string.IsNullOrWhiteSpace(parse.GetValue(db)) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ArborDatabase.EnvironmentVariable)))
            {
                parse = serve.Parse([.. parse.Tokens.Select(t => t.Value), "--db", DemoDatabase], Cli.Parser());
            }
            if (Db.Open(parse, db) is not { } database) return 1;
            var clock = Stopwatch.StartNew();
            if (isDemo)
            {
                var seeded = await DemoSeedAsync(database, parse.GetValue(members), error, ct);
                if (seeded != 0) return seeded;
            }
            var apiRate = parse.GetValue(rate);
            if (apiRate is < 1 or > 1_000_000)
            {
                error.WriteLine($"arbor: --api-rate must be 1 to 1000000, not {apiRate}");
                return 1;
            }
            var app = WebApp.Build(new WebOptions(database, parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ApiRateLimit = apiRate,
            });
            var signIns = isDemo ? await DemoSignIns.EnsureAsync(app.Services, ct) : [];
            await app.StartAsync(ct);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            output.WriteLine($"Arbor on {database}, ready in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", addresses)}");
            foreach (var s in signIns) output.WriteLine($"  sign in as {s.UserName,-12} password {s.Password}  ({s.Role}: {s.Who})");
            output.WriteLine("Health: /health. REST API: /api/v1 (tokens: arbor tokens create), its OpenAPI document: /openapi/v1.json. Stop with Ctrl+C.");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return serve;
    }

    private static async Task<int> DemoSeedAsync(ArborDatabase database, int members, TextWriter error, CancellationToken ct)
    {
        bool exists;
        await using (var context = database.CreateContext()) exists = context.Company.Any();
        if (!exists)
        {
            error.WriteLine($"creating the demo company ({members:N0} members) in {database} ...");
            var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
            var seeded = await new DemoCompany(database).SeedAsync(new DemoOptions(members, 1, today), Db.Progress(error), ct);
            if (!seeded.Ok) return Db.Refused(error, seeded.Problem!);
        }
        var closed = await new DemoHistory(database, TimeProvider.System).CloseAsync(Db.Progress(error), ct);
        return closed.Ok ? 0 : Db.Refused(error, closed.Problem!);
    }
}
