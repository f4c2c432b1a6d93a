using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Arbor.Data;

/// <summary>The type of a bulk column, for PostgreSQL's binary COPY.</summary>
public enum BulkType
{
    Long,
    Int,
    Text,
    Date,
    Decimal,
    Bool,
}

/// <summary>
/// Writes many rows into one table inside the caller's transaction: binary COPY on PostgreSQL,
/// one prepared INSERT reused per row on SQLite. For imports and the demo company, where EF's
/// change tracking would cost more than the rows.
/// </summary>
public sealed class BulkInsert : IDisposable
{
    private readonly NpgsqlBinaryImporter? _copy;
    private readonly SqliteCommand? _insert;
    private readonly BulkType[] _types;

    public BulkInsert(DbConnection connection, DbTransaction transaction, string table, params (string Name, BulkType Type)[] columns)
    {
        _types = [.. columns.Select(c => c.Type)];
        var names = string.Join(", ", columns.Select(c => c.Name));
        if (connection is NpgsqlConnection pg)
        {
            _copy = pg.BeginBinaryImport($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)");
            // Completing a COPY of millions of rows (index updates, foreign key checks) takes longer than a query's default 30 s.
            _copy.Timeout = TimeSpan.FromHours(1);
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            _insert = sqlite.CreateCommand();
            _insert.Transaction = (SqliteTransaction)transaction;
            _insert.CommandText = $"INSERT INTO {table} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < columns.Length; i++) _insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
            _insert.Prepare();
        }
    }

    /// <summary>Adds one row; values in column order, null for SQL NULL.</summary>
    public void Add(params object?[] values)
    {
        if (_copy is not null)
        {
            _copy.StartRow();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null) _copy.WriteNull();
                else _copy.Write(values[i]!, _types[i] switch
                {
                    BulkType.Long => NpgsqlDbType.Bigint,
                    BulkType.Int => NpgsqlDbType.Integer,
                    BulkType.Text => NpgsqlDbType.Text,
                    BulkType.Date => NpgsqlDbType.Date,
                    BulkType.Decimal => NpgsqlDbType.Numeric,
                    BulkType.Bool => NpgsqlDbType.Boolean,
                    _ => throw new ArgumentOutOfRangeException(nameof(values)),
                });
            }
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            _insert!.Parameters[i].Value = Sql.SqliteValue(values[i]);
        }
        _insert!.ExecuteNonQuery();
    }

    /// <summary>Finishes the table's rows (PostgreSQL commits the COPY stream here).</summary>
    public void Complete() => _copy?.Complete();

    public void Dispose()
    {
        _copy?.Dispose();
        _insert?.Dispose();
    }
}
