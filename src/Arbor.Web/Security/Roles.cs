namespace Arbor.Web.Security;

/// <summary>The roles of the web app, also the names of its authorization policies.</summary>
public static class Roles
{
    /// <summary>Company staff: the back office.</summary>
    public const string Admin = "admin";

    /// <summary>A distributor: the virtual office, over itself and its downline.</summary>
    public const string Member = "member";
}

/// <summary>Sign-in rules, one place: lockout and password length.</summary>
public static class SignInRules
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public const int MinimumPasswordLength = 10;
}
