using System.CommandLine;
using Arbor.Core.Transfer;
using Arbor.Engine;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor import</c> and <c>arbor export</c>: a company in the contract's batch files, in and out.</summary>
internal static class TransferCommands
{
    public static Command Import()
    {
        var command = new Command("import", "Load a company from the contract's batch files (members.csv, orders.csv) into an empty database, all or nothing.");
        var db = Db.Option();
        var members = new Option<string>("--members") { Description = "members.csv", Required = true };
        var orders = new Option<string>("--orders") { Description = "orders.csv", Required = true };
        var plan = new Option<string?>("--plan") { Description = "The company's plan (YAML), stored with the company; it names the ranks in highest_rank." };
        command.Options.Add(db);
        command.Options.Add(members);
        command.Options.Add(orders);
        command.Options.Add(plan);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Db.Open(parse, db) is not { } database) return 1;
            try
            {
                var planPath = parse.GetValue(plan);
                PlanText planText;
                if (planPath is null)
                {
                    var stored = await PlanSource.ResolveAsync(database, null, DateOnly.MaxValue, ct);
                    planText = stored.Ok ? stored.Value! : new PlanText(Engine.Plans.PlanReader.Parse(ImportPlan, "(no plan)"), ImportPlan, "(no plan)");
                }
                else
                {
                    planText = (await PlanSource.ResolveAsync(database, planPath, DateOnly.MaxValue, ct)).Value!;
                }
                var report = await new ImportBatch(database).RunAsync(parse.GetValue(members)!, parse.GetValue(orders)!, planText, Db.Progress(error), storePlan: planPath is not null, ct);
                if (!report.Ok) return Db.Refused(error, report.Problem!);
                parse.InvocationConfiguration.Output.WriteLine($"imported {report.Value!.Members:N0} members and {report.Value.Orders:N0} orders into {database}");
                return 0;
            }
            catch (InputException e)
            {
                return Db.InputErrors(error, e);
            }
        });
        return command;
    }

    /// <summary>How the export's returns of earlier orders relate to the clawbacks (docs/business-rules.md, "Import and export").</summary>
    internal static string EarlierReturnsNote(IReadOnlyList<string> returns, DateOnly from)
    {
        if (returns.Count == 0) return $"no return in orders.csv is of an order dated before {from:yyyy-MM-dd}: a batch run of these files pays what `commissions run --db` pays";
        var named = string.Join(", ", returns.Take(5)) + (returns.Count > 5 ? $" and {returns.Count - 5:N0} more" : "");
        var (count, them) = returns.Count == 1 ? ("1 return in orders.csv is", "it") : ($"{returns.Count:N0} returns in orders.csv are", "them");
        return $"{count} of orders dated before {from:yyyy-MM-dd} ({named}): a batch run of these files pays {them} negative lines, while " +
            "`commissions run --db`, `periods preview` and `periods close` pay none and claw back the lines the original's period stored when it closed " +
            "(clawbacks.csv; nothing when that period was never closed): those lines, their payees' earnings and capped lines, and the totals differ";
    }

    /// <summary>Without --plan, an import stores this one-rank plan: it reads files whose highest_rank column is empty.</summary>
    private const string ImportPlan = """
        name: Imported company (no plan yet)
        ranks:
          - name: Member
        bonuses: []
        """;

    public static Command Export()
    {
        var command = new Command("export", "Write a period of the database as the contract's batch files: members.csv, orders.csv and plan.yaml.");
        var db = Db.Option();
        var from = new Option<string>("--from") { Description = "First day (YYYY-MM-DD).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (YYYY-MM-DD).", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var plan = new Option<string?>("--plan") { Description = "Export with this plan instead of the database's plan in force." };
        command.Options.Add(db);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(output);
        command.Options.Add(plan);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Db.TryDate(parse.GetValue(from), "--from", error, out var first) | !Db.TryDate(parse.GetValue(to), "--to", error, out var last)) return 1;
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, "members.csv", "orders.csv", "plan.yaml");
            if (Db.Open(parse, db) is not { } database) return 1;
            try
            {
                var planText = await PlanSource.ResolveAsync(database, parse.GetValue(plan), first, ct);
                if (!planText.Ok) return Db.Refused(error, planText.Problem!);
                var report = await ExportPeriod.WriteAsync(database, planText.Value!, first, last, files.Staging, ct);
                files.Commit();
                var stdout = parse.InvocationConfiguration.Output;
                stdout.WriteLine($"wrote members.csv, orders.csv and plan.yaml to {parse.GetValue(output)}");
                stdout.WriteLine(EarlierReturnsNote(report.EarlierReturns, first));
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
