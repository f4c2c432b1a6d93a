using Arbor.Core.Setup;
using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class MemberTests
{
    private static readonly DateOnly Day = new(2026, 1, 5);

    internal static async Task<TestDatabase> CompanyAsync(string kind, string placement = "none", string binaryDefault = "weaker_leg", int width = 3)
    {
        var t = TestDatabase.Create(kind);
        await using var db = t.Context();
        (await new SetUpCompany(db).RunAsync(new CompanySettings("Test Co", "EUR", placement, binaryDefault, width))).Unwrap();
        return t;
    }

    internal static Enrollment Person(string handle, string? sponsor) =>
        new(handle, $"{handle.ToLowerInvariant()}@example.com", $"Person {handle}", "DE", "de", Day, sponsor);

    internal static async Task EnrollAsync(TestDatabase t, params (string Handle, string? Sponsor)[] people)
    {
        foreach (var (handle, sponsor) in people)
        {
            await using var db = t.Context();
            (await new EnrollMember(db).RunAsync(Person(handle, sponsor))).Unwrap();
        }
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Enroll_UnderSponsor_BuildsPathsAndGenealogy(string kind)
    {
        using var t = await CompanyAsync(kind);
        await EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("A1", "A"), ("A2", "A"), ("A11", "A1"));
        await using var db = t.Context();
        var q = new GenealogyQueries(db);

        Assert.Equal(["A", "ROOT"], (await q.UplineAsync("A1")).Unwrap().Select(m => m.Handle));
        Assert.Equal([(1, 2), (2, 2), (3, 1)], (await q.CountsPerLevelAsync("ROOT")).Unwrap());
        Assert.Equal(["A", "B"], (await q.DownlineAsync("ROOT", 1, 1, 10)).Unwrap().Select(m => m.Handle).Order());
        var page2 = (await q.DownlineAsync("ROOT", 3, 2, 2)).Unwrap();
        Assert.Equal(2, page2.Count);
        Assert.All(page2, m => Assert.Equal(2, m.Level));
        Assert.Equal([new Leg("A", 4, 0m), new Leg("B", 1, 0m)], (await q.LegsAsync("ROOT", Day, Day)).Unwrap());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ParallelEnrollmentsWithoutSponsor_IntoAnEmptyCompany_MakeExactlyOneRoot(string kind)
    {
        using var t = await CompanyAsync(kind);
        // Every enrollment reads "no member yet" before any takes the company lock: only the check under the lock stops the others.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var enrollments = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            await using var db = t.Context();
            _ = await db.Members.AnyAsync(); // connected before the start, so that all race from the same line
            await start.Task;
            return await new EnrollMember(db).RunAsync(Person($"R{i}", null));
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(enrollments);

        Assert.Single(outcomes, o => o.Ok);
        Assert.All(outcomes.Where(o => !o.Ok), o => Assert.Equal("sponsor", o.Problem!.Where));
        await using var check = t.Context();
        Assert.Equal(1, await check.Members.CountAsync(m => m.SponsorId == null));
        Assert.Equal(1, await check.Members.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Enroll_RefusesBadInput_AndWritesNothing(string kind)
    {
        using var t = await CompanyAsync(kind);
        await EnrollAsync(t, ("ROOT", null), ("A", "ROOT"));
        await using var db = t.Context();
        var enroll = new EnrollMember(db);

        var duplicate = await enroll.RunAsync(Person("A", "ROOT") with { Email = "other@example.com" });
        Assert.Equal(new Problem("handle", "handle 'A' is taken"), duplicate.Problem);
        var sameEmail = await enroll.RunAsync(Person("Z", "ROOT") with { Email = "A@example.com" });
        Assert.Equal("email", sameEmail.Problem?.Where);
        var unknown = await enroll.RunAsync(Person("C", "NOBODY"));
        Assert.Equal(new Problem("sponsor", "unknown sponsor 'NOBODY'"), unknown.Problem);
        var second_root = await enroll.RunAsync(Person("D", null));
        Assert.Equal("sponsor", second_root.Problem?.Where);

        Assert.Equal(2, await db.Members.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ChangeSponsor_MovesTheSubtree_AuditsIt_AndRefusesCycles(string kind)
    {
        using var t = await CompanyAsync(kind);
        await EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("A1", "A"), ("A11", "A1"));
        await using var db = t.Context();
        var change = new ChangeSponsor(db, TimeProvider.System);

        var cycle = await change.RunAsync(new SponsorChange("A", "A11", "admin", "typo"));
        Assert.Equal(new Problem("sponsor", "'A11' is in the downline of 'A': the change would make a cycle"), cycle.Problem);
        var noAdmin = await change.RunAsync(new SponsorChange("A1", "B", "", "typo"));
        Assert.Equal("admin", noAdmin.Problem?.Where);

        (await change.RunAsync(new SponsorChange("A1", "B", "admin", "enrolled under the wrong sponsor"))).Unwrap();
        var q = new GenealogyQueries(db);
        Assert.Equal(["A1", "B", "ROOT"], (await q.UplineAsync("A11")).Unwrap().Select(m => m.Handle));
        Assert.Equal([new Leg("A", 1, 0m), new Leg("B", 3, 0m)], (await q.LegsAsync("ROOT", Day, Day)).Unwrap());
        var a11 = await db.Members.SingleAsync(m => m.Handle == "A11");
        Assert.Equal(3, a11.Depth);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("admin", "sponsor-change", "A1"), (audit.Actor, audit.Action, audit.Subject));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ChangeStatus_KeepsHistory_AndTerminationIsFinal(string kind)
    {
        using var t = await CompanyAsync(kind);
        await EnrollAsync(t, ("ROOT", null), ("A", "ROOT"));
        await using var db = t.Context();
        var change = new ChangeStatus(db);
        (await change.RunAsync(new StatusChange("A", "suspended", Day.AddDays(10), "unpaid fee", "admin"))).Unwrap();
        (await change.RunAsync(new StatusChange("A", "terminated", Day.AddDays(20), "requested", "admin"))).Unwrap();
        var again = await change.RunAsync(new StatusChange("A", "active", Day.AddDays(30), "back", "admin"));
        Assert.Equal("status", again.Problem?.Where);
        var history = await db.MemberStatusChanges.Where(c => c.MemberId == db.Members.Single(m => m.Handle == "A").Id).OrderBy(c => c.EffectiveOn).Select(c => c.Status).ToListAsync();
        Assert.Equal(["active", "suspended", "terminated"], history);
        var blocked = await new EnrollMember(db).RunAsync(Person("C", "A"));
        Assert.Equal(new Problem("sponsor", "sponsor 'A' is terminated and cannot enroll"), blocked.Problem);
    }
}
