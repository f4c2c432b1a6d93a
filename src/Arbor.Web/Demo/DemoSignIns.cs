using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Demo;

/// <summary>A demo sign-in, as <c>arbor serve --demo</c> prints it.</summary>
public sealed record DemoSignIn(string UserName, string Password, string Role, string Who);

/// <summary>
/// The demo company's sign-ins: an admin, the other staff roles, and distributors at different paid-as ranks of the
/// last closed period (the highest, one in the middle, and one without a rank), all with the
/// same published password. Created once; a second start finds them.
/// </summary>
public static class DemoSignIns
{
    /// <summary>The demo password: published, so only ever for the demo company.</summary>
    public const string Password = "arbor-demo-2026";

    public const string AdminUser = "admin";

    /// <summary>The demo's other staff: two in finance (a close with four eyes needs two), support and compliance.</summary>
    public static readonly IReadOnlyList<(string UserName, string Role, string Who)> Staff =
    [
        ("finance", Roles.Finance, "staff: periods, payouts, ledger"),
        ("finance2", Roles.Finance, "staff: a second pair of eyes in finance"),
        ("support", Roles.Support, "staff: members, orders; reads money"),
        ("compliance", Roles.Compliance, "staff: compliance; reads everything"),
    ];

    public static async Task<IReadOnlyList<DemoSignIn>> EnsureAsync(IServiceProvider services, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArborUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ArborContext>();
        await scope.ServiceProvider.GetRequiredService<StaffAccounts>().EnsureRolesAsync();
        var signIns = new List<DemoSignIn> { await EnsureAsync(users, AdminUser, null, Roles.Admin, "staff: everything") };
        foreach (var (name, role, who) in Staff) signIns.Add(await EnsureAsync(users, name, null, role, who));

        var last = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).FirstOrDefaultAsync(ct);
        if (last is null) return signIns;
        var ranked = await db.PeriodMembers.AsNoTracking().Where(p => p.PeriodId == last.Id)
            .Join(db.Members.AsNoTracking().Where(m => m.Status == "active"), p => p.MemberId, m => m.Id, (p, m) => new { m.Id, m.Handle, m.Name, p.Rank, p.Gv })
            .ToListAsync(ct);
        // The biggest member of each rank, ranks from the highest group volume down.
        var byRank = ranked.GroupBy(r => r.Rank).Select(g => g.OrderByDescending(r => r.Gv).ThenBy(r => r.Handle, StringComparer.Ordinal).First())
            .OrderByDescending(r => r.Gv).ToList();
        var picks = new[] { byRank.FirstOrDefault(), byRank.ElementAtOrDefault(byRank.Count / 2), byRank.LastOrDefault() }
            .Where(p => p is not null).DistinctBy(p => p!.Id);
        foreach (var p in picks)
        {
            var rank = p!.Rank.Length == 0 ? "no rank" : p.Rank;
            signIns.Add(await EnsureAsync(users, p.Handle, p.Id, Roles.Member, $"{p.Name}, paid as {rank} in {last.Key}"));
        }
        return signIns;
    }

    private static async Task<DemoSignIn> EnsureAsync(UserManager<ArborUser> users, string name, long? memberId, string role, string who)
    {
        if (await users.FindByNameAsync(name) is null)
        {
            var user = new ArborUser { UserName = name, MemberId = memberId, EmailConfirmed = true };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
        }
        return new DemoSignIn(name, Password, role, who);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
