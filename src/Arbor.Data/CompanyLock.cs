using System.Data.Common;
using Npgsql;

namespace Arbor.Data;

/// <summary>
/// The company-wide write lock: closes, postings, orders, returns, enrollments and sponsor changes
/// take it as the first statement of their transaction, so a close sees no order, return or tree
/// change land in the period it is storing, and postings never interleave. PostgreSQL: a row lock
/// on the company row; SQLite: the database's write lock (taken before any read, so SQLite never
/// has to upgrade a read lock while another writer waits).
/// </summary>
public static class CompanyLock
{
    public static async Task TakeAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = connection is NpgsqlConnection ? "SELECT id FROM company WHERE id = 1 FOR UPDATE" : "UPDATE company SET id = id WHERE id = 1";
        await command.ExecuteNonQueryAsync(ct);
    }
}
