using System.CommandLine;
using System.Globalization;
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
        var group = new Command("commissions", "Run the compensation plan for one period.");
        group.Subcommands.Add(Run());
        group.Subcommands.Add(Explain());
        return group;
    }

    private sealed record Inputs(Option<string> Plan, Option<string> Members, Option<string> Orders, Option<string> From, Option<string> To)
    {
        public static Inputs AddTo(Command command)
        {
            var inputs = new Inputs(
                new Option<string>("--plan") { Description = "The plan file (YAML).", Required = true },
                new Option<string>("--members") { Description = "members.csv", Required = true },
                new Option<string>("--orders") { Description = "orders.csv", Required = true },
                new Option<string>("--from") { Description = "First day of the period (YYYY-MM-DD).", Required = true },
                new Option<string>("--to") { Description = "Last day of the period (YYYY-MM-DD).", Required = true });
            command.Options.Add(inputs.Plan);
            command.Options.Add(inputs.Members);
            command.Options.Add(inputs.Orders);
            command.Options.Add(inputs.From);
            command.Options.Add(inputs.To);
            return inputs;
        }

        /// <summary>Loads and computes the period; null (with the errors printed) on bad input.</summary>
        public PeriodResult? Compute(ParseResult parse, TextWriter error, Action<string>? progress = null)
        {
            if (ParsePeriod(parse.GetValue(From)!, parse.GetValue(To)!, error) is not { } period) return null;
            try
            {
                var input = BatchInput.Load(parse.GetValue(Plan)!, parse.GetValue(Members)!, parse.GetValue(Orders)!);
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
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var timings = parse.GetValue(verbose);
            var result = inputs.Compute(parse, error, timings ? error.WriteLine : null);
            if (result is null) return 1;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ResultWriter.WriteAll(result, parse.GetValue(output)!);
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
                error.WriteLine($"{parse.GetValue(inputs.Members)}: no member has the id '{id}'");
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
