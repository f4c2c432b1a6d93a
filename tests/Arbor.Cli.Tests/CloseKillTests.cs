using System.Diagnostics;
using Arbor.Cli.Commands;
using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Core.Tests;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Cli.Tests;

/// <summary>
/// A close killed for real (the process, not an exception) at each stage of its transaction
/// stores nothing; closing again then gives exactly what an uninterrupted close gives.
/// </summary>
public class CloseKillTests
{
    private const string Period = "2026-02";

    public static TheoryData<string> Stages() => ["period", "lines", "standing", "before-commit"];

    private static async Task<TestDatabase> CompanyAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(300, 5, new DateOnly(2026, 3, 31)))).Unwrap();
        return t;
    }

    internal static string DbArgument(TestDatabase t) =>
        t.Database.Provider == Data.Provider.Sqlite ? t.Database.ToString() : t.Database.ConnectionString;

    [Theory]
    [OnSqlite(With = nameof(Stages)), OnPostgres(With = nameof(Stages))]
    public async Task KilledClose_StoresNothing_AndClosingAgainGivesTheUninterruptedResult(string kind, string stage)
    {
        using var killed = await CompanyAsync(kind);
        using var clean = await CompanyAsync(kind);
        var before = await StandingAsync(killed);

        var arbor = Path.Combine(AppContext.BaseDirectory, "arbor.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { arbor, "periods", "close", "--db", DbArgument(killed), "--period", Period }) start.ArgumentList.Add(a);
        start.Environment[PeriodsCommands.PauseVariable] = stage;
        using (var process = Process.Start(start)!)
        {
            var paused = false;
            var seen = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (!paused && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                paused = line == $"paused at {stage}";
            }
            if (!paused)
            {
                // Read the output only now: reading it while the close is paused would wait for ever.
                Assert.Fail($"the close never reached '{stage}': {string.Join(" | ", seen)} {await process.StandardOutput.ReadToEndAsync()}");
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Nothing of the close is stored, and the members' standing is as it was.
        await using (var db = killed.Context())
        {
            Assert.Equal(0, await db.Periods.CountAsync());
            Assert.Equal(0, await db.PayoutLines.CountAsync());
            Assert.Equal(0, await db.PeriodMembers.CountAsync());
            Assert.Equal(0, await db.RankHistory.CountAsync());
            Assert.Equal(0, await db.LedgerEntries.CountAsync());
        }
        Assert.Equal(before, await StandingAsync(killed));

        var again = await new ClosePeriod(killed.Database, TimeProvider.System).RunAsync(Period);
        var uninterrupted = await new ClosePeriod(clean.Database, TimeProvider.System).RunAsync(Period);
        Assert.True(again.Ok && uninterrupted.Ok, again.Problem?.ToString() ?? uninterrupted.Problem?.ToString());
        var lines = await LinesAsync(killed);
        Assert.NotEmpty(lines);
        Assert.Equal(await LinesAsync(clean), lines);
        Assert.Equal(await LedgerAsync(clean), await LedgerAsync(killed));
        Assert.Equal(await StandingAsync(clean), await StandingAsync(killed));

        var refused = await new ClosePeriod(killed.Database, TimeProvider.System).RunAsync(Period);
        Assert.Equal($"period {Period} is closed already", refused.Problem?.Message);
    }

    private static async Task<List<string>> LinesAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var handles = await db.Members.ToDictionaryAsync(m => m.Id, m => m.Handle);
        var orders = await db.Orders.ToDictionaryAsync(o => o.Id, o => o.Number);
        return [.. (await db.PayoutLines.ToListAsync())
            .Select(l => $"{handles[l.PayeeId]} {l.Bonus} {l.Amount:0.00} {(l.SourceOrderId is { } o ? orders[o] : "-")} {handles[l.SourceMemberId]} {l.Level}")
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> LedgerAsync(TestDatabase t)
    {
        await using var db = t.Context();
        return [.. (await db.LedgerEntries.ToListAsync()).Select(e => $"{e.Account} {e.Kind} {e.Amount:0.00}").Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> StandingAsync(TestDatabase t)
    {
        await using var db = t.Context();
        return [.. (await db.Members.OrderBy(m => m.Id).ToListAsync()).Select(m => $"{m.Handle} {m.HighestRank} {m.CarryLeft} {m.CarryRight}")];
    }
}
