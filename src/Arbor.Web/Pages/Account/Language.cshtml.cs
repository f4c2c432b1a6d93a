using Arbor.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Account;

/// <summary>Chooses the UI language: kept in a cookie, and with the user's sign-in when signed in.</summary>
public sealed class LanguageModel(UserManager<ArborUser> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl)
    {
        if (language is null || !WebApp.Languages.Contains(language)) return BadRequest();
        Languages.Remember(Response, language);
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            user.Language = language;
            await users.UpdateAsync(user);
        }
        return LocalRedirect(!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
