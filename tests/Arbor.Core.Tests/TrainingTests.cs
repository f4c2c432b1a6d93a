using Arbor.Core.Shop;
using Arbor.Core.Training;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>Training: required courses, the check at the end of a lesson, and the shop that opens after the income-claims course.</summary>
public class TrainingTests
{
    [Theory]
    [OnSqlite, OnPostgres]
    public async Task With_the_setting_on_a_shop_opens_only_once_its_member_completed_the_income_claims_course(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        await using var db = t.Context();
        var clock = FixedClock.On(2026, 3, 1);
        var library = new TrainingLibrary(db, clock);
        var catalog = new CourseCatalog(db);
        var b = await db.Members.AsNoTracking().SingleAsync(m => m.Handle == "B");
        var claims = (await catalog.AddCourseAsync("Income claims", "What you may say.", "new", incomeClaims: true)).Unwrap();
        Assert.Equal("income_claims", (await catalog.AddCourseAsync("Another", "", null, incomeClaims: true)).Problem!.Where);
        var check = (await catalog.AddLessonAsync(claims.Id, new NewLesson("Typical earnings", "Show the **disclosure**.", null, "What do you show?", "The disclosure\nA cheque", 0))).Unwrap();
        var read = (await catalog.AddLessonAsync(claims.Id, new NewLesson("No lifestyle claims", "No cars.", "https://example.com/v", null, null, null))).Unwrap();
        Assert.Equal("video", (await catalog.AddLessonAsync(claims.Id, new NewLesson("Bad", "x", "javascript:alert(1)", null, null, null))).Problem!.Where);
        Assert.Equal("answer", (await catalog.AddLessonAsync(claims.Id, new NewLesson("Bad", "x", null, "Q?", "One\nTwo", 2))).Problem!.Where);
        var optional = (await catalog.AddCourseAsync("Leading", "", "Gold", incomeClaims: false)).Unwrap();

        var shop = new ShopFront(db, clock);
        Assert.True((await shop.OpenAsync("B", new DateOnly(2026, 3, 1))).Ok);
        await catalog.SetShopRequiresTrainingAsync(true);
        Assert.Equal(new Problem("shop", "the shop 'B' is not open yet"), (await shop.OpenAsync("B", new DateOnly(2026, 3, 1))).Problem);

        var progress = await library.ProgressAsync(b.Id);
        Assert.Equal([(claims.Id, true, 2, 0), (optional.Id, false, 0, 0)], progress.Select(p => (p.Course.Id, p.Required, p.Lessons, p.Completed)));

        // The check: a wrong answer or none completes nothing; the right one does.
        Assert.Equal("answer", (await library.CompleteAsync(b.Id, check.Id, 1)).Problem!.Where);
        Assert.Equal("answer", (await library.CompleteAsync(b.Id, check.Id, null)).Problem!.Where);
        (await library.CompleteAsync(b.Id, check.Id, 0)).Unwrap();
        Assert.False(await library.ShopLiveAsync(b.Id));
        (await library.CompleteAsync(b.Id, read.Id, null)).Unwrap();
        (await library.CompleteAsync(b.Id, read.Id, null)).Unwrap();
        Assert.True(await library.ShopLiveAsync(b.Id));
        Assert.True((await shop.OpenAsync("B", new DateOnly(2026, 3, 1))).Ok);
        Assert.Equal(2, await db.LessonProgress.CountAsync(p => p.MemberId == b.Id));

        // A's new member B (joined 2026-01-05): its upline sees it finished.
        var a = await db.Members.AsNoTracking().SingleAsync(m => m.Handle == "A");
        var team = await library.NewMembersAsync(a.Id, new DateOnly(2026, 3, 1));
        Assert.Equal([("B", 1, 2, 2, true)], team.Select(n => (n.Member.Handle, n.Level, n.Lessons, n.Completed, n.IncomeClaimsDone)));
        // 90 days later B is no longer new.
        Assert.Empty(await library.NewMembersAsync(a.Id, new DateOnly(2026, 4, 6)));
    }
}
