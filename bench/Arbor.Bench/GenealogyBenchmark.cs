using System.Diagnostics;
using Arbor.Core.Demo;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Bench;

/// <summary>
/// Genealogy queries on a demo company: seeds one of the given size when the database is empty,
/// then times each query five times (the first run reads from disk, the median is the steady state).
/// </summary>
internal static class GenealogyBenchmark
{
    public static async Task RunAsync(string db, int members)
    {
        var database = ArborDatabase.Parse(db);
        Migrator.Migrate(database);
        await using (var context = database.CreateContext())
        {
            if (!await context.Members.AnyAsync())
            {
                Console.WriteLine($"Seeding a demo company of {members:N0} members into {database} ...");
                var seed = Stopwatch.StartNew();
                (await new DemoCompany(database).SeedAsync(new DemoOptions(members, 1, new DateOnly(2026, 11, 24)), new Progress<string>(Console.WriteLine))).Unwrap();
                Console.WriteLine($"  seeded in {seed.Elapsed.TotalSeconds:F1} s");
            }
        }
        await using var ctx = database.CreateContext();
        if (database.Provider == Provider.Postgres) await ctx.Database.ExecuteSqlRawAsync("ANALYZE members; ANALYZE orders;");
        var count = await ctx.Members.CountAsync();
        var root = await ctx.Members.OrderBy(m => m.Id).FirstAsync();
        var deepest = await ctx.Members.OrderByDescending(m => m.Depth).FirstAsync();
        var biggestLegHead = (await ctx.Members.Where(m => m.SponsorId == root.Id).Select(m => m.Handle).ToListAsync()).First();
        var q = new GenealogyQueries(ctx);
        var (from, to) = (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31));

        Console.WriteLine();
        Console.WriteLine($"Genealogy benchmark: {count:N0} members on {database.Provider}, sponsor tree {deepest.Depth} levels deep, {Environment.ProcessorCount} cores");
        Console.WriteLine("| query | first run | median of 5 | rows |");
        Console.WriteLine("|---|---:|---:|---:|");
        await Time("downline counts per level of the root", async () => (await q.CountsPerLevelAsync(root.Handle)).Unwrap().Count);
        await Time("downline page (root, 3 levels, page 100 of 50)", async () => (await q.DownlineAsync(root.Handle, 3, 100, 50)).Unwrap().Count);
        await Time($"upline of the deepest member ({deepest.Depth} levels)", async () => (await q.UplineAsync(deepest.Handle)).Unwrap().Count);
        await Time($"counts per level of a frontline member ({biggestLegHead})", async () => (await q.CountsPerLevelAsync(biggestLegHead)).Unwrap().Count);
        await Time("legs of the root: size and PV for a month", async () => (await q.LegsAsync(root.Handle, from, to)).Unwrap().Count);
    }

    private static async Task Time(string name, Func<Task<int>> query)
    {
        var times = new List<double>();
        var rows = 0;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            rows = await query();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        var median = times.Order().ElementAt(2);
        Console.WriteLine($"| {name} | {times[0]:N0} ms | {median:N0} ms | {rows:N0} |");
    }
}
