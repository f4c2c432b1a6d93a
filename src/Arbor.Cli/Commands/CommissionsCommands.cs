using System.CommandLine;
using System.Globalization;
using Arbor.Core.Transfer;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Explain;
using Arbor.Engine.Model;
using Arbor.Engine.Output;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor commissions run|explain</c>: one period from the contract's batch files.</summary>
internal static class CommissionsCommands
{
    public static Command Build()
    {
        var group = new Command("commissions", "Run the compensation plan for one period, on batch files or on the database.");
        group.Subcommands.Add(Run());
        group.Subcommands.Add(Explain());
        return group;
    }

    /// <summary>
    /// The period's inputs: the contract's batch files (<c>--members</c>, <c>--orders</c>, <c>--plan</c>),
    /// or, without them, the database (<c>--db</c>; <c>--plan</c> may then be omitted once the database holds a plan).
    /// </summary>
    private sealed record Inputs(Option<string?> Plan, Option<string?> Members, Option<string?> Orders, Option<string> From, Option<string> To, Option<string?> Db)
    {
        public static Inputs AddTo(Command command)
        {
            var inputs = new Inputs(
                new Option<string?>("--plan") { Description = "The plan file (YAML). With --db, defaults to the database's plan in force." },
                new Option<string?>("--members") { Description = "members.csv (without it, the period is read from the database)" },
                new Option<string?>("--orders") { Description = "orders.csv" },
                new Option<string>("--from") { Description = "First day of the period (YYYY-MM-DD).", Required = true },
                new Option<string>("--to") { Description = "Last day of the period (YYYY-MM-DD).", Required = true },
                Commands.Db.Option());
            command.Options.Add(inputs.Plan);
            command.Options.Add(inputs.Members);
            command.Options.Add(inputs.Orders);
            command.Options.Add(inputs.From);
            command.Options.Add(inputs.To);
            command.Options.Add(inputs.Db);
            return inputs;
        }

        /// <summary>Where a member id points at: the members file, or the database.</summary>
        public string MembersSource(ParseResult parse) => parse.GetValue(Members) ?? "database";

        /// <summary>Loads and computes the period; null (with the errors printed) on bad input.</summary>
        public PeriodResult? Compute(ParseResult parse, TextWriter error, Action<string>? progress = null)
        {
            if (ParsePeriod(parse.GetValue(From)!, parse.GetValue(To)!, error) is not { } period) return null;
            var (plan, members, orders) = (parse.GetValue(Plan), parse.GetValue(Members), parse.GetValue(Orders));
            try
            {
                if (members is null && orders is null) return FromDatabase(parse, error, plan, period);
                if (members is null || orders is null || plan is null)
                {
                    error.WriteLine("give --plan, --members and --orders for a run on batch files, or neither --members nor --orders for a run on the database (--db)");
                    return null;
                }
                var input = BatchInput.Load(plan, members, orders);
                foreach (var t in input.Timings) progress?.Invoke($"{t.Phase}: {t.Elapsed.TotalMilliseconds:F0} ms");
                return PeriodEngine.Run(input.Plan, input.Network, input.Orders, period);
            }
            catch (InputException e)
            {
                foreach (var problem in e.Errors) error.WriteLine(problem.ToString());
                return null;
            }
        }

        private PeriodResult? FromDatabase(ParseResult parse, TextWriter error, string? planPath, Period period)
        {
            if (Commands.Db.Open(parse, Db) is not { } database) return null;
            var plan = PlanSource.ResolveAsync(database, planPath, period.From).GetAwaiter().GetResult();
            if (!plan.Ok)
            {
                Commands.Db.Refused(error, plan.Problem!);
                return null;
            }
            PeriodEngine.PrepareInBackground(); // compiles while the snapshot is read
            var snapshot = PeriodSnapshot.Load(database, plan.Value!.Plan, period.From, period.To);
            return PeriodEngine.Run(plan.Value.Plan, snapshot.Network, snapshot.Orders, snapshot.Period);
        }
    }

    private static Command Run()
    {
        var command = new Command("run", "Compute one period and write payouts.csv, members.csv and summary.json.");
        var inputs = Inputs.AddTo(command);
        var output = new Option<string>("--out") { Description = "Output folder (created if missing).", Required = true };
        var verbose = new Option<bool>("--timings") { Description = "Print how long each phase took." };
        command.Options.Add(output);
        command.Options.Add(verbose);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var timings = parse.GetValue(verbose);
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, OutputFiles.PeriodFiles); // a bad --out is refused before the run
            var result = inputs.Compute(parse, error, timings ? error.WriteLine : null);
            if (result is null) return 1;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ResultWriter.WriteAll(result, files.Staging);
            files.Commit();
            if (timings)
            {
                foreach (var t in result.Timings) error.WriteLine($"{t.Phase}: {t.Elapsed.TotalMilliseconds:F0} ms");
                error.WriteLine($"write: {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
            return 0;
        });
        return command;
    }

    private static Command Explain()
    {
        var command = new Command("explain", "Explain, in words, how one member's volumes, rank and payouts were derived.");
        var inputs = Inputs.AddTo(command);
        var member = new Option<string>("--member") { Description = "The member id.", Required = true };
        command.Options.Add(member);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var result = inputs.Compute(parse, error);
            if (result is null) return 1;
            var id = parse.GetValue(member)!;
            var m = result.Network.IndexOf(id);
            if (m < 0)
            {
                error.WriteLine($"{inputs.MembersSource(parse)}: no member has the id '{id}'");
                return 1;
            }
            parse.InvocationConfiguration.Output.Write(MemberExplanation.Write(result, m));
            return 0;
        });
        return command;
    }

    private static Period? ParsePeriod(string from, string to, TextWriter error)
    {
        var ok = true;
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            error.WriteLine($"--from: '{from}' is not a date (expected YYYY-MM-DD)");
            ok = false;
        }
        if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            error.WriteLine($"--to: '{to}' is not a date (expected YYYY-MM-DD)");
            ok = false;
        }
        if (ok && last < first)
        {
            error.WriteLine($"--to ({to}) is before --from ({from}): a period is an inclusive date range");
            ok = false;
        }
        return ok ? new Period(first, last) : null;
    }
}
