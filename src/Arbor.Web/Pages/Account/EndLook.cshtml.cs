using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Account;

/// <summary>Ends a look at a member's office (<see cref="ActAs"/>): recorded, and back to the member in the back office.</summary>
public sealed class EndLookModel(ActAs look) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var handle = ActAs.Handle(User);
        await look.EndAsync(User, signInAgain: true, ct);
        return Redirect(handle is null ? "/" : $"/admin/members/{Uri.EscapeDataString(handle)}");
    }
}
