using System.CommandLine;
using System.Globalization;
using Arbor.Core.Periods;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Explain;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Runtime;

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

        /// <summary>True when the period is read from the database (neither --members nor --orders given).</summary>
        public bool FromDatabase(ParseResult parse) => parse.GetValue(Members) is null && parse.GetValue(Orders) is null;

        /// <summary>
        /// Computes the period, from the batch files or from the database (where <paramref name="directory"/>,
        /// when given, receives the files as <c>periods preview</c> writes them, <c>clawbacks.csv</c> included);
        /// null (with the errors printed) on bad input.
        /// </summary>
        public async Task<PeriodResult?> ComputeAsync(ParseResult parse, TextWriter error, string? directory, Action<string>? progress, CancellationToken ct)
        {
            if (ParsePeriod(parse.GetValue(From)!, parse.GetValue(To)!, error) is not { } period) return null;
            var (plan, members, orders) = (parse.GetValue(Plan), parse.GetValue(Members), parse.GetValue(Orders));
            try
            {
                if (FromDatabase(parse))
                {
                    if (Commands.Db.Open(parse, Db) is not { } database) return null;
                    var computed = await RunPeriod.RunAsync(database, period.From, period.To, plan, directory, ct);
                    if (computed.Ok) return computed.Value!.Result;
                    Commands.Db.Refused(error, computed.Problem!);
                    return null;
                }
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
    }

    private static Command Run()
    {
        var command = new Command("run", "Compute one period and write payouts.csv, members.csv and summary.json.");
        var inputs = Inputs.AddTo(command);
        var output = new Option<string>("--out") { Description = "Output folder (created if missing).", Required = true };
        var verbose = new Option<bool>("--timings") { Description = "Print how long each phase took." };
        command.Options.Add(output);
        command.Options.Add(verbose);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var timings = parse.GetValue(verbose);
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, OutputFiles.PeriodFiles); // a bad --out is refused before the run
            // From the database, the period's use case writes the files (clawbacks.csv too), as preview does.
            var fromDatabase = inputs.FromDatabase(parse);
            var result = await inputs.ComputeAsync(parse, error, fromDatabase ? files.Staging : null, timings ? error.WriteLine : null, ct);
            if (result is null) return 1;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (!fromDatabase) ResultWriter.WriteAll(result, files.Staging);
            files.Commit();
            if (timings)
            {
                foreach (var t in result.Timings) error.WriteLine($"{t.Phase}: {t.Elapsed.TotalMilliseconds:F0} ms");
                error.WriteLine($"write: {clock.Elapsed.TotalMilliseconds:F0} ms");
                error.WriteLine($"garbage collections: {GC.CollectionCount(0)} (generation 1: {GC.CollectionCount(1)}, generation 2: {GC.CollectionCount(2)}), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
                error.WriteLine($"JIT compilation (all threads): {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods; {ProcessSetup.Tiering()})");
                error.WriteLine(ProcessSetup.HugePagesChoice);
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
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var result = await inputs.ComputeAsync(parse, error, directory: null, progress: null, ct);
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
