using System.Security.Claims;
using System.Text;
using Arbor.Core.Setup;
using Arbor.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Security;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, ASP.NET Core Identity's authenticator token
/// provider and recovery codes). A member may turn it on for itself; a company setting
/// (<see cref="SignInPolicy"/>) requires it of staff: a staff sign-in without a second factor
/// reaches nothing but the account pages until it has set one up and used it
/// (<see cref="RequireForStaff"/>).
/// </summary>
public static class TwoFactor
{
    /// <summary>The claim Identity adds to a sign-in that passed a second factor.</summary>
    public const string MethodClaim = "amr", Multiple = "mfa";

    public const string Issuer = "Arbor";

    public static bool Passed(ClaimsPrincipal user) => user.HasClaim(MethodClaim, Multiple);

    /// <summary>The claims that carry a passed second factor over a sign-in issued again (a look at a member's office, its end).</summary>
    public static IEnumerable<Claim> Kept(ClaimsPrincipal user) => user.FindAll(c => c.Type == MethodClaim && c.Value == Multiple);

    /// <summary>The authenticator app's address for <paramref name="key"/> (the QR code's text).</summary>
    public static string AppUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The key as people type it: groups of four, lower case.</summary>
    public static string Readable(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>Paths a staff sign-in without a second factor still reaches: its account pages, the assets, health.</summary>
    private static bool Open(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/lib")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/error") || path == "/favicon.ico";

    /// <summary>Middleware: when the company requires it, staff without a passed second factor are sent to set one up (pages) or refused (API).</summary>
    public static async Task RequireForStaff(HttpContext context, RequestDelegate next)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && !Passed(user) && Roles.Of(user) != StaffRoles.None && !Open(context.Request.Path)
            && await new SignInPolicy(context.RequestServices.GetRequiredService<ArborDatabase>(), context.RequestServices.GetRequiredService<TimeProvider>())
                .StaffTwoFactorAsync(context.RequestAborted))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Api.ApiResults.Write(context, StatusCodes.Status403Forbidden, "two-factor", "this company requires staff to sign in with two factors: set one up at /account/twofactor");
                return;
            }
            context.Response.Redirect($"/account/twofactor?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            return;
        }
        await next(context);
    }
}
