using System.Data.Common;
using Npgsql;

namespace Arbor.Data;

/// <summary>A delivery claimed for sending: the event, where it goes, and how often it was tried.</summary>
public sealed record ClaimedDelivery(long Id, string EventId, string Type, long OccurredAt, string Payload, string Url, string Secret, int Attempts);

/// <summary>
/// The webhook outbox in SQL: events written inside the transaction of the change they report
/// (<see cref="AddAsync"/>), and deliveries claimed by one app server at a time
/// (<see cref="ClaimAsync"/>: PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQLite has one writer;
/// a claim lapses after its lease, so a server that dies mid-delivery leaves it to another).
/// </summary>
public static class WebhookStore
{
    /// <summary>
    /// Writes an event and one pending delivery per active endpoint that wants its type, in the
    /// caller's transaction. The event's time is the database's clock when it was stored (the time
    /// of the change, whoever made it); its deliveries are due at once.
    /// </summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction tx, string eventId, string type, string payload, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection;
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        var now = postgres ? "(extract(epoch from clock_timestamp()) * 1000)::bigint" : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
        insert.CommandText = $"INSERT INTO webhook_events (event_id, type, occurred_at, payload) VALUES (@event, @type, {now}, @payload) RETURNING id";
        Sql.Parameter(insert, "event", eventId);
        Sql.Parameter(insert, "type", type);
        Sql.Parameter(insert, "payload", payload);
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await using var fan = connection.CreateCommand();
        fan.Transaction = tx;
        fan.CommandText = """
            INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, next_attempt_at)
            SELECT @id, id, 'pending', 0, 0 FROM webhook_endpoints
            WHERE active = @active AND (events = '*' OR ',' || events || ',' LIKE '%,' || @type || ',%')
            """;
        Sql.Parameter(fan, "id", id);
        Sql.Parameter(fan, "active", true);
        Sql.Parameter(fan, "type", type);
        await fan.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Claims up to <paramref name="max"/> due deliveries for <paramref name="holder"/> until <paramref name="until"/>.</summary>
    public static async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ArborDatabase database, string holder, long now, long until, int max, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        var postgres = connection is NpgsqlConnection;
        // A read first: most seconds nothing is due, and an UPDATE would take SQLite's one write lock for nothing.
        await using (var due = connection.CreateCommand())
        {
            due.CommandText = "SELECT 1 FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now) LIMIT 1";
            Sql.Parameter(due, "now", now);
            if (await due.ExecuteScalarAsync(ct) is null) return [];
        }
        await using (var claim = connection.CreateCommand())
        {
            claim.CommandText = $"""
                UPDATE webhook_deliveries SET claimed_by = @holder, claimed_until = @until
                WHERE id IN (SELECT id FROM webhook_deliveries
                             WHERE state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                             ORDER BY id LIMIT {max}{(postgres ? " FOR UPDATE SKIP LOCKED" : "")})
                """;
            Sql.Parameter(claim, "holder", holder);
            Sql.Parameter(claim, "until", until);
            Sql.Parameter(claim, "now", now);
            if (await claim.ExecuteNonQueryAsync(ct) == 0) return [];
        }
        await using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT d.id, e.event_id, e.type, e.occurred_at, e.payload, p.url, p.secret, d.attempts
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints p ON p.id = d.endpoint_id
            WHERE d.claimed_by = @holder AND d.claimed_until = @until AND d.state = 'pending' ORDER BY d.id
            """;
        Sql.Parameter(read, "holder", holder);
        Sql.Parameter(read, "until", until);
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7)));
        }
        return claimed;
    }

    /// <summary>Records an attempt: delivered, or due again at <paramref name="next"/> (failed for good when null).</summary>
    public static async Task AttemptedAsync(ArborDatabase database, long id, string holder, bool delivered, int? status, string? error, long now, long? next, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = @status, last_error = @error, claimed_by = NULL, claimed_until = NULL,
                state = @state, delivered_at = @delivered, next_attempt_at = COALESCE(@next, next_attempt_at)
            WHERE id = @id AND claimed_by = @holder
            """;
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "holder", holder);
        Sql.Parameter(command, "status", status);
        Sql.Parameter(command, "error", error);
        Sql.Parameter(command, "state", delivered ? "delivered" : next is null ? "failed" : "pending");
        Sql.Parameter(command, "delivered", delivered ? now : null);
        Sql.Parameter(command, "next", next);
        await command.ExecuteNonQueryAsync(ct);
    }
}
