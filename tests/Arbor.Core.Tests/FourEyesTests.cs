using Arbor.Core.Ledger;
using Arbor.Core.Periods;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>Four eyes on the money: a close, a payouts export and a confirmation each prepared by one person and taken by another, with the figures frozen in between.</summary>
public class FourEyesTests
{
    private static readonly DateOnly InOctober = new(2026, 10, 10);

    /// <summary>The test company with October's orders, four eyes on, and a clock in November.</summary>
    private static async Task<(TestDatabase T, FixedClock Clock, FourEyes FourEyes)> CompanyAsync(string kind)
    {
        var t = await PeriodTests.CompanyAsync(kind);
        await PeriodTests.OrderAsync(t, "B", InOctober, 3);
        await PeriodTests.OrderAsync(t, "A", InOctober, 2);
        var clock = FixedClock.On(2026, 11, 2);
        var fourEyes = new FourEyes(t.Database, clock);
        (await fourEyes.SetRequiredAsync("owner", true)).Unwrap();
        return (t, clock, fourEyes);
    }

    private static async Task<bool> ClosedAsync(TestDatabase t, string period)
    {
        await using var db = t.Context();
        return await db.Periods.AnyAsync(p => p.Key == period);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_close_needs_a_preparation_and_a_second_person(string kind)
    {
        var (t, clock, fourEyes) = await CompanyAsync(kind);
        using var _ = t;
        var close = new ClosePeriod(t.Database, clock);

        var unprepared = await close.RunAsync("2026-10", approver: "bob");
        Assert.Contains("nobody has prepared it", unprepared.Problem!.Message);

        var prepared = (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Unwrap();
        Assert.Equal("ann", prepared.PreparedBy);
        // The frozen figures are the preview's: B's 3 shakes pay A 10 % and ROOT 5 % of 99.99 CV, A's 2 pay ROOT 10 % of 66.66.
        var preview = (await PeriodComputation.ComputeAsync(t.Database, "2026-10", plan: null)).Unwrap();
        Assert.Equal(FourEyes.Of(preview), new Frozen(prepared.Summary, prepared.Fingerprint));

        var self = await close.RunAsync("2026-10", approver: "ann");
        Assert.Equal("ann prepared the close of 2026-10: a second person must approve it", self.Problem!.Message);
        Assert.Contains("say who approves", (await close.RunAsync("2026-10")).Problem!.Message);
        Assert.False(await ClosedAsync(t, "2026-10"));

        var report = (await close.RunAsync("2026-10", approver: "bob")).Unwrap();
        Assert.True(await ClosedAsync(t, "2026-10"));
        Assert.Contains(report.TotalPayout.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), prepared.Summary);
        await using var db = t.Context();
        var stored = await db.Approvals.SingleAsync();
        Assert.Equal(("approved", "bob"), (stored.State, stored.DecidedBy));
        Assert.Contains(await db.AuditEntries.Select(e => e.Action + " " + e.Actor).ToListAsync(), e => e == "period-close-prepare ann");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_period_that_changed_after_its_preparation_is_not_closed(string kind)
    {
        var (t, clock, fourEyes) = await CompanyAsync(kind);
        using var _ = t;
        var prepared = (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Unwrap();
        // A late order dated in October changes what the period pays.
        await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 31), 1);

        var refused = await new ClosePeriod(t.Database, clock).RunAsync("2026-10", approver: "bob");
        Assert.StartsWith($"2026-10 no longer pays what ann prepared ({prepared.Summary}); now: ", refused.Problem!.Message);
        Assert.False(await ClosedAsync(t, "2026-10"));
        await using (var db = t.Context()) Assert.Equal("pending", (await db.Approvals.SingleAsync()).State);

        // Prepared again, it replaces the first preparation and closes.
        (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Unwrap();
        (await new ClosePeriod(t.Database, clock).RunAsync("2026-10", approver: "bob")).Unwrap();
        await using var after = t.Context();
        Assert.Equal(["approved", "replaced"], (await after.Approvals.OrderBy(a => a.Id).Select(a => a.State).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_rejected_preparation_cannot_be_approved(string kind)
    {
        var (t, clock, fourEyes) = await CompanyAsync(kind);
        using var _ = t;
        (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Unwrap();
        (await fourEyes.RejectAsync(MoneySteps.Close, "2026-10", "bob")).Unwrap();
        Assert.Contains("nobody has prepared it", (await new ClosePeriod(t.Database, clock).RunAsync("2026-10", approver: "bob")).Problem!.Message);
        Assert.Contains("waits for approval", (await fourEyes.RejectAsync(MoneySteps.Close, "2026-10", "bob")).Problem!.Message);
        Assert.False(await ClosedAsync(t, "2026-10"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Payouts_are_exported_and_confirmed_by_a_second_person(string kind)
    {
        var (t, clock, fourEyes) = await CompanyAsync(kind);
        using var _ = t;
        (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Unwrap();
        (await new ClosePeriod(t.Database, clock).RunAsync("2026-10", approver: "bob")).Unwrap();
        var payouts = new Payouts(t.Database, clock);
        var file = Path.Combine(Path.GetTempPath(), $"arbor-four-eyes-{Guid.NewGuid():N}.csv");
        try
        {
            Assert.Contains("nobody has prepared it", (await payouts.ExportAsync("2026-10", file, approver: "bob")).Problem!.Message);
            Assert.False(File.Exists(file));
            var export = (await fourEyes.PrepareAsync(MoneySteps.Export, "2026-10", "ann")).Unwrap();
            Assert.Contains("a second person must approve it", (await payouts.ExportAsync("2026-10", file, approver: "ann")).Problem!.Message);
            var exported = (await payouts.ExportAsync("2026-10", file, approver: "bob")).Unwrap();
            Assert.True(exported.New);
            Assert.StartsWith($"{exported.Members} payments, total {exported.Total:0.00} EUR", export.Summary);
            // Writing the fixed batch again needs nobody's approval, and preparing it again is refused.
            Assert.False((await payouts.ExportAsync("2026-10", file)).Unwrap().New);
            Assert.Contains("exported already", (await fourEyes.PrepareAsync(MoneySteps.Export, "2026-10", "ann")).Problem!.Message);

            Assert.Contains("nobody has prepared it", (await payouts.ConfirmAsync("2026-10", approver: "ann")).Problem!.Message);
            (await fourEyes.PrepareAsync(MoneySteps.Confirm, "2026-10", "bob")).Unwrap();
            Assert.Contains("a second person must approve it", (await payouts.ConfirmAsync("2026-10", approver: "bob")).Problem!.Message);
            (await payouts.ConfirmAsync("2026-10", approver: "ann")).Unwrap();
            await using var db = t.Context();
            Assert.Equal("paid", (await db.Periods.SingleAsync(p => p.Key == "2026-10")).State);
            Assert.Equal(3, await db.Approvals.CountAsync(a => a.State == "approved"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Without_four_eyes_one_person_closes_and_nothing_can_be_prepared(string kind)
    {
        var (t, clock, fourEyes) = await CompanyAsync(kind);
        using var _ = t;
        (await fourEyes.SetRequiredAsync("owner", false)).Unwrap();
        Assert.Contains("does not ask for four eyes", (await fourEyes.PrepareAsync(MoneySteps.Close, "2026-10", "ann")).Problem!.Message);
        (await new ClosePeriod(t.Database, clock).RunAsync("2026-10")).Unwrap();
        Assert.True(await ClosedAsync(t, "2026-10"));
    }
}
