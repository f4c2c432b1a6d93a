using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Arbor.Data;

/// <summary>
/// Applies the hand-written schema scripts (<c>Migrations/{Sqlite,Postgres}/NNNN_name.sql</c>,
/// embedded in this assembly) that a database has not seen yet, each in its own transaction
/// together with its row in <c>schema_versions</c>. Runs at start-up; safe to run twice.
/// </summary>
public static class Migrator
{
    /// <summary>A schema script: its version number, name and SQL.</summary>
    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>The scripts of <paramref name="provider"/>, in version order.</summary>
    public static IReadOnlyList<Script> Scripts(Provider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(s => s.Version)];
    }

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion(Provider provider) => Scripts(provider)[^1].Version;

    /// <summary>Brings the database up to <paramref name="upTo"/> (default: the latest); returns the versions applied.</summary>
    public static IReadOnlyList<int> Migrate(ArborDatabase database, int? upTo = null)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_versions (version integer PRIMARY KEY, name text NOT NULL)");
        var applied = new HashSet<int>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT version FROM schema_versions";
            using var reader = command.ExecuteReader();
            while (reader.Read()) applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }
        var done = new List<int>();
        foreach (var script in Scripts(database.Provider))
        {
            if (applied.Contains(script.Version) || script.Version > (upTo ?? int.MaxValue)) continue;
            using var transaction = connection.BeginTransaction();
            // Two processes starting on one database: the second waits here, then finds the version applied.
            Execute(connection, transaction, database.Provider == Provider.Postgres
                ? "SELECT pg_advisory_xact_lock(72541)"
                : "DELETE FROM schema_versions WHERE version < 0");
            using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = $"SELECT count(*) FROM schema_versions WHERE version = {script.Version}";
                if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) continue;
            }
            Execute(connection, transaction, script.Sql);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = $"INSERT INTO schema_versions (version, name) VALUES ({script.Version}, '{script.Name}')";
                record.ExecuteNonQuery();
            }
            transaction.Commit();
            done.Add(script.Version);
        }
        return done;
    }

    /// <summary>The versions a database has applied.</summary>
    public static IReadOnlyList<int> AppliedVersions(ArborDatabase database)
    {
        using var connection = database.CreateConnection();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_versions ORDER BY version";
        var versions = new List<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) versions.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        return versions;
    }

    private static Script Load(Assembly assembly, string resource, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName.AsSpan(0, underscore), CultureInfo.InvariantCulture);
        return new Script(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
