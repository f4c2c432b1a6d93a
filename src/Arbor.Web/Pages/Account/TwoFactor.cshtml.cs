using Arbor.Core.Audit;
using Arbor.Core.Setup;
using Arbor.Data;
using Arbor.Web.Resources;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Account;

/// <summary>
/// The signed-in user's two-factor sign-in (<see cref="TwoFactor"/>): set up an authenticator app
/// (its key as text and as a QR code), prove it with a code, get recovery codes (shown once);
/// new recovery codes; turn it off, unless the company requires it of staff.
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<ArborUser> users, SignInManager<ArborUser> signIn, ArborDatabase database, TimeProvider clock, IStringLocalizer<Ui> t) : PageModel
{
    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string Key { get; private set; } = "";
    public string AppUri { get; private set; } = "";
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>New recovery codes: on this answer only.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string? Message { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = Redirects.Local(Url, returnUrl);
        return await LoadAsync() ? Page() : Challenge();
    }

    /// <summary>Proves the authenticator app with a code and turns two-factor sign-in on; this sign-in counts as passed.</summary>
    public async Task<IActionResult> OnPostEnableAsync(string? code, string? returnUrl)
    {
        ReturnUrl = Redirects.Local(Url, returnUrl);
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            Message = t["TwoFactor.WrongCode"];
            await LoadAsync();
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await new AuditLog(database, clock).RecordAsync(user.UserName!, "two-factor-on", user.UserName!, "authenticator app", HttpContext.RequestAborted);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new(TwoFactor.MethodClaim, TwoFactor.Multiple)]);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await new AuditLog(database, clock).RecordAsync(user.UserName!, "two-factor-codes", user.UserName!, "new recovery codes", HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await LoadAsync();
        if (Required)
        {
            Message = t["TwoFactor.RequiredKeep"];
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await new AuditLog(database, clock).RecordAsync(user.UserName!, "two-factor-off", user.UserName!, "", HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return false;
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = Roles.Of(User) != StaffRoles.None && await new SignInPolicy(database, clock).StaffTwoFactorAsync(HttpContext.RequestAborted);
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return true;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = key!;
        AppUri = TwoFactor.AppUri(user.UserName!, Key);
        return true;
    }
}
