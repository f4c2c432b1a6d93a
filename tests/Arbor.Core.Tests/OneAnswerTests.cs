using Arbor.Core.Periods;
using static Arbor.Core.Tests.PeriodTests;

namespace Arbor.Core.Tests;

/// <summary>
/// One answer per period: <c>commissions run --db</c> (<see cref="RunPeriod"/>), <c>periods preview</c>
/// (<see cref="PreviewPeriod"/>) and <c>periods close</c> (<see cref="ClosePeriod"/>) pay the same lines
/// and claw back the same lines, whatever period the returned orders came from.
/// </summary>
public class OneAnswerTests
{
    [Theory]
    [OnSqlite, OnPostgres]
    public async Task RunPreviewAndClose_AgreeLineForLine_OnReturnsOfClosedNeverClosedAndSamePeriodOrders(string kind)
    {
        using var t = await CompanyAsync(kind);
        var september = await OrderAsync(t, "B", new DateOnly(2026, 9, 10), 3); // its period is never closed
        var october = await OrderAsync(t, "B", new DateOnly(2026, 10, 10), 3);
        await CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2)); // A 10.00, ROOT 5.00 on the October order
        var november = await OrderAsync(t, "B", new DateOnly(2026, 11, 5), 3);
        var ofClosed = (await ReturnAsync(t, october.Number, new DateOnly(2026, 11, 6), 1)).Unwrap();
        var ofNeverClosed = (await ReturnAsync(t, september.Number, new DateOnly(2026, 11, 6), null)).Unwrap();
        var ofSamePeriod = (await ReturnAsync(t, november.Number, new DateOnly(2026, 11, 7), 1)).Unwrap();

        var dir = Directory.CreateTempSubdirectory("arbor-one-answer-").FullName;
        try
        {
            var (run, preview) = (Path.Combine(dir, "run"), Path.Combine(dir, "preview"));
            var ran = (await RunPeriod.RunAsync(t.Database, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), planPath: null, run)).Unwrap();
            (await PreviewPeriod.RunAsync(t.Database, "2026-11", preview)).Unwrap();
            var closed = await CloseAsync(t, "2026-11", FixedClock.On(2026, 12, 2));

            foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json", PeriodFiles.Clawbacks })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(preview, file)), File.ReadAllText(Path.Combine(run, file)));
            }
            // What the files say is what the close stored, line for line.
            var written = File.ReadAllLines(Path.Combine(run, "payouts.csv")).Skip(1).Select(l => l.Split(','))
                .Select(f => $"{f[0]} {f[1]} {f[2]} {(f[3].Length == 0 ? "-" : f[3])} {f[5]}")
                .Concat(File.ReadAllLines(Path.Combine(run, PeriodFiles.Clawbacks)).Skip(1).Select(l => l.Split(','))
                    .Select(f => $"{f[0]} {f[1]} {f[2]} {f[3]} {f[5]} reverses"))
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(await LinesAsync(t, "2026-11"), written);
            Assert.Equal((ran.Result.LineCount, ran.Clawbacks.Count), (closed.Lines, closed.Clawbacks));

            // And it is the rule: the November order and its own return are the engine's (B's 99.99 CV, then −33.33:
            // A 10.00 and −3.33, ROOT 5.00 and −1.67); a third of the October order is clawed back from the
            // lines its close stored (A −3.33, ROOT −1.67); the September order's return pays and claws nothing.
            Assert.Equal(
                [
                    $"A clawback -3.33 {ofClosed.Number} 1 reverses",
                    $"A unilevel -3.33 {ofSamePeriod.Number} 1",
                    $"A unilevel 10.00 {november.Number} 1",
                    $"ROOT clawback -1.67 {ofClosed.Number} 2 reverses",
                    $"ROOT unilevel -1.67 {ofSamePeriod.Number} 2",
                    $"ROOT unilevel 5.00 {november.Number} 2",
                ], written);
            Assert.DoesNotContain(written, l => l.Contains(ofNeverClosed.Number, StringComparison.Ordinal));

            // A closed period has its answer stored: run and preview refuse to compute it again.
            var again = await RunPeriod.RunAsync(t.Database, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), planPath: null, directory: null);
            Assert.Equal("period 2026-11 is closed already: what it pays is stored (periods list, statement, payouts export); only open periods are computed", again.Problem?.Message);
            // Dates that are not one of the company's periods are refused, saying which period they fall in.
            var odd = await RunPeriod.RunAsync(t.Database, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 31), planPath: null, directory: null);
            Assert.Equal(new Problem("period", "2026-12-03 to 2026-12-31 is not one of the company's commission periods (months): 2026-12-03 is in 2026-12, which runs from 2026-12-01 to 2026-12-31"), odd.Problem);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
