using System.Globalization;
using System.Security.Claims;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Arbor.Web.Security;

/// <summary>
/// "Act as a member": support staff open a member's virtual office to see exactly what it sees,
/// read-only, without its password. The staff member's own sign-in is issued again with the
/// member's claims and two of its own (the look's audit entry and the member's handle); while
/// they are there, <see cref="Roles.Of"/> counts no staff role (the back office is closed), every
/// page shows a banner, and <see cref="ReadOnly"/> refuses anything but reading. The start and the
/// end are in the audit trail, and the member sees them on its profile (<see cref="AuditLog.LooksAtAsync"/>).
/// </summary>
public sealed class ActAs(SignInManager<ArborUser> signIn, UserManager<ArborUser> users, ArborDatabase database, TimeProvider clock)
{
    public const string SessionClaim = "arbor:acting-session", HandleClaim = "arbor:acting-handle";

    /// <summary>The staff roles that may act as a member.</summary>
    public const StaffRoles Allowed = StaffRoles.Admin | StaffRoles.Support;

    public static bool IsActing(ClaimsPrincipal user) => user.HasClaim(c => c.Type == SessionClaim);

    /// <summary>The member looked at, while acting.</summary>
    public static string? Handle(ClaimsPrincipal user) => user.FindFirst(HandleClaim)?.Value;

    /// <summary>The claims a look adds to the staff member's sign-in (also kept when the sign-in is refreshed).</summary>
    public static IEnumerable<Claim> Claims(ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type is SessionClaim or HandleClaim || c.Type == MemberClaims.MemberId || (c.Type == ClaimTypes.Role && c.Value == Roles.Member));

    public async Task<Outcome<long>> StartAsync(ClaimsPrincipal staff, Member member, CancellationToken ct = default)
    {
        if (IsActing(staff)) return new Problem("member", "end the look at the other member's office first");
        if ((Roles.Of(staff) & Allowed) == 0) return new Problem("role", $"only {StaffAccess.Names(Allowed)} may look at a member's office");
        var user = await users.GetUserAsync(staff);
        if (user is null) return new Problem("user", "not signed in");
        var session = await new AuditLog(database, clock).RecordAsync(user.UserName!, AuditLog.LookStarted, member.Handle, "read-only look at the virtual office", ct);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
        [
            new Claim(ClaimTypes.Role, Roles.Member),
            new Claim(MemberClaims.MemberId, member.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(SessionClaim, session.ToString(CultureInfo.InvariantCulture)),
            new Claim(HandleClaim, member.Handle),
            .. TwoFactor.Kept(staff),
        ]);
        return session;
    }

    /// <summary>Ends the look (recorded) and gives the staff member its own sign-in back; nothing when not acting.</summary>
    public async Task EndAsync(ClaimsPrincipal current, bool signInAgain, CancellationToken ct = default)
    {
        if (!IsActing(current)) return;
        var session = long.Parse(current.FindFirst(SessionClaim)!.Value, CultureInfo.InvariantCulture);
        await new AuditLog(database, clock).RecordAsync(current.Identity?.Name ?? "", AuditLog.LookEnded, Handle(current) ?? "", AuditLog.LookSession(session), ct);
        if (signInAgain && await users.GetUserAsync(current) is { } user) await signIn.SignInWithClaimsAsync(user, isPersistent: false, [.. TwoFactor.Kept(current)]);
    }

    /// <summary>The paths a look may post to: its own end, and signing out.</summary>
    private static readonly PathString End = "/account/endlook", SignOut = "/account/signout";

    /// <summary>Middleware: while acting, only reading (GET, HEAD) passes, on pages and the API alike; the rest is 403.</summary>
    public static async Task ReadOnly(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (IsActing(context.User) && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)
            && !context.Request.Path.Equals(End, StringComparison.OrdinalIgnoreCase) && !context.Request.Path.Equals(SignOut, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next(context);
    }
}
