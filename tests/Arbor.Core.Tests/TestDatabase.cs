using Arbor.Data;
using Npgsql;

namespace Arbor.Core.Tests;

/// <summary>
/// A fresh, migrated database per test, on SQLite (a temporary file) or on the PostgreSQL
/// server named by <c>ARBOR_TEST_POSTGRES</c> (a schema of its own). Every data test runs on
/// both: see <see cref="OnSqliteAttribute"/> and <see cref="OnPostgresAttribute"/>.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string PostgresVariable = "ARBOR_TEST_POSTGRES";

    /// <summary>Set on CI: without a PostgreSQL server the run fails instead of skipping half the tests.</summary>
    public const string RequireVariable = "ARBOR_REQUIRE_POSTGRES";

    private readonly string? _file;
    private readonly string? _schema;

    private TestDatabase(ArborDatabase database, string? file, string? schema)
    {
        Database = database;
        _file = file;
        _schema = schema;
    }

    public ArborDatabase Database { get; }

    /// <summary>Why the PostgreSQL rows of the data tests are skipped: no server is configured and none is required; null when they run.</summary>
    public static string? PostgresSkipReason =>
        PostgresConnection is not null || Environment.GetEnvironmentVariable(RequireVariable) == "1"
            ? null
            : $"no PostgreSQL server: set {PostgresVariable} to a connection string to run the PostgreSQL cases ({RequireVariable}=1 makes them fail without one)";

    private static string? PostgresConnection => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    /// <summary>A new empty database of <paramref name="kind"/>, migrated up to <paramref name="version"/> (default: latest).</summary>
    public static TestDatabase Create(string kind, int? version = null)
    {
        var db = kind switch
        {
            "sqlite" => CreateSqlite(),
            "postgres" => CreatePostgres(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        Migrator.Migrate(db.Database, version);
        return db;
    }

    private static TestDatabase CreateSqlite()
    {
        var dir = Path.Combine(Path.GetTempPath(), "arbor-tests");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{Guid.NewGuid():N}.db");
        return new TestDatabase(ArborDatabase.Parse($"sqlite:{file}"), file, null);
    }

    private static TestDatabase CreatePostgres()
    {
        var connection = PostgresConnection ?? throw new InvalidOperationException(
            $"{RequireVariable}=1 but {PostgresVariable} is not set: the PostgreSQL tests need a server (see .ci/run)");
        var schema = $"t_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(connection))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE SCHEMA {schema}";
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(connection) { SearchPath = schema };
        return new TestDatabase(new ArborDatabase(Provider.Postgres, builder.ToString()), null, schema);
    }

    public ArborContext Context() => Database.CreateContext();

    /// <summary>Every text cell of every table, as "table.column: text": what a search for left-over personal data reads.</summary>
    public async Task<IReadOnlyList<string>> AllTextAsync()
    {
        await using var connection = Database.CreateConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = Database.Provider == Provider.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var cells = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string text) cells.Add($"{table}.{reader.GetName(i)}: {text}");
                }
            }
        }
        return cells;
    }

    public void Dispose()
    {
        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm", _file + "-journal" })
            {
                if (File.Exists(f)) File.Delete(f);
            }
        }
        if (_schema is not null)
        {
            using var admin = new NpgsqlConnection(PostgresConnection);
            admin.Open();
            using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP SCHEMA {_schema} CASCADE";
            drop.ExecuteNonQuery();
        }
    }
}
