using Arbor.Core.Autoship;
using Arbor.Core.Catalog;
using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class SchemaTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Databases), MemberType = typeof(TestDatabase))]
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
    [MemberData(nameof(TestDatabase.Databases), MemberType = typeof(TestDatabase))]
    public async Task Migrate_FromThePreviousVersion_KeepsTheData(string kind)
    {
        var latest = Migrator.LatestVersion(kind == "sqlite" ? Provider.Sqlite : Provider.Postgres);
        // A database at the version before the latest, with a company's data in it.
        using var old = TestDatabase.Create(kind, version: latest - 1);
        await using (var db = old.Context())
        {
            (await new Setup.SetUpCompany(db).RunAsync(new Setup.CompanySettings("Old Co", "EUR"))).Unwrap();
        }
        await MemberTests.EnrollAsync(old, ("ROOT", null), ("A", "ROOT"));
        await using (var db = old.Context())
        {
            (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("BAR", "Bar", "", "EUR", new Price(new DateOnly(2026, 1, 1), 10m, 8m, 5m, 4m)))).Unwrap();
            (await new PlaceOrder(db).RunAsync(new OrderRequest(new DateOnly(2026, 1, 5), [new Item("BAR", 2)], MemberHandle: "A"))).Unwrap();
        }

        Assert.Equal([latest], Migrator.Migrate(old.Database));

        await using (var db = old.Context())
        {
            Assert.Equal(2, await db.Members.CountAsync());
            Assert.Equal(8m, (await db.Orders.SingleAsync()).Cv);
            // The newest version's tables work on the migrated database.
            (await new Autoships(db).SubscribeAsync(new Subscription(5, new DateOnly(2026, 2, 1), [new Item("BAR", 1)], MemberHandle: "A"))).Unwrap();
            Assert.Single((await new Autoships(db).RunAsync(new DateOnly(2026, 2, 5))).Created);
        }
    }
}
