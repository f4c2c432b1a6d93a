using System.Diagnostics;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine;

/// <summary>The three input files of one batch run, loaded and validated.</summary>
public sealed record BatchInput(Plan Plan, Network Network, OrderBook Orders, IReadOnlyList<Computation.PhaseTiming> Timings)
{
    /// <summary>
    /// Loads plan, members and orders. Errors of all three files are gathered where the
    /// files can be read independently (members need the plan's ranks; orders need members).
    /// </summary>
    /// <exception cref="InputException">Any file is missing or invalid.</exception>
    public static BatchInput Load(string planPath, string membersPath, string ordersPath)
    {
        var clock = Stopwatch.StartNew();
        // The members file is read on one core: the computation's methods compile on another meanwhile.
        Computation.PeriodEngine.PrepareInBackground();
        var timings = new List<Computation.PhaseTiming>();
        var plan = PlanReader.ReadFile(planPath);
        timings.Add(new("read plan", clock.Elapsed));
        clock.Restart();
        var network = MemberFileReader.ReadFile(membersPath, plan);
        timings.Add(new("read members", clock.Elapsed));
        clock.Restart();
        var orders = OrderFileReader.ReadFile(ordersPath, network, Path.GetFileName(membersPath));
        timings.Add(new("read orders", clock.Elapsed));
        return new BatchInput(plan, network, orders, timings);
    }
}
