using Arbor.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>SQLite connections wait for a lock instead of failing: what two app servers on one SQLite file rely on.</summary>
public class SqliteLockTests
{
    [Theory, OnSqlite]
    public async Task A_write_that_returns_a_row_waits_for_a_reader_instead_of_failing(string kind)
    {
        using var t = TestDatabase.Create(kind);
        // A reader holds its shared lock (a read transaction) for half a second.
        await using var reader = (SqliteConnection)t.Database.CreateConnection();
        await reader.OpenAsync();
        var read = reader.BeginTransaction(deferred: true);
        await using (var select = reader.CreateCommand())
        {
            select.Transaction = read;
            select.CommandText = "SELECT COUNT(*) FROM leases";
            await select.ExecuteScalarAsync();
        }
        var released = Task.Delay(500).ContinueWith(_ => read.Commit(), TaskScheduler.Default);
        // An INSERT … RETURNING commits when its reader is disposed, after the row: that commit must wait too.
        var held = await Leases.TryHoldAsync(t.Database, "test", "me", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));
        await released;
        Assert.True(held);

        // EF Core's connections wait the same way.
        await using var db = t.Database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(60_000L, await pragma.ExecuteScalarAsync());
    }
}
