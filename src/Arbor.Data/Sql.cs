using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Arbor.Data;

/// <summary>
/// Raw SQL on either database, for the bulk and locking paths EF does not cover. Values are
/// bound the way the schema stores them: on SQLite dates as ISO text and decimals as text with
/// their own scale (SQLite's numeric affinity would make them floating point), booleans as 0/1;
/// on PostgreSQL as the native types.
/// </summary>
internal static class Sql
{
    /// <summary>A value as a parameter of <paramref name="command"/>'s database.</summary>
    public static object Value(DbCommand command, object? value) => command is SqliteCommand ? SqliteValue(value) : value ?? DBNull.Value;

    internal static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        var v => v,
    };

    /// <summary>Adds a parameter (<c>@name</c> in the SQL).</summary>
    public static void Parameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = Value(command, value);
        command.Parameters.Add(p);
    }

    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first column of the first row as a 64-bit integer (counts, ids).</summary>
    public static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
