using Arbor.Core.Demo;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public sealed class DemoHistoryTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Every_ended_period_from_the_plans_first_full_one_is_closed_in_order_once(string kind)
    {
        using var t = TestDatabase.Create(kind);
        var today = new DateOnly(2026, 12, 10);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(80, 3, today))).Unwrap();
        DateOnly planFrom;
        await using (var db = t.Context()) planFrom = await db.Plans.MinAsync(p => p.EffectiveFrom);

        var closed = (await new DemoHistory(t.Database, FixedClock.On(2026, 12, 10)).CloseAsync()).Unwrap();

        var first = planFrom.Day == 1 ? planFrom : new DateOnly(planFrom.Year, planFrom.Month, 1).AddMonths(1);
        var expected = new List<string>();
        for (var month = first; month.AddMonths(1) <= new DateOnly(2026, 12, 1); month = month.AddMonths(1)) expected.Add($"{month:yyyy-MM}");
        Assert.Equal(expected, closed.Select(c => c.Period));
        Assert.Equal("2026-11", expected[^1]);
        Assert.Empty((await new DemoHistory(t.Database, FixedClock.On(2026, 12, 31)).CloseAsync()).Unwrap());

        // A month later, the month that ended since is closed, and only that one.
        Assert.Equal(["2026-12"], (await new DemoHistory(t.Database, FixedClock.On(2027, 1, 5)).CloseAsync()).Unwrap().Select(c => c.Period));
    }
}
