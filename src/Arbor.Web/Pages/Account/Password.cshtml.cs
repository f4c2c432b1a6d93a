using Arbor.Data;
using Arbor.Web.Resources;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Account;

/// <summary>A signed-in user changes its own password (the current one is asked again); the sign-in is renewed.</summary>
[Authorize]
public sealed class PasswordModel(UserManager<ArborUser> users, SignInManager<ArborUser> signIn, IStringLocalizer<Ui> t) : PageModel
{
    public string? Message { get; private set; }
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? next, string? repeat)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (next != repeat) Message = t["Password.Mismatch"];
        else if (string.IsNullOrEmpty(next) || next.Length < SignInRules.MinimumPasswordLength) Message = t["Password.TooShort", SignInRules.MinimumPasswordLength];
        else
        {
            var result = await users.ChangePasswordAsync(user, current ?? "", next);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                (Message, Done) = (t["Password.Changed"], true);
            }
            else
            {
                Message = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? t["Password.WrongCurrent"] : string.Join(" ", result.Errors.Select(e => e.Description));
            }
        }
        return Page();
    }
}
