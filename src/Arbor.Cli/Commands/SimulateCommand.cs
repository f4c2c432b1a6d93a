using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Arbor.Core.Simulation;
using Arbor.Engine;
using Arbor.Engine.Plans;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor simulate</c>: a plan (or two side by side) on a simulated company, many runs, on the real engine (docs/simulation.md).</summary>
internal static class SimulateCommand
{
    internal static Command Build()
    {
        var command = new Command("simulate", "Simulate a compensation plan month by month on a growing, shrinking population, many runs, and write months.csv, outcomes.csv, report.json and report.html.");
        var plan = new Option<string>("--plan") { Required = true, Description = "The plan file (YAML, as in commissions run)." };
        var compare = new Option<string?>("--compare") { Description = "A second plan, run on the same people and orders." };
        var scenario = new Option<string?>("--scenario") { Description = "A scenario file (YAML); without it, the documented defaults." };
        var months = new Option<int>("--months") { DefaultValueFactory = _ => 36, Description = "Months to simulate (1 to 120)." };
        var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 20, Description = "Runs with different seeds (1 to 1,000)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "The first run's seed; run k uses seed + k − 1." };
        var output = new Option<string>("--out") { Required = true, Description = "The folder to write the four files into (all or nothing)." };
        foreach (var o in new Option[] { plan, compare, scenario, months, runs, seed, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var (error, o) = (parse.InvocationConfiguration.Error, parse.InvocationConfiguration.Output);
            var (m, n) = (parse.GetValue(months), parse.GetValue(runs));
            if (SimulationLimits.Check(m, n) is { } refused)
            {
                error.WriteLine("--" + refused.Message);
                return 2;
            }
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, SimulationFiles.Names(parse.GetValue(compare) is null ? 1 : 2));
            List<Plan> plans;
            Scenario s;
            try
            {
                plans = [PlanReader.ReadFile(parse.GetValue(plan)!)];
                if (parse.GetValue(compare) is { } other) plans.Add(PlanReader.ReadFile(other));
                s = parse.GetValue(scenario) is { } path ? ScenarioReader.ReadFile(path) : new Scenario();
            }
            catch (InputException e)
            {
                foreach (var problem in e.Errors) error.WriteLine(problem.ToString());
                return 2;
            }
            var clock = Stopwatch.StartNew();
            var report = MonteCarlo.Run(s, plans, m, n, parse.GetValue(seed), new Bar(error));
            error.WriteLine();
            SimulationFiles.Write(report, files.Staging);
            files.Commit();
            var last = report.Months[^1];
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n} runs of {m} months in {clock.Elapsed.TotalSeconds:F1} s; members at the end: {last.Members.Median:N0} (10–90 %: {last.Members.Low:N0}–{last.Members.High:N0})"));
            foreach (var outcome in report.Outcomes)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {outcome.Plan}: median participant earned {outcome.Median.Median:N2}; top 10 % got {outcome.Top10Share.Median:P1}; {outcome.ShareNotCovering.Median:P1} did not cover their purchases and costs"));
            }
            o.WriteLine($"wrote {Path.Combine(parse.GetValue(output)!, "report.html")} and months.csv, outcomes.csv, report.json");
            return 0;
        });
        return command;
    }

    /// <summary>The progress bar, drawn on standard error as each run ends (on the thread that ended it).</summary>
    private sealed class Bar(TextWriter error) : IProgress<(int Done, int Runs)>
    {
        private readonly Lock _lock = new();

        public void Report((int Done, int Runs) p)
        {
            lock (_lock) error.Write(string.Create(CultureInfo.InvariantCulture, $"\r  [{new string('#', 20 * p.Done / p.Runs),-20}] {p.Done}/{p.Runs} runs"));
        }
    }
}
