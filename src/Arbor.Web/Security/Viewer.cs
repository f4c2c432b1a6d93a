using System.Globalization;
using System.Security.Claims;
using Arbor.Core;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.AspNetCore.Http;

namespace Arbor.Web.Security;

/// <summary>
/// The signed-in user of this request, and what it may see: the member pages ask it for every
/// member they show or act on (<see cref="Visibility"/>, the rule in Core).
/// </summary>
public sealed class Viewer(IHttpContextAccessor http, ArborContext db)
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>The signed-in member's database id; null for staff and visitors.</summary>
    public long? MemberId => User.FindFirst(MemberClaims.MemberId)?.Value is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>Staff looking at the member's office (<see cref="ActAs"/>): it reads without leaving a trace in the member's data (no read receipts).</summary>
    public bool IsActing => ActAs.IsActing(User);

    /// <summary>The signed-in member itself.</summary>
    public Task<Outcome<Member>> SelfAsync(CancellationToken ct = default) =>
        MemberId is { } id ? new Visibility(db).SelfAsync(id, ct) : Task.FromResult(Outcome<Member>.Fail("member", "not signed in as a member"));

    /// <summary>A member the signed-in member may see (itself or its downline); refused otherwise.</summary>
    public Task<Outcome<Member>> SeeAsync(string handle, CancellationToken ct = default) =>
        MemberId is { } id ? new Visibility(db).SeeAsync(id, handle, ct) : Task.FromResult(Outcome<Member>.Fail("member", "not signed in as a member"));
}
