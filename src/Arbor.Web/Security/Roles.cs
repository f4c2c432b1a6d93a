namespace Arbor.Web.Security;

/// <summary>
/// The roles of the web app, also the names of its authorization policies. Staff have one of
/// four roles (<see cref="StaffRoles"/>); what each may read and change is stated on every
/// back-office page (<see cref="AllowsAttribute"/>) and API endpoint, and tabled in docs/roles.md.
/// </summary>
public static class Roles
{
    /// <summary>Company staff with every right, and the only role that manages staff accounts and API tokens.</summary>
    public const string Admin = "admin";

    /// <summary>Staff: periods, payouts and the ledger; reads the rest.</summary>
    public const string Finance = "finance";

    /// <summary>Staff: members, orders, returns, autoships, messages; reads money without changing it.</summary>
    public const string Support = "support";

    /// <summary>Staff: the compliance reports and settings, simulations and training; reads everything else.</summary>
    public const string Compliance = "compliance";

    /// <summary>A distributor: the virtual office, over itself and its downline.</summary>
    public const string Member = "member";

    /// <summary>The policy of the back office as a whole: any staff role.</summary>
    public const string Staff = "staff";

    /// <summary>The staff roles, in the order the staff page lists them.</summary>
    public static readonly IReadOnlyList<string> StaffNames = [Admin, Finance, Support, Compliance];

    /// <summary>The flag of a staff role's name; <see cref="StaffRoles.None"/> for any other name.</summary>
    public static StaffRoles Flag(string role) => role switch
    {
        Admin => StaffRoles.Admin,
        Finance => StaffRoles.Finance,
        Support => StaffRoles.Support,
        Compliance => StaffRoles.Compliance,
        _ => StaffRoles.None,
    };

    /// <summary>The staff roles of a signed-in user, as flags; none while it looks at a member's office (<see cref="ActAs"/>).</summary>
    public static StaffRoles Of(System.Security.Claims.ClaimsPrincipal user) => ActAs.IsActing(user)
        ? StaffRoles.None
        : StaffNames.Where(user.IsInRole).Aggregate(StaffRoles.None, (all, name) => all | Flag(name));
}

/// <summary>Staff roles as flags, for stating what a page or endpoint allows.</summary>
[Flags]
public enum StaffRoles
{
    None = 0,
    Admin = 1,
    Finance = 2,
    Support = 4,
    Compliance = 8,
    AllStaff = Admin | Finance | Support | Compliance,
}

/// <summary>Sign-in rules, one place: lockout and password length.</summary>
public static class SignInRules
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public const int MinimumPasswordLength = 10;
}
