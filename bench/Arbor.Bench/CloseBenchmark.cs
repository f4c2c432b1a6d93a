using System.Diagnostics;
using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Bench;

/// <summary>
/// Closing a period: seeds a demo company (when the database is empty), tops its last full
/// month up to the wanted number of orders with extra member orders, then closes that month
/// end to end (read the period from the database, compute, store results, lines and ledger).
/// </summary>
internal static class CloseBenchmark
{
    public static async Task RunAsync(string db, int members, int orders)
    {
        var database = ArborDatabase.Parse(db);
        Migrator.Migrate(database);
        var until = new DateOnly(2026, 11, 24);
        var period = PeriodKey.Parse("2026-10").Unwrap();
        await using (var context = database.CreateContext())
        {
            if (await context.Periods.AnyAsync(p => p.Key == period.Key))
            {
                Console.WriteLine($"{database} has {period.Key} closed already: use an empty database");
                return;
            }
            if (!await context.Members.AnyAsync())
            {
                Console.WriteLine($"Seeding a demo company of {members:N0} members into {database} ...");
                var seed = Stopwatch.StartNew();
                (await new DemoCompany(database).SeedAsync(new DemoOptions(members, 1, until))).Unwrap();
                Console.WriteLine($"  seeded in {seed.Elapsed.TotalSeconds:F1} s");
            }
            var inPeriod = await context.Orders.CountAsync(o => o.Date >= period.From && o.Date <= period.To);
            if (inPeriod < orders) await TopUpAsync(database, context, period, orders - inPeriod);
        }

        var clock = Stopwatch.StartNew();
        var stages = new List<(string Stage, TimeSpan At)>();
        var report = (await new ClosePeriod(database, TimeProvider.System).RunAsync(period.Key, stage => stages.Add((stage, clock.Elapsed)))).Unwrap();
        var total = clock.Elapsed;
        await using var check = database.CreateContext();
        var count = await check.Orders.CountAsync(o => o.Date >= period.From && o.Date <= period.To);
        Console.WriteLine();
        Console.WriteLine($"Close benchmark: {database.Provider}, {report.Members:N0} members in the period, {count:N0} orders in {period.Key}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| stage (time since start) | at |");
        Console.WriteLine("|---|---:|");
        foreach (var (stage, at) in stages) Console.WriteLine($"| {stage} | {at.TotalMilliseconds:N0} ms |");
        Console.WriteLine($"| **close, end to end** | **{total.TotalMilliseconds:N0} ms** |");
        Console.WriteLine();
        Console.WriteLine($"{report.Lines:N0} payout lines, {report.Clawbacks:N0} clawbacks, total payout {report.TotalPayout:N2}");
    }

    /// <summary>Adds member orders of one product on random days of the period, by members who were active then.</summary>
    private static async Task TopUpAsync(ArborDatabase database, ArborContext context, PeriodKey period, int extra)
    {
        Console.WriteLine($"Adding {extra:N0} orders to {period.Key} ...");
        var random = new Random(7);
        var candidates = await context.Members.Where(m => m.Status == "active" && m.JoinedOn <= period.From).Select(m => m.Id).ToListAsync();
        var price = await context.ProductPrices.OrderBy(p => p.Id).FirstAsync();
        var nextOrder = await context.Orders.MaxAsync(o => o.Id) + 1;
        var nextLine = await context.OrderLines.MaxAsync(l => l.Id) + 1;
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        using (var ordersInsert = new BulkInsert(connection, tx, "orders", ("id", BulkType.Long), ("number", BulkType.Text), ("date", BulkType.Date), ("kind", BulkType.Text),
            ("member_id", BulkType.Long), ("pv", BulkType.Decimal), ("cv", BulkType.Decimal)))
        {
            for (var i = 0; i < extra; i++)
            {
                var date = period.From.AddDays(random.Next(period.To.DayNumber - period.From.DayNumber + 1));
                ordersInsert.Add(nextOrder + i, $"B{nextOrder + i:D9}", date, "personal", candidates[random.Next(candidates.Count)], price.Pv, price.Cv);
            }
            ordersInsert.Complete();
        }
        using (var lines = new BulkInsert(connection, tx, "order_lines", ("id", BulkType.Long), ("order_id", BulkType.Long), ("product_id", BulkType.Long), ("quantity", BulkType.Int),
            ("unit_price", BulkType.Decimal), ("unit_member_price", BulkType.Decimal), ("unit_pv", BulkType.Decimal), ("unit_cv", BulkType.Decimal)))
        {
            for (var i = 0; i < extra; i++) lines.Add(nextLine + i, nextOrder + i, price.ProductId, 1, price.MemberPrice, price.MemberPrice, price.Pv, price.Cv);
            lines.Complete();
        }
        await tx.CommitAsync();
        if (database.Provider == Provider.Postgres)
        {
            await context.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders)); SELECT setval(pg_get_serial_sequence('order_lines', 'id'), (SELECT max(id) FROM order_lines)); ANALYZE;");
        }
    }
}
