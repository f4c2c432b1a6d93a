using System.CommandLine;
using System.Diagnostics;
using Arbor.Core.Autoship;
using Arbor.Core.Demo;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor autoship run</c> and <c>arbor demo seed</c>.</summary>
internal static class OperationsCommands
{
    public static Command Autoship()
    {
        var group = new Command("autoship", "Monthly autoship orders.");
        var run = new Command("run", "Create the autoship orders due on a date. Running it twice for a date creates nothing the second time.");
        var db = Db.Option();
        var date = new Option<string>("--date") { Description = "The day (YYYY-MM-DD).", Required = true };
        run.Options.Add(db);
        run.Options.Add(date);
        run.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Db.TryDate(parse.GetValue(date), "--date", error, out var day)) return 1;
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var progress = new Progress<int>(n => { if (n % 1000 == 0) error.WriteLine($"  {n:N0} orders created"); });
            AutoshipRunReport report;
            try
            {
                report = await new Autoships(context).RunAsync(day, progress, ct);
            }
            catch (Exception e) when (Failures.Database(e) is not null || e is OperationCanceledException)
            {
                // Each order commits on its own: those before the failure stay, and a second run creates only the rest.
                throw new PartlyStoredException("the autoship orders created before it are stored; run it again to create the rest", e);
            }
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{day:yyyy-MM-dd}: {report.Created.Count:N0} autoship orders created, {report.AlreadyDone:N0} already created earlier, {report.Skipped.Count:N0} skipped");
            foreach (var skipped in report.Skipped) output.WriteLine($"  skipped {skipped.Where}: {skipped.Message}");
            return 0;
        });
        group.Subcommands.Add(run);
        return group;
    }

    public static Command Demo()
    {
        var group = new Command("demo", "A demo company to explore Arbor with.");
        var seed = new Command("seed", "Generate a realistic company with twelve months of history into an empty database; the same for the same arguments.");
        var db = Db.Option();
        var members = new Option<int>("--members") { Description = "How many members.", DefaultValueFactory = _ => 1000 };
        var randomSeed = new Option<int>("--seed") { Description = "The random seed.", DefaultValueFactory = _ => 1 };
        var until = new Option<string?>("--until") { Description = "The last day of the history (YYYY-MM-DD); default: today." };
        seed.Options.Add(db);
        seed.Options.Add(members);
        seed.Options.Add(randomSeed);
        seed.Options.Add(until);
        seed.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var last = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
            if (parse.GetValue(until) is { } text && !Db.TryDate(text, "--until", error, out last)) return 1;
            if (Db.Open(parse, db) is not { } database) return 1;
            var clock = Stopwatch.StartNew();
            var seeded = await new DemoCompany(database).SeedAsync(new DemoOptions(parse.GetValue(members), parse.GetValue(randomSeed), last), Db.Progress(error), ct);
            if (!seeded.Ok) return Db.Refused(error, seeded.Problem!);
            var report = seeded.Value!;
            parse.InvocationConfiguration.Output.WriteLine(
                $"seeded {database}: {report.Members:N0} members ({report.Terminated:N0} terminated), {report.Customers:N0} customers, " +
                $"{report.Orders:N0} orders, {report.Returns:N0} returns, {report.Autoships:N0} autoships, history to {last:yyyy-MM-dd}, in {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        group.Subcommands.Add(seed);
        return group;
    }
}
