using Arbor.Core.Ledger;
using Arbor.Core.Periods;
using Arbor.Core.Statements;
using Arbor.Engine;
using Microsoft.EntityFrameworkCore;
using static Arbor.Core.Tests.PeriodTests;

namespace Arbor.Core.Tests;

public class LedgerTests
{
    private static async Task<Outcome<Data.Adjustment>> AdjustAsync(TestDatabase t, string member, decimal amount, string reason = "goodwill")
    {
        await using var db = t.Context();
        return await new Adjust(db).RunAsync(new AdjustmentRequest(member, amount, reason, "finance@test", new DateOnly(2026, 11, 5)));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Payouts_PayOnlyBalancesAtTheMinimum_Once_AndCarryTheRest(string kind)
    {
        using var t = await CompanyAsync(kind);
        // B buys 9 shakes (CV 299.97): A 10 % = 29.997 → 30.00; ROOT 5 % = 14.9985 → 15.00 (under the 20.00 minimum).
        await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 9);
        var clock = FixedClock.On(2026, 11, 2);
        await CloseAsync(t, "2026-10", clock);
        var payouts = new Payouts(t.Database, clock);
        var dir = Directory.CreateTempSubdirectory("arbor-pay-").FullName;
        try
        {
            var file = Path.Combine(dir, "pay.csv");
            var first = (await payouts.ExportAsync("2026-10", file)).Unwrap();
            Assert.Equal((1, 30.00m, true), (first.Members, first.Total, first.New));
            Assert.Equal("member,name,amount,currency,bank_reference\nA,Person A,30.00,EUR,\n", await File.ReadAllTextAsync(file));
            // Exporting again writes the same batch; it pays nobody twice.
            var again = (await payouts.ExportAsync("2026-10", Path.Combine(dir, "again.csv"))).Unwrap();
            Assert.Equal((1, 30.00m, false), (again.Members, again.Total, again.New));
            Assert.Equal(await File.ReadAllTextAsync(file), await File.ReadAllTextAsync(Path.Combine(dir, "again.csv")));

            (await payouts.ConfirmAsync("2026-10")).Unwrap();
            var twice = await payouts.ConfirmAsync("2026-10");
            Assert.Equal("period", twice.Problem?.Where);
            Assert.Equal((0m, 15.00m), (await BalanceAsync(t, "A"), await BalanceAsync(t, "ROOT")));
            await using var db = t.Context();
            Assert.Equal("paid", (await db.Periods.SingleAsync()).State);
            Assert.Equal(30.00m, (await db.LedgerEntries.Where(e => e.Account == "company:bank").ToListAsync()).Sum(e => e.Amount));
            var notClosed = await payouts.ExportAsync("2026-11", file);
            Assert.Equal("period", notClosed.Problem?.Where);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task PaymentFile_NeutralisesNamesASpreadsheetWouldRunAsFormulas(string kind)
    {
        using var t = await CompanyAsync(kind);
        string[] names = ["=HYPERLINK(\"http://x.example\",\"pay\")", "+1", "-2+3", "@SUM(A1)", "Plain, Name"];
        await using (var db = t.Context())
        {
            for (var i = 0; i < names.Length; i++) (await new Members.EnrollMember(db).RunAsync(MemberTests.Person($"N{i}", "A") with { Name = names[i] })).Unwrap();
        }
        for (var i = 0; i < names.Length; i++) (await AdjustAsync(t, $"N{i}", 25m)).Unwrap();
        var clock = FixedClock.On(2026, 11, 2);
        await CloseAsync(t, "2026-10", clock);
        var file = Path.Combine(Directory.CreateTempSubdirectory("arbor-pay-").FullName, "pay.csv");
        try
        {
            (await new Payouts(t.Database, clock).ExportAsync("2026-10", file)).Unwrap();
            Assert.Equal(
                "member,name,amount,currency,bank_reference\n" +
                "N0,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"pay\"\")\",25.00,EUR,\n" +
                "N1,'+1,25.00,EUR,\n" +
                "N2,'-2+3,25.00,EUR,\n" +
                "N3,'@SUM(A1),25.00,EUR,\n" +
                "N4,\"Plain, Name\",25.00,EUR,\n",
                await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, true);
        }
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void CsvCells_PrefixFormulaStarts_AndQuoteWhatNeedsIt(string text, string cell) => Assert.Equal(cell, CsvCells.Text(text));

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task PayoutExport_ThatCannotWriteItsFile_FixesNoBatch(string kind)
    {
        using var t = await CompanyAsync(kind);
        (await AdjustAsync(t, "A", 25m)).Unwrap();
        var clock = FixedClock.On(2026, 11, 2);
        await CloseAsync(t, "2026-10", clock);
        var folder = Directory.CreateTempSubdirectory("arbor-pay-").FullName;
        try
        {
            // The path is a folder: writing the file fails, after the batch was computed and before it is stored.
            var failed = await Assert.ThrowsAnyAsync<Exception>(() => new Payouts(t.Database, clock).ExportAsync("2026-10", folder));
            Assert.True(failed is IOException or UnauthorizedAccessException, failed.ToString());
            await using (var db = t.Context()) Assert.Equal(0, await db.PayoutBatches.CountAsync());
            var file = Path.Combine(folder, "pay.csv");
            Assert.True((await new Payouts(t.Database, clock).ExportAsync("2026-10", file)).Unwrap().New);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Clawbacks_AfterPayment_LeaveADebtThatLaterEarningsPayOff(string kind)
    {
        using var t = await CompanyAsync(kind);
        var order = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 9);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        var payouts = new Payouts(t.Database, FixedClock.On(2026, 11, 3));
        var dir = Directory.CreateTempSubdirectory("arbor-pay-").FullName;
        try
        {
            (await payouts.ExportAsync("2026-10", Path.Combine(dir, "oct.csv"))).Unwrap();
            (await payouts.ConfirmAsync("2026-10")).Unwrap(); // A paid 30.00
            // Everything comes back in November: A's 30.00 is clawed back after it was paid.
            (await ReturnAsync(t, order.Number, new DateOnly(2026, 11, 4), null)).Unwrap();
            await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
            Assert.Equal(-30.00m, await BalanceAsync(t, "A"));
            var none = (await new Payouts(t.Database, FixedClock.On(2026, 12, 3)).ExportAsync("2026-11", Path.Combine(dir, "nov.csv"))).Unwrap();
            Assert.Equal(0, none.Members);
            // December: B buys 12 shakes (CV 399.96): A earns 39.996 → 40.00, which first pays off the debt.
            await OrderAsync(t, "B", new DateOnly(2026, 12, 8), 12);
            await CloseAsync(t, "2026-12", FixedClock.On(2027, 1, 2));
            Assert.Equal(10.00m, await BalanceAsync(t, "A"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Adjustments_NeedAReasonAndAnAuthor_AndTheLedgerIsAppendOnly(string kind)
    {
        using var t = await CompanyAsync(kind);
        (await AdjustAsync(t, "A", 12.50m)).Unwrap();
        (await AdjustAsync(t, "A", -2.50m, "fee")).Unwrap();
        Assert.Equal(10.00m, await BalanceAsync(t, "A"));
        Assert.Equal("reason", (await AdjustAsync(t, "A", 1m, " ")).Problem?.Where);
        Assert.Equal("amount", (await AdjustAsync(t, "A", 0m)).Problem?.Where);
        Assert.Equal("amount", (await AdjustAsync(t, "A", 0.001m)).Problem?.Where);
        Assert.Equal("member", (await AdjustAsync(t, "NOBODY", 1m)).Problem?.Where);

        await using var db = t.Context();
        var entry = await db.LedgerEntries.FirstAsync();
        var update = () => db.LedgerEntries.Where(e => e.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Amount, 1000m));
        await Assert.ThrowsAnyAsync<Exception>(update);
        var delete = () => db.LedgerEntries.Where(e => e.Id == entry.Id).ExecuteDeleteAsync();
        await Assert.ThrowsAnyAsync<Exception>(delete);
        Assert.Equal(10.00m, await BalanceAsync(t, "A"));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Adjustments_AreBoundedToOneBillion_SoThatNoBalanceOverflows(string kind)
    {
        using var t = await CompanyAsync(kind);
        foreach (var huge in new[] { decimal.MaxValue, decimal.MinValue, 1_000_000_000.01m, -1_000_000_000.01m })
        {
            var refused = await AdjustAsync(t, "A", huge);
            Assert.Equal("amount", refused.Problem?.Where);
            Assert.Contains("-1,000,000,000 to 1,000,000,000", refused.Problem!.Message, StringComparison.Ordinal);
        }
        // The limit itself is accepted, as often as anyone likes: sums of them stay far inside decimal.
        for (var i = 0; i < 3; i++) (await AdjustAsync(t, "A", Limits.Adjustment)).Unwrap();
        (await AdjustAsync(t, "B", -Limits.Adjustment)).Unwrap();
        Assert.Equal(3 * Limits.Adjustment, await BalanceAsync(t, "A"));
        await using var db = t.Context();
        var statement = (await new LedgerQueries(db).ForMemberAsync("A")).Unwrap();
        Assert.Equal(3_000_000_000.00m, statement.Balance);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task PlanVersions_AreValidated_NeverReplaced_AndAPeriodUsesTheOneInForceAtItsStart(string kind)
    {
        using var t = await CompanyAsync(kind);
        await using (var db = t.Context())
        {
            var versions = new PlanVersions(db, TimeProvider.System);
            var bad = await Assert.ThrowsAsync<InputException>(() => versions.UploadAsync("name: x\nranks: []\nbonuses: []\nbogus: 1\n", "new.yaml", new DateOnly(2026, 11, 1)));
            Assert.StartsWith("new.yaml:", bad.Errors[0].ToString(), StringComparison.Ordinal);
            var same = await versions.UploadAsync(Plan, "again.yaml", new DateOnly(2026, 1, 1));
            Assert.Equal("from", same.Problem?.Where);
            // From November unilevel pays 20 % and 10 %.
            (await versions.UploadAsync(Plan.Replace("percents: [10, 5]", "percents: [20, 10]", StringComparison.Ordinal), "v2.yaml", new DateOnly(2026, 11, 1))).Unwrap();
        }
        var october = await OrderAsync(t, "B", new DateOnly(2026, 10, 31), 3);
        var november = await OrderAsync(t, "B", new DateOnly(2026, 11, 1), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 12, 2));
        await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
        // 99.99 CV each: October at 10 % / 5 %, November at 20 % / 10 % (19.998 → 20.00, 9.999 → 10.00).
        Assert.Equal([$"A unilevel 10.00 {october.Number} 1", $"ROOT unilevel 5.00 {october.Number} 2"], await LinesAsync(t, "2026-10"));
        Assert.Equal([$"A unilevel 20.00 {november.Number} 1", $"ROOT unilevel 10.00 {november.Number} 2"], await LinesAsync(t, "2026-11"));
        await using var check = t.Context();
        var tooLate = await new PlanVersions(check, TimeProvider.System).UploadAsync(Plan, "late.yaml", new DateOnly(2026, 11, 15));
        Assert.Equal(new Problem("from", "periods up to 2026-11-30 are closed: a new plan can take effect from 2026-12-01 on"), tooLate.Problem);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Statement_ShowsVolumesRankLinesWithTheirSourcesClawbacksAndBalance(string kind)
    {
        using var t = await CompanyAsync(kind);
        var order = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        var back = (await ReturnAsync(t, order.Number, new DateOnly(2026, 11, 3), 1)).Unwrap();
        await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));
        await using var db = t.Context();
        var statements = new CommissionStatement(db);

        var october = (await statements.HtmlAsync("A", "2026-10")).Unwrap();
        Assert.Contains("<h1>Commission statement — 2026-10</h1>", october, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>{order.Number}</td><td>2026-10-10</td><td>B</td><td class=\"n\">1</td><td class=\"n\">10.00</td></tr>", october, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"total\"><td></td><td>Closing balance</td><td></td><td class=\"n\">10.00</td></tr>", october, StringComparison.Ordinal);

        var november = (await statements.HtmlAsync("A", "2026-11")).Unwrap();
        Assert.Contains($"<td>{back.Number} <span class=\"muted\">(reverses line ", november, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">-3.33</td>", november, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">6.67</td></tr>", november, StringComparison.Ordinal);
        Assert.Equal("period", (await statements.HtmlAsync("A", "2026-12")).Problem?.Where);
    }
}
