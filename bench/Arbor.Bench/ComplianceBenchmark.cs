using System.Diagnostics;
using Arbor.Core.Compliance;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Bench;

/// <summary>
/// The compliance figures on an existing company (e.g. the demo's <c>arbor-demo.db</c>): loading a
/// closed period's facts, the analysis over them, the scorecard, one member's indicators, the
/// 12-period trend and the income disclosure of the last closed period's year; each timed in turn.
/// </summary>
internal static class ComplianceBenchmark
{
    public static async Task RunAsync(string db)
    {
        var database = ArborDatabase.Parse(db);
        Migrator.Migrate(database);
        await using var context = database.CreateContext();
        var last = await context.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).FirstOrDefaultAsync();
        if (last is null)
        {
            Console.WriteLine($"{database} has no closed period");
            return;
        }
        var members = await context.Members.CountAsync();
        var member = await context.PeriodMembers.AsNoTracking().Where(p => p.PeriodId == last.Id).OrderByDescending(p => p.Gv)
            .Join(context.Members, p => p.MemberId, m => m.Id, (p, m) => m.Handle).FirstAsync();
        Console.WriteLine($"Compliance benchmark: {database.Provider}, {members:N0} members, period {last.Key}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| what | runs | median | min – max |");
        Console.WriteLine("|---|---:|---:|---:|");
        PeriodFacts? facts = null;
        await TimeAsync("load a closed period's facts (`PeriodFactsLoader`)", 5, async () => facts = (await PeriodFactsLoader.LoadAsync(Fresh(database), last.Key)).Unwrap());
        await TimeAsync("analysis and scorecard over the loaded facts", 5, () =>
        {
            _ = Scorecard.Compute(PeriodAnalysis.Of(facts!), ComplianceSettings.Default);
            return Task.CompletedTask;
        });
        await TimeAsync("scorecard of one period (load + compute)", 5, async () => (await new ComplianceQueries(Fresh(database)).ScorecardAsync(last.Key)).Unwrap());
        await TimeAsync($"one member's indicators ({member}, the biggest group)", 5, async () => (await new ComplianceQueries(Fresh(database)).MemberAsync(member, last.Key)).Unwrap());
        await TimeAsync("trend over 12 closed periods", 2, async () => (await new ComplianceQueries(Fresh(database)).TrendAsync(last.Key, 12)).Unwrap());
        await TimeAsync($"income disclosure {last.EndsOn.Year}", 3, async () => (await new IncomeDisclosureQuery(Fresh(database)).ForYearAsync(last.EndsOn.Year)).Unwrap());
    }

    private static ArborContext Fresh(ArborDatabase database) => database.CreateContext();

    private static async Task TimeAsync(string what, int runs, Func<Task> run)
    {
        await run(); // warm-up: compiled queries and code paths
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"| {what} | {runs} | {times[runs / 2]:N0} ms | {times[0]:N0} – {times[^1]:N0} ms |");
    }
}
