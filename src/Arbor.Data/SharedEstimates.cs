namespace Arbor.Data;

/// <summary>
/// A lease: the right, for a while, to run a background job that only one app server should run
/// at a time. The holder renews it before it runs out; when the holder dies, another server takes
/// it once it has run out. Times are Unix milliseconds by the app servers' clocks, which must agree
/// to well within <see cref="TryHoldAsync"/>'s length.
/// </summary>
public static class Leases
{
    /// <summary>Takes or renews lease <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="length"/>; false when another holder has it and it has not run out.</summary>
    public static async Task<bool> TryHoldAsync(ArborDatabase database, string name, string holder, DateTimeOffset now, TimeSpan length, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < @now
            RETURNING holder
            """;
        Sql.Parameter(command, "name", name);
        Sql.Parameter(command, "holder", holder);
        Sql.Parameter(command, "until", (now + length).ToUnixTimeMilliseconds());
        Sql.Parameter(command, "now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(ct) is string;
    }

    /// <summary>Gives the lease up at once (a server stopping), so that another takes it without waiting for it to run out.</summary>
    public static async Task ReleaseAsync(ArborDatabase database, string name, string holder, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM leases WHERE name = @name AND holder = @holder";
        Sql.Parameter(command, "name", name);
        Sql.Parameter(command, "holder", holder);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// The open period's estimate as one server computed it, stored for all: a version that grows
/// with each store, and the estimate's bytes (what <c>OpenEstimate.WriteTo</c> wrote). Only the
/// holder of lease <see cref="Lease"/> stores.
/// </summary>
public static class SharedEstimates
{
    public const string Lease = "estimate";

    /// <summary>Stores <paramref name="data"/> if <paramref name="holder"/> still holds the lease; the new version, or null when it does not.</summary>
    public static async Task<long?> StoreAsync(ArborDatabase database, string holder, byte[] data, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO shared_estimates (id, version, holder, data)
            SELECT 1, 1, @holder, @data WHERE EXISTS (SELECT 1 FROM leases WHERE name = @lease AND holder = @holder)
            ON CONFLICT (id) DO UPDATE SET version = shared_estimates.version + 1, holder = excluded.holder, data = excluded.data
            RETURNING version
            """;
        Sql.Parameter(command, "holder", holder);
        Sql.Parameter(command, "data", data);
        Sql.Parameter(command, "lease", Lease);
        return await command.ExecuteScalarAsync(ct) is { } version and not DBNull ? Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The stored version; 0 when none is stored.</summary>
    public static async Task<long> VersionAsync(ArborDatabase database, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM shared_estimates WHERE id = 1";
        return await command.ExecuteScalarAsync(ct) is { } version and not DBNull ? Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The stored estimate's version and bytes; null when none is stored.</summary>
    public static async Task<(long Version, byte[] Data)?> ReadAsync(ArborDatabase database, CancellationToken ct = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, data FROM shared_estimates WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (reader.GetInt64(0), (byte[])reader.GetValue(1));
    }
}
