namespace Arbor.Data;

/// <summary>
/// A back-office close as stored: its stages so far, whether it ended, and its report (JSON) or
/// problem. <see cref="Alive"/>: ended, or its holder still holds the <see cref="CloseJobStore.Lease"/>
/// lease; a close that is neither was cut off with its server (its transaction stored nothing).
/// </summary>
public sealed record StoredCloseJob(long Id, string Period, string Actor, string Holder, DateTimeOffset Started, IReadOnlyList<string> Stages, bool Done, string? Report, string? Problem, bool Alive);

/// <summary>The back office's period closes, shared by every app server (table <c>close_jobs</c>).</summary>
public static class CloseJobStore
{
    /// <summary>The lease a running close holds: one close at a time across servers.</summary>
    public const string Lease = "close";

    public static async Task<long> AddAsync(ArborDatabase database, string period, string actor, string holder, DateTimeOffset started, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO close_jobs (period, actor, holder, started_at, stages, done) VALUES (@period, @actor, @holder, @started, '', 0)
            RETURNING id
            """;
        Sql.Parameter(command, "period", period);
        Sql.Parameter(command, "actor", actor);
        Sql.Parameter(command, "holder", holder);
        Sql.Parameter(command, "started", started.ToUnixTimeMilliseconds());
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Records the stages passed so far (all of them, in order) and, when <paramref name="done"/>, the end.</summary>
    public static async Task SaveAsync(ArborDatabase database, long id, IReadOnlyList<string> stages, bool done, string? report, string? problem, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE close_jobs SET stages = @stages, done = @done, report = @report, problem = @problem WHERE id = @id";
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "stages", string.Join('\n', stages));
        Sql.Parameter(command, "done", done ? 1 : 0);
        Sql.Parameter(command, "report", report);
        Sql.Parameter(command, "problem", problem);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The last close started, on any server; null before the first.</summary>
    public static async Task<StoredCloseJob?> LatestAsync(ArborDatabase database, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT j.id, j.period, j.actor, j.holder, j.started_at, j.stages, j.done, j.report, j.problem,
                   CASE WHEN l.expires_at >= @now THEN 1 ELSE 0 END
            FROM close_jobs j LEFT JOIN leases l ON l.name = @lease AND l.holder = j.holder
            ORDER BY j.id DESC LIMIT 1
            """;
        Sql.Parameter(command, "now", now.ToUnixTimeMilliseconds());
        Sql.Parameter(command, "lease", Lease);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var done = Convert.ToInt64(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture) == 1;
        var held = Convert.ToInt64(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture) == 1;
        var stages = reader.GetString(5);
        return new StoredCloseJob(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), stages.Length == 0 ? [] : stages.Split('\n'),
            done, reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), done || held);
    }
}
