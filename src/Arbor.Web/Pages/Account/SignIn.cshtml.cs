using Arbor.Data;
using Arbor.Web.Resources;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Account;

/// <summary>Sign-in with user name and password; locked for a while after repeated failures (<see cref="SignInRules"/>).</summary>
public sealed class SignInModel(SignInManager<ArborUser> signIn, IStringLocalizer<Ui> t) : PageModel
{
    public string? Message { get; private set; }
    public string Username { get; private set; } = "";
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Redirects.Local(Url, returnUrl);

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl)
    {
        ReturnUrl = Redirects.Local(Url, returnUrl);
        Username = username ?? "";
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            Message = t["SignIn.Required"];
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(username.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var user = await signIn.UserManager.FindByNameAsync(username.Trim());
            if (user?.Language is { } language) Languages.Remember(Response, language);
            return LocalRedirect(ReturnUrl);
        }
        if (result.RequiresTwoFactor) return Redirect($"/account/signincode?returnUrl={Uri.EscapeDataString(ReturnUrl)}");
        Message = result.IsLockedOut ? t["SignIn.LockedOut", (int)SignInRules.LockoutTime.TotalMinutes] : t["SignIn.Failed"];
        return Page();
    }
}
