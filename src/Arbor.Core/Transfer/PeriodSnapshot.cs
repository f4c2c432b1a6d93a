using Arbor.Data;
using Arbor.Engine.Model;
using Arbor.Engine;
using Arbor.Engine.Plans;

namespace Arbor.Core.Transfer;

/// <summary>
/// One period's engine input, read straight from the database: no CSV in between. Alongside,
/// the database ids of the members and orders (by engine index) and each order's original (returns).
/// </summary>
public sealed record Snapshot(Network Network, OrderBook Orders, Period Period, long[] MemberIds, long[] OrderIds, long?[] OriginalOrderIds);

/// <summary>
/// Reads the members and orders of a period into the engine's arrays (the same builders the
/// CSV readers use, so the same checks hold). Members: everyone who joined by the period's
/// end, in id order, with the status in force on its last day (a suspended member counts as
/// terminated: paid nothing, its volume still counts), highest ranks and carries as stored.
/// Orders: those dated in the period, in id order; a retail order's customer as its database id.
/// </summary>
public static class PeriodSnapshot
{
    /// <exception cref="Engine.InputException">Stored data the engine refuses (an unknown rank name, say).</exception>
    public static async Task<Snapshot> LoadAsync(ArborDatabase database, Plan plan, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        var rows = Joined(await SnapshotReader.MembersAsync(connection, ct), to);
        // Members whose current status began after the period: the status in force on its last day.
        var statusOnEnd = await SnapshotReader.StatusesOnAsync(connection, rows.Where(r => r.StatusSince > to).Select(r => r.Id).ToHashSet(), to, ct);

        var binary = plan.Find<BinaryBonus>() is not null;
        var builder = new NetworkBuilder();
        var index = new Dictionary<long, int>(rows.Count);
        foreach (var r in rows) index[r.Id] = index.Count;
        var handles = rows.Select(r => r.Handle).ToArray();
        var line = 1;
        foreach (var r in rows)
        {
            line++;
            var highest = 0;
            if (r.HighestRank is not null)
            {
                highest = plan.RankIndex(r.HighestRank);
                if (highest < 0) throw new InputException([new InputError("database", line, null, $"member '{r.Handle}' has highest rank '{r.HighestRank}', which the plan does not know (its ranks are {string.Join(", ", plan.Ranks.Select(x => x.Name))})")]);
            }
            var status = statusOnEnd.TryGetValue(r.Id, out var s) ? s : r.Status;
            var placed = r.PlacementParentId is { } pp && index.ContainsKey(pp);
            var (side, position) = placed ? Placed(r.Handle, r.PlacementPosition ?? 0, binary, line) : (Side.None, 0);
            builder.Add(line, r.Handle, r.SponsorId is { } sp ? handles[index[sp]] : null, r.JoinedOn, status != "active",
                placed ? handles[index[r.PlacementParentId!.Value]] : null, side, highest, r.CarryLeft, r.CarryRight, position);
        }
        var network = builder.Build("database members");

        var orders = new OrderBookBuilder();
        line = 1;
        var orderIds = new List<long>();
        var originals = new List<long?>();
        await foreach (var o in SnapshotReader.OrdersAsync(connection, from, to, ct))
        {
            line++;
            orderIds.Add(o.Id);
            originals.Add(o.OriginalOrderId);
            var kind = o.Kind switch { "retail" => OrderKind.Retail, "return" => OrderKind.Return, _ => OrderKind.Personal };
            // A retail order's customer by its database id: what plans that count retail customers need (issue 17).
            var customer = kind == OrderKind.Retail ? o.CustomerId?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            orders.Add(line, o.Number, o.Date, index[o.MemberId], kind, o.Pv, o.Cv, o.Amount ?? 0, o.Wholesale ?? 0, o.OriginalNumber, customer);
        }
        return new Snapshot(network, orders.Build("database orders"), new Period(from, to), [.. rows.Select(r => r.Id)], [.. orderIds], [.. originals]);
    }

    /// <summary>
    /// A stored placement position (from 0) as the engine's side: L and R (positions 0 and 1) for a plan
    /// with a binary bonus, else the numbered position of a matrix (from 1, section 9.1).
    /// </summary>
    private static (Side Side, int Position) Placed(string handle, int position, bool binary, int line)
    {
        if (!binary) return (Side.Numbered, position + 1);
        if (position is 0 or 1) return (position == 0 ? Side.Left : Side.Right, 0);
        throw new InputException([new InputError("database", line, null,
            $"member '{handle}' is at position {position + 1} of a matrix, but the plan pays a binary bonus, which places members on L and R only")]);
    }

    /// <summary>Members who joined by <paramref name="to"/>, and any sponsor or placement parent of theirs who joined later (imported histories).</summary>
    private static List<MemberRow> Joined(List<MemberRow> all, DateOnly to)
    {
        var byId = all.ToDictionary(m => m.Id);
        var keep = all.Where(m => m.JoinedOn <= to).Select(m => m.Id).ToHashSet();
        var pending = new Stack<long>(keep);
        while (pending.TryPop(out var id))
        {
            var m = byId[id];
            foreach (var up in new[] { m.SponsorId, m.PlacementParentId })
            {
                if (up is { } u && keep.Add(u)) pending.Push(u);
            }
        }
        return keep.Count == all.Count ? all : [.. all.Where(m => keep.Contains(m.Id))];
    }
}
