using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Arbor.Data;

/// <summary>A member as a period's snapshot reads it.</summary>
public sealed record MemberRow(long Id, string Handle, long? SponsorId, DateOnly JoinedOn, long? PlacementParentId, int? PlacementPosition,
    string Status, DateOnly StatusSince, string? HighestRank, decimal CarryLeft, decimal CarryRight);

/// <summary>An order as a period's snapshot reads it; <see cref="OriginalNumber"/> is the original's number (a return's), stored or imported.</summary>
/// <see cref="CustomerId"/> is the retail customer's id (retail orders; null on others).
public sealed record OrderRow(long Id, string Number, DateOnly Date, long MemberId, string Kind, decimal Pv, decimal Cv, decimal? Amount, decimal? Wholesale,
    string? OriginalNumber, long? OriginalOrderId, long? CustomerId);

/// <summary>The reads of a period's snapshot: plain ADO.NET, no tracking, in id order, on either database.</summary>
public static class SnapshotReader
{
    /// <summary>Every member, in id order.</summary>
    public static async Task<List<MemberRow>> MembersAsync(DbConnection connection, CancellationToken ct)
    {
        var all = new List<MemberRow>();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, handle, sponsor_id, joined_on, placement_parent_id, placement_position, status, status_since, highest_rank, carry_left, carry_right
            FROM members ORDER BY id
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            all.Add(new MemberRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.GetFieldValue<DateOnly>(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetFieldValue<DateOnly>(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetDecimal(9), reader.GetDecimal(10)));
        }
        return all;
    }

    /// <summary>For each of <paramref name="memberIds"/>, the last status that took effect by <paramref name="on"/> (members with none are left out).</summary>
    public static async Task<Dictionary<long, string>> StatusesOnAsync(DbConnection connection, IReadOnlySet<long> memberIds, DateOnly on, CancellationToken ct)
    {
        var result = new Dictionary<long, string>();
        if (memberIds.Count == 0) return result;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT member_id, status FROM member_status_changes WHERE effective_on <= @to ORDER BY member_id, effective_on, id";
        Sql.Parameter(command, "to", on);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            if (memberIds.Contains(id)) result[id] = reader.GetString(1);
        }
        return result;
    }

    /// <summary>The orders dated from <paramref name="from"/> to <paramref name="to"/>, in id order.</summary>
    public static async IAsyncEnumerable<OrderRow> OrdersAsync(DbConnection connection, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.number, o.date, o.member_id, o.kind, o.pv, o.cv, o.amount, o.wholesale, COALESCE(orig.number, o.original_number), o.original_order_id, o.customer_id
            FROM orders o LEFT JOIN orders orig ON orig.id = o.original_order_id
            WHERE o.date >= @from AND o.date <= @to
            ORDER BY o.id
            """;
        Sql.Parameter(command, "from", from);
        Sql.Parameter(command, "to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new OrderRow(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetInt64(11));
        }
    }
}
