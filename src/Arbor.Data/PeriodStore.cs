using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Arbor.Data;

/// <summary>A closed period's row, as the close writes it.</summary>
public sealed record PeriodRow(string Key, DateOnly From, DateOnly To, long PlanId, DateTimeOffset ClosedAt, decimal TotalCv, decimal TotalPayout);

/// <summary>A member's standing after a close: what the next period reads as its input.</summary>
public sealed record MemberStanding(long MemberId, string? HighestRank, decimal CarryLeft, decimal CarryRight);

/// <summary>The close's writes that are not bulk rows, inside the close's transaction, on either database.</summary>
public static class PeriodStore
{
    /// <summary>True when the period <paramref name="key"/> has a row (is closed or paid).</summary>
    public static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction tx, string key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT count(*) FROM periods WHERE key = @key";
        Sql.Parameter(command, "key", key);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Inserts the period's row (state <c>closed</c>); returns its id.</summary>
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction tx, PeriodRow period, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO periods (key, starts_on, ends_on, state, plan_id, closed_at, total_cv, total_payout, tree_kept)
            VALUES (@key, @from, @to, 'closed', @plan, @at, @cv, @payout, @kept) RETURNING id
            """;
        Sql.Parameter(command, "key", period.Key);
        Sql.Parameter(command, "from", period.From);
        Sql.Parameter(command, "to", period.To);
        Sql.Parameter(command, "plan", period.PlanId);
        Sql.Parameter(command, "at", period.ClosedAt);
        Sql.Parameter(command, "cv", period.TotalCv);
        Sql.Parameter(command, "payout", period.TotalPayout);
        Sql.Parameter(command, "kept", true);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes the members' new highest ranks and carries. PostgreSQL: one COPY into a temporary
    /// table and one joined UPDATE; SQLite: one prepared UPDATE per member (in-process, cheap).
    /// </summary>
    public static async Task UpdateStandingAsync(DbConnection connection, DbTransaction tx, IReadOnlyCollection<MemberStanding> members, CancellationToken ct)
    {
        if (members.Count == 0) return;
        if (connection is NpgsqlConnection)
        {
            await Sql.ExecuteAsync(connection, tx, "CREATE TEMP TABLE member_standing (id bigint, highest_rank text, carry_left numeric, carry_right numeric) ON COMMIT DROP", ct);
            using (var rows = new BulkInsert(connection, tx, "member_standing", ("id", BulkType.Long), ("highest_rank", BulkType.Text), ("carry_left", BulkType.Decimal), ("carry_right", BulkType.Decimal)))
            {
                foreach (var m in members) rows.Add(m.MemberId, m.HighestRank, m.CarryLeft, m.CarryRight);
                rows.Complete();
            }
            await Sql.ExecuteAsync(connection, tx, """
                UPDATE members m SET highest_rank = s.highest_rank, carry_left = s.carry_left, carry_right = s.carry_right
                FROM member_standing s WHERE m.id = s.id
                """, ct);
            return;
        }
        await using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE members SET highest_rank = $rank, carry_left = $left, carry_right = $right WHERE id = $id";
        var parameters = new[] { "$rank", "$left", "$right", "$id" }.Select(n => { var p = update.CreateParameter(); p.ParameterName = n; update.Parameters.Add(p); return p; }).ToArray();
        foreach (var m in members)
        {
            parameters[0].Value = (object?)m.HighestRank ?? DBNull.Value;
            parameters[1].Value = Sql.Value(update, m.CarryLeft);
            parameters[2].Value = Sql.Value(update, m.CarryRight);
            parameters[3].Value = m.MemberId;
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The next ledger transaction id (the caller holds the company lock, so no other posting takes it).</summary>
    public static Task<long> NextLedgerTransactionAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        Sql.ScalarAsync(connection, tx, "SELECT COALESCE(MAX(transaction_id), 0) + 1 FROM ledger_entries", ct);
}

/// <summary>The approvals of four-eyes steps, where a step's own transaction settles them.</summary>
public static class ApprovalStore
{
    /// <summary>Marks a pending approval approved inside the step's transaction; false when it is no longer pending (rejected or prepared again meanwhile).</summary>
    public static async Task<bool> ApproveAsync(DbConnection connection, DbTransaction tx, long id, string by, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "UPDATE approvals SET state = 'approved', decided_by = @by, decided_at = @at WHERE id = @id AND state = 'pending'";
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "by", by);
        Sql.Parameter(command, "at", at);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }
}
