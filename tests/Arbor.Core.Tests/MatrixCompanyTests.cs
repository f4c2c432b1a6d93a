using Arbor.Core.Catalog;
using Arbor.Core.Periods;

namespace Arbor.Core.Tests;

/// <summary>Contract section 9.1 in the company database: a forced matrix pays unilevel up its placement tree.</summary>
public class MatrixCompanyTests
{
    private const string Plan = """
        name: Matrix plan
        currency: EUR
        ranks:
          - name: Member
        bonuses:
          - type: unilevel
            percents: [10, 5]
            tree: placement
        """;

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_forced_matrix_pays_unilevel_up_its_placement_tree_in_preview_and_close(string kind)
    {
        // A 2-wide forced matrix: ROOT sponsors A, B and C; A and B fill ROOT's two positions, so C goes
        // to the first free position breadth-first, under A. Up the placement tree C's order pays
        // A (level 1) 10 % of CV 99.99 = 9.999 → 10.00 and ROOT (level 2) 5 % = 4.9995 → 5.00 (half to even);
        // up the sponsor tree it would have paid ROOT 10.00 at level 1.
        using var t = await MemberTests.CompanyAsync(kind, "matrix", width: 2);
        await using (var db = t.Context())
        {
            (await new PlanVersions(db, TimeProvider.System).UploadAsync(Plan, "plan.yaml", new DateOnly(2026, 1, 1))).Unwrap();
            (await new Catalog.Catalog(db).AddProductAsync(new NewProduct("SHAKE", "Shake", "", "EUR", new Price(new DateOnly(2026, 1, 1), 40m, 30m, 33.33m, 33.33m)))).Unwrap();
        }
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("C", "ROOT"));
        var order = await PeriodTests.OrderAsync(t, "C", new DateOnly(2026, 10, 10), 3);

        var preview = Directory.CreateTempSubdirectory("arbor-matrix-").FullName;
        try
        {
            (await PreviewPeriod.RunAsync(t.Database, "2026-10", preview)).Unwrap();
            Assert.Equal(["payee_id,bonus,amount,source_order_id,source_member_id,level", $"A,unilevel,10.00,{order.Number},C,1", $"ROOT,unilevel,5.00,{order.Number},C,2"],
                File.ReadAllLines(Path.Combine(preview, "payouts.csv")));
        }
        finally
        {
            Directory.Delete(preview, true);
        }
        await PeriodTests.CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        Assert.Equal([$"A unilevel 10.00 {order.Number} 1", $"ROOT unilevel 5.00 {order.Number} 2"], await PeriodTests.LinesAsync(t, "2026-10"));
        Assert.Equal((10.00m, 5.00m), (await PeriodTests.BalanceAsync(t, "A"), await PeriodTests.BalanceAsync(t, "ROOT")));
    }
}
