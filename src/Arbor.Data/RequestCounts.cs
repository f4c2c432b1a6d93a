namespace Arbor.Data;

/// <summary>
/// Requests per caller in a fixed time window, counted in the database so that every app server
/// adds to the same count: the REST API's rate limit holds for all servers together.
/// </summary>
public static class RequestCounts
{
    /// <summary>
    /// Adds <paramref name="count"/> to <paramref name="caller"/>'s count in the window that starts
    /// at <paramref name="window"/> (Unix milliseconds; a new window starts again from
    /// <paramref name="count"/>). The count after the addition, or null when the stored window is
    /// later than this one (a server whose clock is behind adds nothing).
    /// </summary>
    public static async Task<long?> AddAsync(ArborDatabase database, string caller, long window, long count, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO request_counts (caller, window_start, used) VALUES (@caller, @window, @count)
            ON CONFLICT (caller) DO UPDATE
            SET used = CASE WHEN request_counts.window_start = excluded.window_start THEN request_counts.used + excluded.used ELSE excluded.used END,
                window_start = excluded.window_start
            WHERE request_counts.window_start <= excluded.window_start
            RETURNING used
            """;
        Sql.Parameter(command, "caller", caller);
        Sql.Parameter(command, "window", window);
        Sql.Parameter(command, "count", count);
        return await command.ExecuteScalarAsync(ct) is { } used ? Convert.ToInt64(used, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
