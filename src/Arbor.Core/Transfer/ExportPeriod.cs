using Arbor.Data;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;

namespace Arbor.Core.Transfer;

/// <summary>What an export wrote.</summary>
/// <param name="EarlierReturns">
/// The numbers of the returns in <c>orders.csv</c> whose original order is dated before the
/// period. A batch run of the export pays them as the contract says (negative order-based
/// lines); the database's computation settles them as clawbacks instead (see <see cref="Periods.PeriodComputation"/>).
/// </param>
public sealed record ExportReport(int Members, int Orders, IReadOnlyList<string> EarlierReturns);

/// <summary>
/// Writes a period of the database in the contract's batch format: <c>members.csv</c> (highest
/// ranks and binary carries as stored), <c>orders.csv</c> (the period's orders) and the plan as
/// <c>plan.yaml</c>. Running the engine on these files gives what <c>commissions run --db</c> gives,
/// except for the lines of <see cref="ExportReport.EarlierReturns"/> (and, where a cap binds, the
/// capped lines of the same payees), and except that it writes no clawbacks.
/// </summary>
public static class ExportPeriod
{
    public static async Task<ExportReport> WriteAsync(ArborDatabase database, PlanText plan, DateOnly from, DateOnly to, string directory, CancellationToken ct = default)
    {
        var snapshot = await PeriodSnapshot.LoadAsync(database, plan.Plan, from, to, ct);
        Directory.CreateDirectory(directory);
        WriteFile(Path.Combine(directory, "members.csv"), s => BatchWriter.WriteMembers(snapshot.Network, plan.Plan, s));
        // customer_id only for a plan that counts retail customers: the files of every other plan stay the contract's.
        WriteFile(Path.Combine(directory, "orders.csv"), s => BatchWriter.WriteOrders(snapshot.Orders, snapshot.Network, s, customers: plan.Plan.CountsRetailCustomers));
        await File.WriteAllTextAsync(Path.Combine(directory, "plan.yaml"), plan.Yaml, ct);
        return new ExportReport(snapshot.Network.Count, snapshot.Orders.Count, EarlierReturns(snapshot));
    }

    /// <summary>Returns whose original is in the database but not in the period: dated before it.</summary>
    private static List<string> EarlierReturns(Snapshot snapshot)
    {
        var inPeriod = snapshot.OrderIds.ToHashSet();
        return [.. Enumerable.Range(0, snapshot.Orders.Count)
            .Where(o => snapshot.Orders.Kind[o] == OrderKind.Return && snapshot.OriginalOrderIds[o] is { } original && !inPeriod.Contains(original))
            .Select(o => snapshot.Orders.Ids[o])];
    }

    private static void WriteFile(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        write(stream);
    }
}
