using Arbor.Core.Api;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>API tokens: create one (its secret shown on this answer only), list them, revoke one (docs/api.md).</summary>
[Allows(read: StaffRoles.Admin, write: StaffRoles.Admin)]
public sealed class TokensModel(ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string Scope { get; set; } = "read";
    [BindProperty] public long Id { get; set; }

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>The new token's secret: on the answer to its creation, never again.</summary>
    public string? Secret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var made = await new AccessTokens(db, clock).CreateAsync(Name ?? "", Scope, Actor, ct);
        if (!made.Ok) Refused("create", made.Problem!);
        else
        {
            Secret = made.Value!.Secret;
            Notice = a["Tokens.Created", made.Value.Token.Name];
            Name = null;
        }
        await LoadAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var revoked = await new AccessTokens(db, clock).RevokeAsync(Id, Actor, ct);
        if (!revoked.Ok)
        {
            Refused("list", revoked.Problem!);
            await LoadAsync(ct);
            return Page();
        }
        Notice = a["Tokens.Revoked", revoked.Value!.Name];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) => Tokens = await new AccessTokens(db, clock).ListAsync(ct);
}
