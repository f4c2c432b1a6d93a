using System.Text;
using Arbor.Data;
using Arbor.Engine.Output;

namespace Arbor.Core.Periods;

/// <summary>
/// A preview: the period computed on live data, as the close would compute it now, written as
/// the contract's three files (plus <c>clawbacks.csv</c> when returns of closed periods' orders
/// claw lines back). Stores nothing: these are the distributors' estimated earnings.
/// </summary>
public static class PreviewPeriod
{
    public static async Task<Outcome<ComputedPeriod>> RunAsync(ArborDatabase database, string period, string directory, CancellationToken ct = default)
    {
        var computed = await PeriodComputation.ComputeAsync(database, period, plan: null, ct);
        if (computed.Ok) await PeriodFiles.WriteAsync(computed.Value!, directory, ct);
        return computed;
    }
}

/// <summary>A computed period as files: the contract's three, plus <c>clawbacks.csv</c> when the period claws lines back (none is left behind otherwise).</summary>
public static class PeriodFiles
{
    public const string Clawbacks = "clawbacks.csv";

    public static async Task WriteAsync(ComputedPeriod c, string directory, CancellationToken ct = default)
    {
        ResultWriter.WriteAll(c.Result, directory);
        var clawbacks = Path.Combine(directory, Clawbacks);
        if (c.Clawbacks.Count == 0)
        {
            File.Delete(clawbacks);
            return;
        }
        var handles = new Dictionary<long, string>();
        for (var m = 0; m < c.Snapshot.MemberIds.Length; m++) handles[c.Snapshot.MemberIds[m]] = c.Snapshot.Network.Ids[m];
        var orders = new Dictionary<long, string>();
        for (var o = 0; o < c.Snapshot.OrderIds.Length; o++) orders[c.Snapshot.OrderIds[o]] = c.Snapshot.Orders.Ids[o];
        var csv = new StringBuilder("payee_id,bonus,amount,source_order_id,source_member_id,level,original_line\n");
        foreach (var x in c.Clawbacks.OrderBy(x => handles[x.PayeeId], StringComparer.Ordinal).ThenBy(x => x.OriginalLineId))
        {
            csv.Append($"{handles[x.PayeeId]},clawback,{DecimalText.Money(x.Cents)},{orders[x.ReturnOrderId]},{handles[x.SourceMemberId]},{x.Level},{x.OriginalLineId}\n");
        }
        await File.WriteAllTextAsync(clawbacks, csv.ToString(), new UTF8Encoding(false), ct);
    }
}
