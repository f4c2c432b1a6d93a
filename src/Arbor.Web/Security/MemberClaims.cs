using System.Globalization;
using System.Security.Claims;
using Arbor.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Arbor.Web.Security;

/// <summary>Adds the member a sign-in belongs to (its database id) to the sign-in's claims.</summary>
public sealed class MemberClaims(UserManager<ArborUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ArborUser, IdentityRole>(users, roles, options)
{
    public const string MemberId = "arbor:member";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ArborUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MemberId is { } id) identity.AddClaim(new Claim(MemberId, id.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
