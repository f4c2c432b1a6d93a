using System.Globalization;
using Arbor.Core.Demo;
using Arbor.Core.Transfer;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>
/// Plan qualifications (issue 17) on stored data: the snapshot hands the engine each retail
/// order's customer, and the export writes <c>customer_id</c> only for a plan that counts customers.
/// </summary>
public class QualificationTransferTests
{
    private static readonly DateOnly Until = new(2026, 10, 31);
    private static readonly DateOnly From = new(2026, 10, 1);

    /// <summary>The demo company's plan with retail conditions: activity needs 10 % retail share and one customer; the 70 % rule.</summary>
    private static async Task<PlanText> QualifyingPlanAsync(TestDatabase t)
    {
        var stored = (await PlanSource.ResolveAsync(t.Database, null, Until)).Unwrap();
        var yaml = stored.Yaml.Replace("active: { min_pv: 100 }", "active: { min_pv: 100, min_retail_share: 10, min_retail_customers: 1 }\nsales_rule: { percent: 70, own_use_pv: 100 }", StringComparison.Ordinal);
        Assert.NotEqual(stored.Yaml, yaml);
        return new PlanText(PlanReader.Parse(yaml, "plan.yaml"), yaml, "test");
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Snapshot_GivesEachRetailOrderItsCustomer_AndTheExportWritesThemOnlyWhenThePlanCountsThem(string kind)
    {
        using var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(300, 5, Until))).Unwrap();
        var plan = await QualifyingPlanAsync(t);
        var snapshot = await PeriodSnapshot.LoadAsync(t.Database, plan.Plan, From, Until);

        // Each order's customer is the stored one (retail orders), by its database id; none on other kinds.
        await using (var db = t.Context())
        {
            var stored = await db.Orders.Where(o => o.Date >= From && o.Date <= Until).OrderBy(o => o.Id).Select(o => new { o.Kind, o.CustomerId }).ToListAsync();
            Assert.Equal(stored.Count, snapshot.Orders.Count);
            Assert.Contains(stored, o => o.Kind == "retail");
            for (var o = 0; o < stored.Count; o++)
            {
                var expected = stored[o].Kind == "retail" ? stored[o].CustomerId?.ToString(CultureInfo.InvariantCulture) : null;
                Assert.Equal(expected, snapshot.Orders.CustomerOf(o));
            }
        }

        // Distinct customers per member, as the engine counts them, against a direct count of the stored orders.
        var result = PeriodEngine.Run(plan.Plan, snapshot.Network, snapshot.Orders, snapshot.Period);
        await using (var db = t.Context())
        {
            var direct = (await db.Orders.Where(o => o.Date >= From && o.Date <= Until && o.Kind == "retail" && o.CustomerId != null)
                    .Select(o => new { o.MemberId, o.CustomerId }).ToListAsync())
                .GroupBy(o => o.MemberId).ToDictionary(g => g.Key, g => g.Select(o => o.CustomerId).Distinct().Count());
            Assert.NotEmpty(direct);
            for (var m = 0; m < snapshot.Network.Count; m++)
            {
                Assert.Equal(direct.GetValueOrDefault(snapshot.MemberIds[m]), result.RetailCustomersOf(m));
            }
        }

        var dir = Directory.CreateTempSubdirectory("arbor-qualify-").FullName;
        try
        {
            // The export of a plan that counts customers has the column, and its batch run pays what the snapshot's run pays.
            await ExportPeriod.WriteAsync(t.Database, plan, From, Until, Path.Combine(dir, "q"));
            Assert.EndsWith(",customer_id", File.ReadLines(Path.Combine(dir, "q", "orders.csv")).First(), StringComparison.Ordinal);
            var input = BatchInput.Load(Path.Combine(dir, "q", "plan.yaml"), Path.Combine(dir, "q", "members.csv"), Path.Combine(dir, "q", "orders.csv"));
            var batch = PeriodEngine.Run(input.Plan, input.Network, input.Orders, new Period(From, Until));
            ResultWriter.WriteAll(result, Path.Combine(dir, "db"));
            ResultWriter.WriteAll(batch, Path.Combine(dir, "files"));
            foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(dir, "db", file)), File.ReadAllText(Path.Combine(dir, "files", file)));
            }
            // The conditions change who is paid in this company: fewer active members than under the stored plan.
            var stored = (await PlanSource.ResolveAsync(t.Database, null, Until)).Unwrap();
            var v1 = PeriodEngine.Run(stored.Plan, snapshot.Network, snapshot.Orders, snapshot.Period);
            Assert.True(result.ActiveMembers < v1.ActiveMembers, $"{result.ActiveMembers} active with the conditions, {v1.ActiveMembers} without");

            // The stored (v1) plan's export is the contract's file, without the column.
            await ExportPeriod.WriteAsync(t.Database, stored, From, Until, Path.Combine(dir, "v1"));
            Assert.Equal("id,date,member_id,kind,pv,cv,amount,wholesale,original_id", File.ReadLines(Path.Combine(dir, "v1", "orders.csv")).First());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
