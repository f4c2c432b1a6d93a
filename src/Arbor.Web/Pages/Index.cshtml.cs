using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages;

/// <summary>The start: staff go to the back office, members to their virtual office.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        Roles.Of(User) != StaffRoles.None ? Redirect("/admin") : User.IsInRole(Roles.Member) ? Redirect("/office") : Redirect("/account/signin");
}
