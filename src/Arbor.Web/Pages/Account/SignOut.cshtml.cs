using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Account;

/// <summary>Signs out (a POST with its antiforgery token; a GET only goes back to the start).</summary>
public sealed class SignOutModel(SignInManager<ArborUser> signIn, ActAs look) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await look.EndAsync(User, signInAgain: false, ct);
        await signIn.SignOutAsync();
        return Redirect("/account/signin");
    }
}
