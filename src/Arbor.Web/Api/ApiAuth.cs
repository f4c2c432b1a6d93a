using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Arbor.Core.Api;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Arbor.Web.Api;

/// <summary>
/// Who may call the API. A request with <c>Authorization: Bearer arb_…</c> is an integration with a
/// personal access token (company-wide, scoped read or write); any other request is a signed-in
/// web user (the sign-in cookie): staff see the company, a member itself and its downline.
/// </summary>
public static class ApiAuth
{
    /// <summary>The API's scheme: a token when the request carries one, else the sign-in cookie.</summary>
    public const string Scheme = "api";
    public const string TokenScheme = "token";
    public const string TokenClaim = "arbor:token";
    public const string ScopeClaim = "arbor:scope";

    /// <summary>
    /// Policies: read (any caller), write (a write token, a member, or staff whose role changes
    /// members and orders: <see cref="ApiWriters"/>), staff (a token or any staff role). docs/roles.md tables them.
    /// </summary>
    public const string Read = "api.read", Write = "api.write", Staff = "api.staff";

    public static void Add(IServiceCollection services, AuthorizationBuilder authorization)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenScheme, null)
            .AddPolicyScheme(Scheme, "token or sign-in", o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : IdentityConstants.ApplicationScheme);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();
        authorization
            .AddPolicy(Read, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireAssertion(c => IsCaller(c.User)))
            .AddPolicy(Write, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireAssertion(c => IsCaller(c.User) && CanWrite(c.User)))
            .AddPolicy(Staff, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireAssertion(c => IsStaff(c.User)));
    }

    public static bool IsToken(ClaimsPrincipal user) => user.HasClaim(c => c.Type == TokenClaim);

    /// <summary>The staff roles that change things through the API (members, orders, returns, customers, prospects, messages).</summary>
    public const StaffRoles ApiWriters = StaffRoles.Admin | StaffRoles.Support;

    public static bool IsStaff(ClaimsPrincipal user) => IsToken(user) || Roles.Of(user) != StaffRoles.None;

    private static bool IsCaller(ClaimsPrincipal user) => IsStaff(user) || (user.IsInRole(Roles.Member) && user.HasClaim(c => c.Type == MemberClaims.MemberId));

    private static bool CanWrite(ClaimsPrincipal user) => IsToken(user)
        ? user.FindFirst(ScopeClaim)?.Value == "write"
        : Roles.Of(user) is var staff && (staff == StaffRoles.None || (staff & ApiWriters) != 0);

    /// <summary>What the caller is called in idempotency keys and the audit trail: <c>token:ID</c> or <c>user:NAME</c>.</summary>
    public static string Principal(ClaimsPrincipal user) =>
        user.FindFirst(TokenClaim)?.Value is { } id ? $"token:{id}" : $"user:{user.Identity?.Name}";
}

/// <summary>Authenticates <c>Authorization: Bearer arb_…</c> against the stored hashes, on every request (a revocation holds at once, on every server).</summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ArborDatabase database, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        await using var db = database.CreateContext();
        var token = await new AccessTokens(db, clock).AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("the token is unknown or revoked");
        var id = token.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"token {id} ({token.Name})"), new Claim(ApiAuth.TokenClaim, id), new Claim(ApiAuth.ScopeClaim, token.Scope)],
            ApiAuth.TokenScheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiAuth.TokenScheme));
    }
}

/// <summary>
/// Refusals of API requests as problem details (401 with what to send, 403 with why), never the
/// sign-in page's redirect; the pages keep their redirects.
/// </summary>
public sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _pages = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || result.Succeeded)
        {
            await _pages.HandleAsync(next, context, policy, result);
            return;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            // No API endpoint matched (404, or routing's own 405/415 answer): the fallback policy is for pages;
            // nothing runs here but the status, which the API answers as a problem.
            await next(context);
            return;
        }
        var user = context.User;
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (result.Challenged || user.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiResults.Write(context, StatusCodes.Status401Unauthorized, "authorization", bearer
                ? "the token is unknown or revoked"
                : "send a personal access token (Authorization: Bearer arb_…) or sign in");
            return;
        }
        var staff = Roles.Of(user);
        var detail = ApiAuth.IsToken(user)
            ? "this token is scoped read: it cannot create or change anything"
            : staff != StaffRoles.None
                ? $"your role ({StaffAccess.Names(staff)}) reads the API; changes through it are for {StaffAccess.Names(ApiAuth.ApiWriters)}"
                : "this is for staff and API tokens: a member reaches itself and its downline";
        await ApiResults.Write(context, StatusCodes.Status403Forbidden, "authorization", detail);
    }
}
