using System.CommandLine;
using System.Globalization;
using Arbor.Core.Ledger;
using Arbor.Core.Periods;
using Arbor.Core.Statements;
using Arbor.Engine;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor plans|periods|payouts|ledger|statement</c>: from plan versions to paid periods.</summary>
internal static class PeriodsCommands
{
    public static Command Plans()
    {
        var group = new Command("plans", "Plan versions: each takes effect from a date and is never edited.");
        var upload = new Command("upload", "Validate a plan file and store it as the version in force from a date.");
        var db = Db.Option();
        var plan = new Option<string>("--plan") { Required = true, Description = "The plan file (YAML)." };
        var from = new Option<string>("--from") { Required = true, Description = "The first day it is in force (YYYY-MM-DD)." };
        foreach (var o in new Option[] { db, plan, from }) upload.Options.Add(o);
        upload.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Db.TryDate(parse.GetValue(from), "--from", error, out var day)) return 1;
            if (Db.Open(parse, db) is not { } database) return 1;
            var path = parse.GetValue(plan)!;
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: cannot read the plan file: {e.Message}");
                return 1;
            }
            await using var context = database.CreateContext();
            try
            {
                var version = await new PlanVersions(context, TimeProvider.System).UploadAsync(yaml, path, day, ct);
                if (!version.Ok) return Db.Refused(error, version.Problem!);
                parse.InvocationConfiguration.Output.WriteLine($"plan '{version.Value!.Name}' in force from {day:yyyy-MM-dd}");
                return 0;
            }
            catch (InputException e)
            {
                return Db.InputErrors(error, e);
            }
        });
        var list = new Command("list", "The plan versions and when each takes effect.");
        var listDb = Db.Option();
        list.Options.Add(listDb);
        list.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, listDb) is not { } database) return 1;
            await using var context = database.CreateContext();
            foreach (var v in await new PlanVersions(context, TimeProvider.System).ListAsync(ct))
            {
                parse.InvocationConfiguration.Output.WriteLine($"from {v.EffectiveFrom:yyyy-MM-dd}  {v.Name}");
            }
            return 0;
        });
        group.Subcommands.Add(upload);
        group.Subcommands.Add(list);
        return group;
    }

    public static Command Periods()
    {
        var group = new Command("periods", "Commission periods: preview an open one, close it, list them.");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Preview());
        group.Subcommands.Add(Close());
        return group;
    }

    private static Option<string> PeriodOption() => new("--period") { Required = true, Description = "2026-10 (a month) or 2026-W43 (an ISO week)." };

    private static Command List()
    {
        var command = new Command("list", "Closed and paid periods, newest first.");
        var db = Db.Option();
        command.Options.Add(db);
        command.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var output = parse.InvocationConfiguration.Output;
            var periods = await context.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).ToListAsync(ct);
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
            if (Db.Open(parse, db) is not { } database) return 1;
            try
            {
                var preview = await PreviewPeriod.RunAsync(database, parse.GetValue(period)!, parse.GetValue(output)!, ct);
                if (!preview.Ok) return Db.Refused(error, preview.Problem!);
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

    /// <summary>Set ARBOR_CLOSE_PAUSE_AT to a stage name to make a close stop there (the kill tests use it).</summary>
    public const string PauseVariable = "ARBOR_CLOSE_PAUSE_AT";

    private static Command Close()
    {
        var command = new Command("close", "Compute the period once more and store its results, payout lines and ledger entries, all in one transaction.");
        var (db, period) = (Db.Option(), PeriodOption());
        command.Options.Add(db);
        command.Options.Add(period);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Db.Open(parse, db) is not { } database) return 1;
            var pauseAt = Environment.GetEnvironmentVariable(PauseVariable);
            void Checkpoint(string stage)
            {
                error.WriteLine($"  {stage}");
                if (stage != pauseAt) return;
                error.WriteLine($"paused at {stage}");
                error.Flush();
                Thread.Sleep(Timeout.Infinite);
            }
            try
            {
                var closed = await new ClosePeriod(database, TimeProvider.System).RunAsync(parse.GetValue(period)!, Checkpoint, ct);
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

    public static Command Payouts()
    {
        var group = new Command("payouts", "Pay a closed period: export the payment file, then confirm it once the bank has paid.");
        var export = new Command("export", "Write the payment file (member, name, amount, currency, bank reference) for balances at or above the minimum. Exporting again writes the same batch.");
        var (db, period) = (Db.Option(), PeriodOption());
        var output = new Option<string>("--out") { Required = true, Description = "The CSV file to write." };
        foreach (var o in new Option[] { db, period, output }) export.Options.Add(o);
        export.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            var file = await new Payouts(database, TimeProvider.System).ExportAsync(parse.GetValue(period)!, parse.GetValue(output)!, ct);
            if (!file.Ok) return Db.Refused(parse.InvocationConfiguration.Error, file.Problem!);
            var f = file.Value!;
            parse.InvocationConfiguration.Output.WriteLine($"{f.Period}: {f.Members:N0} payments, {f.Total:N2} {f.Currency} ({(f.New ? "new batch" : f.Confirmed ? "confirmed batch, written again" : "the batch exported before, written again")})");
            return 0;
        });
        var confirm = new Command("confirm", "Post the payouts of the exported batch to the ledger and mark the period paid (once).");
        var (cdb, cperiod) = (Db.Option(), PeriodOption());
        confirm.Options.Add(cdb);
        confirm.Options.Add(cperiod);
        confirm.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, cdb) is not { } database) return 1;
            var file = await new Payouts(database, TimeProvider.System).ConfirmAsync(parse.GetValue(cperiod)!, ct);
            if (!file.Ok) return Db.Refused(parse.InvocationConfiguration.Error, file.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"{file.Value!.Period}: {file.Value.Members:N0} payouts posted, {file.Value.Total:N2} {file.Value.Currency}; period paid");
            return 0;
        });
        group.Subcommands.Add(export);
        group.Subcommands.Add(confirm);
        return group;
    }

    public static Command Ledger()
    {
        var group = new Command("ledger", "Members' accounts: commissions, clawbacks, adjustments, payouts.");
        var show = new Command("show", "A member's ledger entries with the running balance.");
        var db = Db.Option();
        var member = new Option<string>("--member") { Required = true };
        show.Options.Add(db);
        show.Options.Add(member);
        show.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var statement = await new LedgerQueries(context).ForMemberAsync(parse.GetValue(member)!, ct);
            if (!statement.Ok) return Db.Refused(parse.InvocationConfiguration.Error, statement.Problem!);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{statement.Value!.Member.Handle} — {statement.Value.Member.Name}");
            foreach (var (entry, balance) in statement.Value.Entries)
            {
                output.WriteLine($"{entry.PostedOn:yyyy-MM-dd}  {entry.Kind,-10} {entry.Amount.ToString("N2", CultureInfo.InvariantCulture),12}  {balance.ToString("N2", CultureInfo.InvariantCulture),12}  {entry.Memo}");
            }
            output.WriteLine($"balance {statement.Value.Balance.ToString("N2", CultureInfo.InvariantCulture)}");
            return 0;
        });
        var adjust = new Command("adjust", "Credit (positive) or debit (negative) a member's account, with a reason and who made it.");
        var adb = Db.Option();
        var amember = new Option<string>("--member") { Required = true };
        var amount = new Option<decimal>("--amount") { Required = true };
        var reason = new Option<string>("--reason") { Required = true };
        var by = new Option<string>("--by") { Required = true, Description = "Who makes the adjustment." };
        foreach (var o in new Option[] { adb, amember, amount, reason, by }) adjust.Options.Add(o);
        adjust.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, adb) is not { } database) return 1;
            await using var context = database.CreateContext();
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var done = await new Adjust(context).RunAsync(new AdjustmentRequest(parse.GetValue(amember)!, parse.GetValue(amount), parse.GetValue(reason)!, parse.GetValue(by)!, today), ct);
            if (!done.Ok) return Db.Refused(parse.InvocationConfiguration.Error, done.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"adjustment {done.Value!.Id}: {done.Value.Amount.ToString("N2", CultureInfo.InvariantCulture)} posted");
            return 0;
        });
        group.Subcommands.Add(show);
        group.Subcommands.Add(adjust);
        return group;
    }

    public static Command Statement()
    {
        var command = new Command("statement", "A member's printable commission statement (HTML) for a closed period.");
        var (db, period) = (Db.Option(), PeriodOption());
        var member = new Option<string>("--member") { Required = true };
        var output = new Option<string>("--out") { Required = true, Description = "The HTML file to write." };
        foreach (var o in new Option[] { db, member, period, output }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var html = await new CommissionStatement(context).HtmlAsync(parse.GetValue(member)!, parse.GetValue(period)!, ct);
            if (!html.Ok) return Db.Refused(parse.InvocationConfiguration.Error, html.Problem!);
            var path = parse.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(path, html.Value!, ct);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
