using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Data;
using Microsoft.AspNetCore.Identity;

namespace Arbor.Web.Security;

/// <summary>A staff sign-in as the staff page and <c>arbor staff list</c> show it.</summary>
public sealed record StaffAccount(string UserName, string Role, bool Locked);

/// <summary>
/// Staff sign-ins and their roles: added, given another role, locked and unlocked by an admin (the
/// back office's staff page) or by whoever runs the command line on the company's database
/// (<c>arbor staff</c>, how the first admin is made). Every change is in the audit trail. A
/// company always keeps one admin who can sign in: the last one cannot lose the role or be locked.
/// </summary>
public sealed class StaffAccounts(UserManager<ArborUser> users, RoleManager<IdentityRole> roles, ArborDatabase database, TimeProvider clock)
{
    /// <summary>Creates the roles that do not exist yet (a new database has none).</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.StaffNames.Append(Roles.Member))
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
        }
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync()
    {
        var accounts = new List<StaffAccount>();
        foreach (var role in Roles.StaffNames)
        {
            foreach (var user in await users.GetUsersInRoleAsync(role))
            {
                accounts.Add(new StaffAccount(user.UserName!, role, IsLocked(user)));
            }
        }
        return [.. accounts.OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }

    public async Task<Outcome<StaffAccount>> AddAsync(string actor, string userName, string password, string role, CancellationToken ct = default)
    {
        userName = userName.Trim();
        if (userName.Length == 0) return new Problem("user", "a staff sign-in needs a user name");
        if (Roles.Flag(role) == StaffRoles.None) return new Problem("role", $"'{role}' is not a staff role: use one of {string.Join(", ", Roles.StaffNames)}");
        if (await users.FindByNameAsync(userName) is not null) return new Problem("user", $"the user name '{userName}' is taken");
        await EnsureRolesAsync();
        var user = new ArborUser { UserName = userName, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return new Problem("password", string.Join(" ", created.Errors.Select(e => e.Description)));
        Check(await users.AddToRoleAsync(user, role));
        await new AuditLog(database, clock).RecordAsync(actor, "staff-add", userName, $"role {role}", ct);
        return new StaffAccount(userName, role, false);
    }

    public async Task<Outcome<StaffAccount>> SetRoleAsync(string actor, string userName, string role, CancellationToken ct = default)
    {
        if (Roles.Flag(role) == StaffRoles.None) return new Problem("role", $"'{role}' is not a staff role: use one of {string.Join(", ", Roles.StaffNames)}");
        var found = await StaffAsync(userName);
        if (!found.Ok) return found.Problem!;
        var (user, old) = found.Value;
        if (old == role) return new StaffAccount(user.UserName!, role, IsLocked(user));
        if (old == Roles.Admin && !await AnotherAdminAsync(user)) return new Problem("role", $"{userName} is the only admin who can sign in: make another admin first");
        await EnsureRolesAsync();
        Check(await users.RemoveFromRoleAsync(user, old));
        Check(await users.AddToRoleAsync(user, role));
        // Signed-in sessions carry the old role until their cookie is checked again: the security stamp ends them.
        Check(await users.UpdateSecurityStampAsync(user));
        await new AuditLog(database, clock).RecordAsync(actor, "staff-role", user.UserName!, $"{old} → {role}", ct);
        return new StaffAccount(user.UserName!, role, IsLocked(user));
    }

    /// <summary>Locks a sign-in (it can no longer sign in, and its sessions end) or unlocks it.</summary>
    public async Task<Outcome<StaffAccount>> SetLockedAsync(string actor, string userName, bool locked, CancellationToken ct = default)
    {
        var found = await StaffAsync(userName);
        if (!found.Ok) return found.Problem!;
        var (user, role) = found.Value;
        if (locked && string.Equals(user.UserName, actor, StringComparison.Ordinal)) return new Problem("user", "you cannot lock your own sign-in");
        if (locked && role == Roles.Admin && !await AnotherAdminAsync(user)) return new Problem("user", $"{userName} is the only admin who can sign in: make another admin first");
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
        if (!locked) Check(await users.ResetAccessFailedCountAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await new AuditLog(database, clock).RecordAsync(actor, locked ? "staff-lock" : "staff-unlock", user.UserName!, $"role {role}", ct);
        return new StaffAccount(user.UserName!, role, locked);
    }

    private async Task<Outcome<(ArborUser User, string Role)>> StaffAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null) return new Problem("user", $"no sign-in '{userName}'");
        foreach (var role in Roles.StaffNames)
        {
            if (await users.IsInRoleAsync(user, role)) return (user, role);
        }
        return new Problem("user", $"'{userName}' is not a staff sign-in");
    }

    private async Task<bool> AnotherAdminAsync(ArborUser user) =>
        (await users.GetUsersInRoleAsync(Roles.Admin)).Any(a => a.Id != user.Id && !IsLocked(a));

    private bool IsLocked(ArborUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
