using System.Data.Common;
using Npgsql;

namespace Arbor.Data;

/// <summary>
/// The company-wide write lock: closes, postings, orders, returns, enrollments and sponsor changes
/// take it as the first statement of their transaction, so a close sees no order, return or tree
/// change land in the period it is storing, and postings never interleave. PostgreSQL: a row lock
/// on the company row; SQLite: the database's write lock (taken before any read, so SQLite never
/// has to upgrade a read lock while another writer waits).
/// <para>
/// New orders need only that no close runs, not that no other order is placed: they take the lock
/// <c>shared</c> (PostgreSQL: <c>FOR SHARE</c>), so orders from many clients and
/// servers are stored side by side while a close (<c>FOR UPDATE</c>) still waits for all of them
/// and holds new ones back. SQLite has one writer at a time whatever is asked.
/// </para>
/// </summary>
public static class CompanyLock
{
    public static async Task TakeAsync(DbConnection connection, DbTransaction tx, CancellationToken ct, bool shared = false)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = connection is NpgsqlConnection
            ? $"SELECT id FROM company WHERE id = 1 FOR {(shared ? "SHARE" : "UPDATE")}"
            : "UPDATE company SET id = id WHERE id = 1";
        await command.ExecuteNonQueryAsync(ct);
    }
}
