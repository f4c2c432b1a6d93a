using System.Data.Common;
using Npgsql;

namespace Arbor.Data;

/// <summary>A message claimed for sending.</summary>
public sealed record ClaimedMessage(long Id, string Kind, string Recipient, string Subject, string Body);

/// <summary>
/// Claims unsent outbox messages for one sender: each message is claimed by exactly one sender,
/// also with several app servers draining the outbox at once (PostgreSQL: <c>FOR UPDATE SKIP
/// LOCKED</c>; SQLite has one writer). A claimed message counts as sent.
/// </summary>
public static class OutboxStore
{
    public static async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(ArborDatabase database, DateTimeOffset now, int max, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var postgres = connection is NpgsqlConnection;
        command.CommandText = $"""
            UPDATE outbox_messages SET sent_at = @now
            WHERE id IN (SELECT id FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT {max}{(postgres ? " FOR UPDATE SKIP LOCKED" : "")})
            RETURNING id, kind, recipient, subject, body
            """;
        var p = command.CreateParameter();
        p.ParameterName = "now";
        p.Value = postgres ? now : now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture);
        command.Parameters.Add(p);
        var claimed = new List<ClaimedMessage>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) claimed.Add(new ClaimedMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return [.. claimed.OrderBy(m => m.Id)];
    }
}
