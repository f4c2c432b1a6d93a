using System.Globalization;

namespace Arbor.Data;

/// <summary>
/// A back-office simulation as stored (<see cref="SimulationStore"/>). <see cref="Alive"/>: ended,
/// or its holder still holds the <see cref="SimulationStore.Lease"/> lease; one that is neither was
/// cut off with its server.
/// </summary>
public sealed record StoredSimulation(
    long Id, string Actor, string Holder, DateTimeOffset Started, DateTimeOffset? Ended, string Title, int Months, int Runs, int Seed, string Scenario,
    int RunsDone, bool StopRequested, bool Done, string? Summary, string? Problem, bool Alive);

/// <summary>The back office's plan simulations and their report files, shared by every app server (tables <c>simulations</c>, <c>simulation_files</c>).</summary>
public static class SimulationStore
{
    /// <summary>The lease a running simulation holds: one at a time across servers (a simulation takes the cores it is given for minutes).</summary>
    public const string Lease = "simulation";

    public static async Task<long> AddAsync(ArborDatabase database, string actor, string holder, DateTimeOffset started, string title, int months, int runs, int seed,
        string scenario, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO simulations (actor, holder, started_at, title, months, runs, seed, scenario, runs_done, stop_requested, done)
            VALUES (@actor, @holder, @started, @title, @months, @runs, @seed, @scenario, 0, 0, 0)
            RETURNING id
            """;
        Sql.Parameter(command, "actor", actor);
        Sql.Parameter(command, "holder", holder);
        Sql.Parameter(command, "started", started.ToUnixTimeMilliseconds());
        Sql.Parameter(command, "title", title);
        Sql.Parameter(command, "months", months);
        Sql.Parameter(command, "runs", runs);
        Sql.Parameter(command, "seed", seed);
        Sql.Parameter(command, "scenario", scenario);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Records the runs done so far; whether someone asked the simulation to stop.</summary>
    public static async Task<bool> ProgressAsync(ArborDatabase database, long id, int runsDone, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE simulations SET runs_done = @done WHERE id = @id RETURNING stop_requested";
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "done", runsDone);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Asks a running simulation to stop (its server does at its next heartbeat); false when there is none such.</summary>
    public static async Task<bool> RequestStopAsync(ArborDatabase database, long id, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE simulations SET stop_requested = 1 WHERE id = @id AND done = 0";
        Sql.Parameter(command, "id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Stores how the simulation ended: its summary and files, or why it has none; all or nothing.</summary>
    public static async Task FinishAsync(ArborDatabase database, long id, DateTimeOffset ended, int runsDone, string? summary, string? problem,
        IReadOnlyList<(string Name, string Content)> files, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var (name, content) in files)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO simulation_files (simulation_id, name, content) VALUES (@id, @name, @content)";
            Sql.Parameter(insert, "id", id);
            Sql.Parameter(insert, "name", name);
            Sql.Parameter(insert, "content", content);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "UPDATE simulations SET done = 1, ended_at = @ended, runs_done = @done, summary = @summary, problem = @problem WHERE id = @id";
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "ended", ended.ToUnixTimeMilliseconds());
        Sql.Parameter(command, "done", runsDone);
        Sql.Parameter(command, "summary", summary);
        Sql.Parameter(command, "problem", problem);
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The latest simulations started, newest first, on any server.</summary>
    public static async Task<IReadOnlyList<StoredSimulation>> LatestAsync(ArborDatabase database, DateTimeOffset now, int count, CancellationToken ct = default) =>
        await QueryAsync(database, now, "ORDER BY s.id DESC LIMIT @count", ("count", count), ct);

    public static async Task<StoredSimulation?> FindAsync(ArborDatabase database, long id, DateTimeOffset now, CancellationToken ct = default) =>
        (await QueryAsync(database, now, "WHERE s.id = @id", ("id", id), ct)).SingleOrDefault();

    /// <summary>One of a simulation's files; null when it has no such file (yet).</summary>
    public static async Task<string?> FileAsync(ArborDatabase database, long id, string name, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content FROM simulation_files WHERE simulation_id = @id AND name = @name";
        Sql.Parameter(command, "id", id);
        Sql.Parameter(command, "name", name);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static async Task<List<StoredSimulation>> QueryAsync(ArborDatabase database, DateTimeOffset now, string tail, (string Name, object Value) parameter, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.id, s.actor, s.holder, s.started_at, s.ended_at, s.title, s.months, s.runs, s.seed, s.scenario, s.runs_done, s.stop_requested, s.done,
                   s.summary, s.problem, CASE WHEN l.expires_at >= @now THEN 1 ELSE 0 END
            FROM simulations s LEFT JOIN leases l ON l.name = @lease AND l.holder = s.holder
            {tail}
            """;
        Sql.Parameter(command, "now", now.ToUnixTimeMilliseconds());
        Sql.Parameter(command, "lease", Lease);
        Sql.Parameter(command, parameter.Name, parameter.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new List<StoredSimulation>();
        while (await reader.ReadAsync(ct))
        {
            long Long(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var done = Long(12) == 1;
            found.Add(new StoredSimulation(Long(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(Long(3)),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Long(4)), reader.GetString(5), (int)Long(6), (int)Long(7), (int)Long(8),
                reader.GetString(9), (int)Long(10), Long(11) == 1, done, Text(13), Text(14), done || Long(15) == 1));
        }
        return found;
    }
}
