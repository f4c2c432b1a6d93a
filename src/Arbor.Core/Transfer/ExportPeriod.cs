using Arbor.Data;
using Arbor.Engine.Batch;
using Arbor.Engine.Computation;
using Arbor.Engine.Output;

namespace Arbor.Core.Transfer;

/// <summary>
/// Writes a period of the database in the contract's batch format: <c>members.csv</c> (highest
/// ranks and binary carries as stored), <c>orders.csv</c> (the period's orders) and the plan as
/// <c>plan.yaml</c>. Running the engine on these files gives what <see cref="RunFromDatabase"/> gives.
/// </summary>
public static class ExportPeriod
{
    public static void Write(ArborDatabase database, PlanText plan, DateOnly from, DateOnly to, string directory)
    {
        var snapshot = PeriodSnapshot.Load(database, plan.Plan, from, to);
        Directory.CreateDirectory(directory);
        WriteFile(Path.Combine(directory, "members.csv"), s => BatchWriter.WriteMembers(snapshot.Network, plan.Plan, s));
        WriteFile(Path.Combine(directory, "orders.csv"), s => BatchWriter.WriteOrders(snapshot.Orders, snapshot.Network, s));
        File.WriteAllText(Path.Combine(directory, "plan.yaml"), plan.Yaml);
    }

    private static void WriteFile(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        write(stream);
    }
}

/// <summary>Runs one period of the plan straight from the database and writes the contract's three outputs.</summary>
public static class RunFromDatabase
{
    public static PeriodResult Run(ArborDatabase database, PlanText plan, DateOnly from, DateOnly to, string? directory)
    {
        var snapshot = PeriodSnapshot.Load(database, plan.Plan, from, to);
        var result = PeriodEngine.Run(plan.Plan, snapshot.Network, snapshot.Orders, snapshot.Period);
        if (directory is not null) ResultWriter.WriteAll(result, directory);
        return result;
    }
}
