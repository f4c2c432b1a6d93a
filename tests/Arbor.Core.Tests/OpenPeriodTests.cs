using Arbor.Core.Members;
using Arbor.Core.Periods;

namespace Arbor.Core.Tests;

public sealed class OpenPeriodTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task The_open_period_is_the_one_that_contains_today_and_a_company_without_rows_has_none(string kind)
    {
        using (var empty = TestDatabase.Create(kind))
        {
            Assert.Equal(new Problem("company", "the database holds no company yet"), (await OpenPeriod.OnAsync(empty.Database, new DateOnly(2026, 12, 4))).Problem);
        }
        using var t = await PeriodTests.CompanyAsync(kind);
        Assert.Equal("2026-12", (await OpenPeriod.OnAsync(t.Database, new DateOnly(2026, 12, 4))).Unwrap().Key);
        Assert.Equal("2027-01", (await OpenPeriod.OnAsync(t.Database, new DateOnly(2027, 1, 1))).Unwrap().Key);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_change_stamp_moves_with_every_order_enrollment_status_change_and_close_and_not_otherwise(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var before = await ChangeStamp.ReadAsync(t.Database);
        Assert.Equal(before, await ChangeStamp.ReadAsync(t.Database));

        await PeriodTests.OrderAsync(t, "B", new DateOnly(2026, 10, 10), 1);
        var afterOrder = await ChangeStamp.ReadAsync(t.Database);
        Assert.NotEqual(before, afterOrder);

        await MemberTests.EnrollAsync(t, ("C", "B"));
        var afterEnrollment = await ChangeStamp.ReadAsync(t.Database);
        Assert.NotEqual(afterOrder, afterEnrollment);

        await using (var db = t.Context())
        {
            (await new ChangeStatus(db).RunAsync(new StatusChange("C", "suspended", new DateOnly(2026, 10, 12), "test", "staff"))).Unwrap();
        }
        var afterStatus = await ChangeStamp.ReadAsync(t.Database);
        Assert.NotEqual(afterEnrollment, afterStatus);

        await PeriodTests.CloseAsync(t, "2026-10", FixedClock.On(2026, 11, 2));
        Assert.NotEqual(afterStatus, await ChangeStamp.ReadAsync(t.Database));
    }
}
