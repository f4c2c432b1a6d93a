using System.Diagnostics;
using Arbor.Core.Simulation;
using Arbor.Engine.Plans;

namespace Arbor.Bench;

/// <summary>
/// The plan simulator at the size: the default scenario (its market lets the company grow
/// to about 100,000 members in 36 months), 20 runs, the sample plan (and a second plan when given: both on
/// the same people). Prints the wall time, the members reached and the peak memory.
/// </summary>
public static class SimulationBenchmark
{
    public static void Run(string planPath, string? comparePath, int months, int runs, int market)
    {
        var plans = new List<Plan> { PlanReader.ReadFile(planPath) };
        if (comparePath is not null) plans.Add(PlanReader.ReadFile(comparePath));
        var scenario = new Scenario { MarketSize = market };
        Console.WriteLine($"Simulating {months} months × {runs} runs, market {market:N0}, {plans.Count} plan(s), {Environment.ProcessorCount} cores ...");
        var clock = Stopwatch.StartNew();
        var report = MonteCarlo.Run(scenario, plans, months, runs, seed: 1, new Progress<(int Done, int Runs)>(p => Console.Write($"\r  {p.Done}/{p.Runs} runs")));
        clock.Stop();
        Console.WriteLine();
        var last = report.Months[^1];
        Console.WriteLine($"  members at the end: median {last.Members.Median:N0} (10–90 %: {last.Members.Low:N0}–{last.Members.High:N0}); paid in total under {report.Plans[0]}: {report.Outcomes[0].TotalEarnings.Median:N0} (median)");
        Console.WriteLine($"  wall {clock.Elapsed.TotalSeconds:F1} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB");
    }
}
