using System.Data.Common;

namespace Arbor.Data;

/// <summary>The statements a bulk load (import, the demo company) needs besides its rows, on either database.</summary>
public static class BulkLoad
{
    /// <summary>True when any of <paramref name="tables"/> holds a row.</summary>
    public static async Task<bool> AnyRowsAsync(DbConnection connection, DbTransaction tx, IEnumerable<Table> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            if (await Sql.ScalarAsync(connection, tx, $"SELECT count(*) FROM {Name(table)}", ct) > 0) return true;
        }
        return false;
    }

    /// <summary>
    /// After rows were written with their own ids: PostgreSQL's id sequences continue after the
    /// largest id (SQLite's rowids need nothing).
    /// </summary>
    public static async Task CatchUpIdsAsync(DbConnection connection, DbTransaction tx, IEnumerable<Table> tables, CancellationToken ct)
    {
        if (connection is not Npgsql.NpgsqlConnection) return;
        var names = tables.Select(Name).ToList();
        if (names.Count == 0) return;
        await Sql.ExecuteAsync(connection, tx, string.Join("\n", names.Select(t => $"SELECT setval(pg_get_serial_sequence('{t}', 'id'), GREATEST((SELECT max(id) FROM {t}), 1));")), ct);
    }

    /// <summary>Places member <paramref name="memberId"/> under <paramref name="parentId"/> (position 0 left, 1 right), for members whose parent was written after them.</summary>
    public static async Task PlaceAsync(DbConnection connection, DbTransaction tx, long memberId, long parentId, int position, CancellationToken ct)
    {
        await using var link = connection.CreateCommand();
        link.Transaction = tx;
        link.CommandText = "UPDATE members SET placement_parent_id = @parent, placement_position = @position WHERE id = @id";
        Sql.Parameter(link, "parent", parentId);
        Sql.Parameter(link, "position", position);
        Sql.Parameter(link, "id", memberId);
        await link.ExecuteNonQueryAsync(ct);
    }

    private static string Name(Table table) => table switch
    {
        Table.Company => "company",
        Table.Members => "members",
        Table.MemberStatusChanges => "member_status_changes",
        Table.Customers => "customers",
        Table.Products => "products",
        Table.ProductPrices => "product_prices",
        Table.Orders => "orders",
        Table.OrderLines => "order_lines",
        Table.Autoships => "autoships",
        Table.AutoshipItems => "autoship_items",
        Table.Plans => "plans",
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };
}

/// <summary>The tables a bulk load names.</summary>
public enum Table
{
    Company,
    Members,
    MemberStatusChanges,
    Customers,
    Products,
    ProductPrices,
    Orders,
    OrderLines,
    Autoships,
    AutoshipItems,
    Plans,
}
