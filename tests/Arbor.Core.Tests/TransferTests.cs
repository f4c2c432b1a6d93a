using System.Globalization;
using Arbor.Core.Periods;
using Arbor.Core.Transfer;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class TransferTests
{
    public static TheoryData<string> Examples() => ["hybrid", "stairstep-9", "generated-250", "v2-cycles", "matrix-3wide"];

    internal static string ExamplesRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples");
    }

    internal static (DateOnly From, DateOnly To) PeriodOf(string folder)
    {
        var p = File.ReadAllText(Path.Combine(folder, "period.txt")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        return (DateOnly.Parse(p[0], CultureInfo.InvariantCulture), DateOnly.Parse(p[1], CultureInfo.InvariantCulture));
    }

    private static string Temp() => Directory.CreateTempSubdirectory("arbor-transfer-").FullName;

    [Theory]
    [OnSqlite(With = nameof(Examples)), OnPostgres(With = nameof(Examples))]
    public async Task Import_ThenRunFromTheDatabase_ReproducesTheExampleByteForByte(string kind, string example)
    {
        using var t = TestDatabase.Create(kind);
        var folder = Path.Combine(ExamplesRoot(), example);
        var (from, to) = PeriodOf(folder);
        var plan = (await PlanSource.ResolveAsync(t.Database, Path.Combine(folder, "plan.yaml"), from)).Unwrap();
        var report = (await new ImportBatch(t.Database).RunAsync(Path.Combine(folder, "members.csv"), Path.Combine(folder, "orders.csv"), plan)).Unwrap();
        Assert.True(report.Members > 0);

        // Once imported, the database holds the plan: no --plan needed.
        var stored = (await PlanSource.ResolveAsync(t.Database, null, from)).Unwrap();
        var output = Temp();
        var exported = Temp();
        try
        {
            (await RunPeriod.RunAsync(t.Database, from, to, planPath: null, output)).Unwrap();
            foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(folder, "expected", file)), File.ReadAllText(Path.Combine(output, file)));
            }

            // The export runs to the same files: none of its returns is of an order from before the period.
            Assert.Empty((await ExportPeriod.WriteAsync(t.Database, stored, from, to, exported)).EarlierReturns);
            var input = BatchInput.Load(Path.Combine(exported, "plan.yaml"), Path.Combine(exported, "members.csv"), Path.Combine(exported, "orders.csv"));
            var rerun = Path.Combine(exported, "out");
            ResultWriter.WriteAll(PeriodEngine.Run(input.Plan, input.Network, input.Orders, new Period(from, to)), rerun);
            foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(output, file)), File.ReadAllText(Path.Combine(rerun, file)));
            }
        }
        finally
        {
            Directory.Delete(output, true);
            Directory.Delete(exported, true);
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Import_OfABadFile_WritesNothing_AndSaysWhereTheErrorIs(string kind)
    {
        using var t = TestDatabase.Create(kind);
        var folder = Path.Combine(ExamplesRoot(), "hybrid");
        var dir = Temp();
        try
        {
            var orders = File.ReadAllLines(Path.Combine(folder, "orders.csv")).ToList();
            orders.Add(orders[1]); // the first order again: a duplicate id on the last line
            var badOrders = Path.Combine(dir, "orders.csv");
            File.WriteAllLines(badOrders, orders);
            var plan = (await PlanSource.ResolveAsync(t.Database, Path.Combine(folder, "plan.yaml"), new DateOnly(2026, 11, 1))).Unwrap();
            var error = await Assert.ThrowsAsync<InputException>(() => new ImportBatch(t.Database).RunAsync(Path.Combine(folder, "members.csv"), badOrders, plan));
            Assert.StartsWith($"{badOrders}:{orders.Count}: ", error.Errors[0].ToString(), StringComparison.Ordinal);
            await using var db = t.Context();
            Assert.Equal(0, await db.Members.CountAsync());
            Assert.Equal(0, await db.Orders.CountAsync());
            Assert.Equal(0, await db.Plans.CountAsync());

            // A second import into a database that holds a company is refused.
            (await new ImportBatch(t.Database).RunAsync(Path.Combine(folder, "members.csv"), Path.Combine(folder, "orders.csv"), plan)).Unwrap();
            var again = await new ImportBatch(t.Database).RunAsync(Path.Combine(folder, "members.csv"), Path.Combine(folder, "orders.csv"), plan);
            Assert.Equal("database", again.Problem?.Where);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
