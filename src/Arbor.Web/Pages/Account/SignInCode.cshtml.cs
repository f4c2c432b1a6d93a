using Arbor.Data;
using Arbor.Web.Resources;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Account;

/// <summary>The second step of a two-factor sign-in: the authenticator app's code, or one of the recovery codes (each once); locked like a password after repeated failures.</summary>
public sealed class SignInCodeModel(SignInManager<ArborUser> signIn, IStringLocalizer<Ui> t) : PageModel
{
    public string? Message { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = Redirects.Local(Url, returnUrl);
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/account/signin") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = Redirects.Local(Url, returnUrl);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return Redirect("/account/signin");
        var text = (code ?? "").Trim();
        var digits = text.Replace(" ", "", StringComparison.Ordinal);
        // Six digits are the app's code; anything else is tried as a recovery code.
        var result = digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(text);
        if (result.Succeeded)
        {
            if (user.Language is { } language) Languages.Remember(Response, language);
            return LocalRedirect(ReturnUrl);
        }
        Message = result.IsLockedOut ? t["SignIn.LockedOut", (int)SignInRules.LockoutTime.TotalMinutes] : t["TwoFactor.WrongCode"];
        return Page();
    }
}
