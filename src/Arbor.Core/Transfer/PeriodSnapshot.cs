using System.Data.Common;
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
/// Orders: those dated in the period, in id order.
/// </summary>
public static class PeriodSnapshot
{
    /// <exception cref="Engine.InputException">Stored data the engine refuses (an unknown rank name, say).</exception>
    public static Snapshot Load(ArborDatabase database, Plan plan, DateOnly from, DateOnly to)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        var rows = ReadMembers(connection, to);
        var statusOnEnd = StatusesOn(connection, rows, to);

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
            builder.Add(line, r.Handle, r.SponsorId is { } sp ? handles[index[sp]] : null, r.JoinedOn, status != "active",
                r.PlacementParentId is { } pp && index.ContainsKey(pp) ? handles[index[pp]] : null,
                r.PlacementParentId is null || !index.ContainsKey(r.PlacementParentId.Value) ? Side.None : r.PlacementPosition == 0 ? Side.Left : Side.Right,
                highest, r.CarryLeft, r.CarryRight);
        }
        var network = builder.Build("database members");

        var orders = new OrderBookBuilder();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.number, o.date, o.member_id, o.kind, o.pv, o.cv, o.amount, o.wholesale, COALESCE(orig.number, o.original_number), o.id, o.original_order_id
            FROM orders o LEFT JOIN orders orig ON orig.id = o.original_order_id
            WHERE o.date >= @from AND o.date <= @to
            ORDER BY o.id
            """;
        Sql.Parameter(command, "from", from);
        Sql.Parameter(command, "to", to);
        using var reader = command.ExecuteReader();
        line = 1;
        var orderIds = new List<long>();
        var originals = new List<long?>();
        while (reader.Read())
        {
            line++;
            orderIds.Add(reader.GetInt64(9));
            originals.Add(reader.IsDBNull(10) ? null : reader.GetInt64(10));
            var kind = reader.GetString(3) switch { "retail" => OrderKind.Retail, "return" => OrderKind.Return, _ => OrderKind.Personal };
            orders.Add(line, reader.GetString(0), reader.GetFieldValue<DateOnly>(1), index[reader.GetInt64(2)], kind,
                reader.GetDecimal(4), reader.GetDecimal(5),
                reader.IsDBNull(6) ? 0 : reader.GetDecimal(6), reader.IsDBNull(7) ? 0 : reader.GetDecimal(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
        }
        return new Snapshot(network, orders.Build("database orders"), new Period(from, to), [.. rows.Select(r => r.Id)], [.. orderIds], [.. originals]);
    }

    private sealed record MemberRow(long Id, string Handle, long? SponsorId, DateOnly JoinedOn, long? PlacementParentId, int? PlacementPosition,
        string Status, DateOnly StatusSince, string? HighestRank, decimal CarryLeft, decimal CarryRight);

    /// <summary>Members who joined by <paramref name="to"/>, and any sponsor or placement parent of theirs who joined later (imported histories).</summary>
    private static List<MemberRow> ReadMembers(DbConnection connection, DateOnly to)
    {
        var all = new List<MemberRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT id, handle, sponsor_id, joined_on, placement_parent_id, placement_position, status, status_since, highest_rank, carry_left, carry_right
                FROM members ORDER BY id
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                all.Add(new MemberRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.GetFieldValue<DateOnly>(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.GetString(6), reader.GetFieldValue<DateOnly>(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetDecimal(9), reader.GetDecimal(10)));
            }
        }
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

    /// <summary>For members whose current status began after <paramref name="to"/>, the status in force on <paramref name="to"/>.</summary>
    private static Dictionary<long, string> StatusesOn(DbConnection connection, List<MemberRow> rows, DateOnly to)
    {
        var changedLater = rows.Where(r => r.StatusSince > to).Select(r => r.Id).ToHashSet();
        var result = new Dictionary<long, string>();
        if (changedLater.Count == 0) return result;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT member_id, status FROM member_status_changes WHERE effective_on <= @to ORDER BY member_id, effective_on, id";
        Sql.Parameter(command, "to", to);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            if (changedLater.Contains(id)) result[id] = reader.GetString(1);
        }
        return result;
    }
}
