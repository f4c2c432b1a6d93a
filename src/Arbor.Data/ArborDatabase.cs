using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Arbor.Data;

/// <summary>The two databases Arbor runs on.</summary>
public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where Arbor's data lives, from <c>--db</c> or <c>ARBOR_DB</c>: <c>sqlite:PATH</c> (the
/// zero-setup default is <c>sqlite:arbor.db</c> in the working folder), or a PostgreSQL
/// connection string (<c>Host=…;Database=…</c>, or <c>postgres://user:password@host:port/db</c>).
/// </summary>
public sealed record ArborDatabase(Provider Provider, string ConnectionString)
{
    public const string Default = "sqlite:arbor.db";
    public const string EnvironmentVariable = "ARBOR_DB";

    /// <summary>Reads <paramref name="value"/>, else <c>ARBOR_DB</c>, else the default.</summary>
    public static ArborDatabase Resolve(string? value) =>
        Parse(string.IsNullOrWhiteSpace(value) ? Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : Default : value);

    /// <summary>Parses a <c>--db</c> value; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static ArborDatabase Parse(string value)
    {
        if (value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["sqlite:".Length..];
            if (path.Length == 0) throw new ArgumentException("--db sqlite: needs a file name, like sqlite:arbor.db");
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 };
            return new ArborDatabase(Provider.Sqlite, builder.ToString());
        }
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"--db '{Redacted(value)}': not a valid postgres:// URL (postgres://user:password@host:port/database)");
            }
            var userInfo = uri.UserInfo.Split(':', 2);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
                Username = userInfo.Length > 0 && userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null,
                Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
            };
            // Query parameters are connection settings: ?sslmode=require, ?Timeout=30, ...
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                var key = Uri.UnescapeDataString(kv[0]);
                try
                {
                    builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"--db: unknown or invalid connection setting '{key}': {e.Message}", e);
                }
            }
            return new ArborDatabase(Provider.Postgres, builder.ToString());
        }
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new ArborDatabase(Provider.Postgres, new NpgsqlConnectionStringBuilder(value).ToString());
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--db: not a PostgreSQL connection string: {e.Message}", e);
            }
        }
        throw new ArgumentException($"--db '{value}': use sqlite:FILE or a PostgreSQL connection string (Host=...;Database=...)");
    }

    private static string Redacted(string url) => url.Contains('@', StringComparison.Ordinal) ? "postgres://…@" + url[(url.LastIndexOf('@') + 1)..] : url;

    /// <summary>A new EF Core context on this database.</summary>
    public ArborContext CreateContext() => new(Options.GetOrAdd(this, static d =>
    {
        var options = new DbContextOptionsBuilder<ArborContext>();
        if (d.Provider == Provider.Sqlite) options.UseSqlite(d.ConnectionString).AddInterceptors(SqliteWaits.Instance);
        else options.UseNpgsql(d.ConnectionString);
        return options.Options;
    }), this);

    // Built once per database: a web server makes several contexts per request.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ArborDatabase, DbContextOptions<ArborContext>> Options = new();

    /// <summary>A new, unopened ADO.NET connection, for bulk paths.</summary>
    public DbConnection CreateConnection() => Provider == Provider.Sqlite ? SqliteWaits.Connection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    /// <summary>Describes the database without its password.</summary>
    public override string ToString() => Provider == Provider.Sqlite
        ? $"sqlite:{new SqliteConnectionStringBuilder(ConnectionString).DataSource}"
        : $"postgres:{new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }}";
}
