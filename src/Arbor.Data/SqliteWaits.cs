using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Arbor.Data;

/// <summary>
/// Makes every SQLite connection wait for a lock rather than fail at once. Microsoft.Data.Sqlite
/// retries a statement's steps while the database is busy, but it never sets SQLite's own busy
/// timeout, so the commit that ends a statement after its last row (an <c>INSERT … RETURNING</c>
/// read with <c>ExecuteScalar</c>: the lease, the rate-limit counter) fails with "database is
/// locked" the moment another connection is reading. <c>PRAGMA busy_timeout</c> on each opened
/// connection, ADO.NET's and EF Core's alike, has SQLite wait there too, up to the same 60 s.
/// </summary>
internal sealed class SqliteWaits : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 60000;";

    public static readonly SqliteWaits Instance = new();

    /// <summary>A new, unopened connection that sets the busy timeout when it opens.</summary>
    public static SqliteConnection Connection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += static (sender, e) =>
        {
            if (e.CurrentState == ConnectionState.Open && sender is SqliteConnection opened) Apply(opened);
        };
        return connection;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
