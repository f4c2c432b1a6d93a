using Arbor.Core.Demo;
using Arbor.Core.Genealogy;
using Arbor.Core.Periods;
using Arbor.Core.Transfer;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class DemoTests
{
    private static readonly DateOnly Until = new(2026, 10, 31);

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Seed_IsTheSameForTheSameArguments_AndRunsEndToEnd(string kind)
    {
        using var first = TestDatabase.Create(kind);
        using var second = TestDatabase.Create(kind);
        var options = new DemoOptions(600, 11, Until);
        var report = (await new DemoCompany(first.Database).SeedAsync(options)).Unwrap();
        Assert.Equal(report, (await new DemoCompany(second.Database).SeedAsync(options)).Unwrap());
        Assert.Equal(600, report.Members);
        Assert.True(report.Orders > 600 && report.Returns > 0 && report.Customers > 0 && report.Autoships > 0 && report.Terminated > 0, report.ToString());

        var dir = Directory.CreateTempSubdirectory("arbor-demo-").FullName;
        try
        {
            var plan = (await PlanSource.ResolveAsync(first.Database, null, Until)).Unwrap();
            var (from, to) = (new DateOnly(2026, 10, 1), Until);
            var export = await ExportPeriod.WriteAsync(first.Database, plan, from, to, Path.Combine(dir, "a"));
            await ExportPeriod.WriteAsync(second.Database, plan, from, to, Path.Combine(dir, "b"));
            foreach (var file in new[] { "members.csv", "orders.csv", "plan.yaml" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(dir, "a", file)), File.ReadAllText(Path.Combine(dir, "b", file)));
            }

            // The period from the database and the period from its export pay the same, but for the
            // returns of September orders: the batch run pays them negative lines, the database's
            // computation none (September was never closed, so there is nothing to claw back).
            Assert.NotEmpty(export.EarlierReturns);
            var computed = (await RunPeriod.RunAsync(first.Database, from, to, planPath: null, Path.Combine(dir, "db"))).Unwrap();
            Assert.Empty(computed.Clawbacks);
            Assert.False(File.Exists(Path.Combine(dir, "db", PeriodFiles.Clawbacks)));
            var input = BatchInput.Load(Path.Combine(dir, "a", "plan.yaml"), Path.Combine(dir, "a", "members.csv"), Path.Combine(dir, "a", "orders.csv"));
            ResultWriter.WriteAll(PeriodEngine.Run(input.Plan, input.Network, input.Orders, new Period(from, to)), Path.Combine(dir, "files"));
            var earlier = export.EarlierReturns.ToHashSet(StringComparer.Ordinal);
            var batchLines = File.ReadAllLines(Path.Combine(dir, "files", "payouts.csv"));
            var fromEarlier = batchLines.Where(l => earlier.Contains(l.Split(',')[3])).ToList();
            Assert.NotEmpty(fromEarlier);
            Assert.All(fromEarlier, l => Assert.StartsWith("-", l.Split(',')[2], StringComparison.Ordinal));
            Assert.Equal(batchLines.Except(fromEarlier), File.ReadAllLines(Path.Combine(dir, "db", "payouts.csv")));
            Assert.True(File.ReadAllLines(Path.Combine(dir, "db", "payouts.csv")).Length > 10);

            // The genealogy of the seeded tree adds up: the root's levels hold everyone else.
            await using var db = first.Context();
            var root = await db.Members.OrderBy(m => m.Id).FirstAsync();
            var levels = (await new GenealogyQueries(db).CountsPerLevelAsync(root.Handle)).Unwrap();
            Assert.Equal(599, levels.Sum(l => l.Members));
            // No two members share a placement slot, and every placement parent exists.
            var slots = await db.Members.Where(m => m.PlacementParentId != null).Select(m => new { m.PlacementParentId, m.PlacementPosition }).ToListAsync();
            Assert.Equal(slots.Count, slots.Distinct().Count());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Seed_IntoADatabaseThatHoldsACompany_IsRefused(string kind)
    {
        using var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(50, 1, Until))).Unwrap();
        var refused = await new DemoCompany(t.Database).SeedAsync(new DemoOptions(50, 1, Until));
        Assert.Equal("database", refused.Problem?.Where);
        Assert.Contains("already holds a company", refused.Problem!.Message, StringComparison.Ordinal);
        await using var db = t.Context();
        Assert.Equal(50, await db.Members.CountAsync()); // the first company only, nothing of the second
    }
}
