using Arbor.Core.Autoship;
using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class SchemaTests
{
    [Theory]
    [OnSqlite, OnPostgres]
    public void Migrate_FromEmpty_AppliesEveryVersionOnce(string kind)
    {
        using var t = TestDatabase.Create(kind, version: 0);
        var versions = Migrator.Scripts(t.Database.Provider).Select(s => s.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.Equal(versions, Migrator.Migrate(t.Database));
        Assert.Empty(Migrator.Migrate(t.Database));
        Assert.Equal(versions, Migrator.AppliedVersions(t.Database));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Migrate_FromThePreviousVersion_KeepsTheData(string kind)
    {
        var latest = Migrator.LatestVersion(kind == "sqlite" ? Provider.Sqlite : Provider.Postgres);
        // A database at the version before the latest, with a company's data in it, written as that version's SQL.
        using var old = TestDatabase.Create(kind, version: latest - 1);
        await using (var connection = old.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            var t = kind == "sqlite" ? "1" : "true";
            insert.CommandText = $"""
                INSERT INTO company (id, name, currency, placement, binary_default, matrix_width, matrix_depth) VALUES (1, 'Old Co', 'EUR', 'none', 'weaker_leg', 3, 7);
                INSERT INTO members (id, handle, email, name, country, language, joined_on, sponsor_id, path, depth, status, status_since)
                    VALUES (1, 'ROOT', 'root@example.com', 'Root', 'DE', 'de', '2026-01-01', NULL, '1/', 0, 'active', '2026-01-01'),
                           (2, 'A', 'a@example.com', 'A', 'DE', 'de', '2026-01-01', 1, '1/2/', 1, 'active', '2026-01-01');
                INSERT INTO products (id, sku, name, description, currency, active) VALUES (1, 'BAR', 'Bar', '', 'EUR', {t});
                INSERT INTO product_prices (product_id, effective_from, retail_price, member_price, pv, cv) VALUES (1, '2026-01-01', '10', '8', '5', '4');
                INSERT INTO orders (id, number, date, kind, member_id, pv, cv) VALUES (1, 'O1', '2026-01-05', 'personal', 2, '10', '8');
                """;
            await insert.ExecuteNonQueryAsync();
        }
        if (kind == "postgres")
        {
            await using var connection = old.Database.CreateConnection();
            await connection.OpenAsync();
            await using var sequences = connection.CreateCommand();
            sequences.CommandText = "SELECT setval(pg_get_serial_sequence('members', 'id'), 2); SELECT setval(pg_get_serial_sequence('orders', 'id'), 1); SELECT setval(pg_get_serial_sequence('products', 'id'), 1);";
            await sequences.ExecuteNonQueryAsync();
        }

        Assert.Equal([latest], Migrator.Migrate(old.Database));

        await using (var db = old.Context())
        {
            Assert.Equal(2, await db.Members.CountAsync());
            Assert.Equal(8m, (await db.Orders.SingleAsync()).Cv);
            Assert.Equal("Old Co", (await db.Company.SingleAsync()).Name);
            // The newest version's tables work on the migrated database.
            (await new Autoships(db).SubscribeAsync(new Subscription(5, new DateOnly(2026, 2, 1), [new Item("BAR", 1)], MemberHandle: "A"))).Unwrap();
            Assert.Single((await new Autoships(db).RunAsync(new DateOnly(2026, 2, 5))).Created);
        }
    }
}
