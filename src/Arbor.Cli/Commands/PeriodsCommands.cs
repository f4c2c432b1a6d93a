using System.CommandLine;
using System.Globalization;
using Arbor.Core.Periods;
using Arbor.Engine;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor periods list|preview|close</c>: commission periods.</summary>
internal static class PeriodsCommands
{
    public static Command Build()
    {
        var group = new Command("periods", "Commission periods: preview an open one, close it, list them.");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Preview());
        group.Subcommands.Add(Close());
        return group;
    }

    internal static Option<string> PeriodOption() => new("--period") { Required = true, Description = "2026-10 (a month) or 2026-W43 (an ISO week)." };

    private static Command List()
    {
        var command = new Command("list", "Closed and paid periods, newest first.");
        var db = Db.Option();
        command.Options.Add(db);
        command.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            var output = parse.InvocationConfiguration.Output;
            var periods = await PeriodList.ClosedAsync(database, ct);
            if (periods.Count == 0) output.WriteLine("no period is closed yet");
            foreach (var p in periods)
            {
                output.WriteLine($"{p.Key,-9} {p.StartsOn:yyyy-MM-dd} to {p.EndsOn:yyyy-MM-dd}  {p.State,-6}  payout {p.TotalPayout.ToString("N2", CultureInfo.InvariantCulture),14} on CV {p.TotalCv.ToString("N2", CultureInfo.InvariantCulture)}");
            }
            return 0;
        });
        return command;
    }

    private static Command Preview()
    {
        var command = new Command("preview", "Compute an open period on today's data and write payouts.csv, members.csv and summary.json; stores nothing.");
        var (db, period) = (Db.Option(), PeriodOption());
        var output = new Option<string>("--out") { Required = true, Description = "Output folder." };
        foreach (var o in new Option[] { db, period, output }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, OutputFiles.PeriodFiles);
            if (Db.Open(parse, db) is not { } database) return 1;
            try
            {
                var preview = await PreviewPeriod.RunAsync(database, parse.GetValue(period)!, files.Staging, ct);
                if (!preview.Ok) return Db.Refused(error, preview.Problem!);
                files.Commit();
                var r = preview.Value!;
                parse.InvocationConfiguration.Output.WriteLine(
                    $"{r.Key.Key} (open): {r.Result.LineCount:N0} payout lines, {r.Clawbacks.Count:N0} clawbacks, total payout {(r.Result.TotalPayoutCents + r.Clawbacks.Sum(x => x.Cents)) / 100m:N2} — written to {parse.GetValue(output)}");
                return 0;
            }
            catch (InputException e)
            {
                return Db.InputErrors(error, e);
            }
        });
        return command;
    }

    /// <summary>
    /// Set ARBOR_CLOSE_PAUSE_AT to a stage name to make a close stop there for ever (the kill tests use it),
    /// or to STAGE:stdin to stop there until a line arrives on standard input (the lost-connection test).
    /// </summary>
    public const string PauseVariable = "ARBOR_CLOSE_PAUSE_AT";

    private static Command Close()
    {
        var command = new Command("close", "Compute the period once more and store its results, payout lines and ledger entries, all in one transaction.");
        var (db, period, by) = (Db.Option(), PeriodOption(), ApprovalsCommands.ByOption(required: false));
        command.Options.Add(db);
        command.Options.Add(period);
        command.Options.Add(by);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Db.Open(parse, db) is not { } database) return 1;
            var pauseAt = Environment.GetEnvironmentVariable(PauseVariable);
            void Checkpoint(string stage)
            {
                error.WriteLine($"  {stage}");
                if (stage != pauseAt && $"{stage}:stdin" != pauseAt) return;
                error.WriteLine($"paused at {stage}");
                error.Flush();
                if (stage == pauseAt) Thread.Sleep(Timeout.Infinite);
                Console.In.ReadLine();
            }
            try
            {
                var closed = await new ClosePeriod(database, TimeProvider.System).RunAsync(parse.GetValue(period)!, Checkpoint, ct, approver: parse.GetValue(by));
                if (!closed.Ok) return Db.Refused(error, closed.Problem!);
                var r = closed.Value!;
                parse.InvocationConfiguration.Output.WriteLine($"closed {r.Period}: {r.Members:N0} members, {r.Lines:N0} payout lines, {r.Clawbacks:N0} clawbacks ({r.Clawed:N2}), total payout {r.TotalPayout:N2}");
                return 0;
            }
            catch (InputException e)
            {
                return Db.InputErrors(error, e);
            }
        });
        return command;
    }
}
