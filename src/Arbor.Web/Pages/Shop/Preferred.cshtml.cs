using Arbor.Core;
using Arbor.Core.Shop;
using Arbor.Data;
using Arbor.Web.Shop;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>Signing up as a preferred customer of the shop's member: the member price on every order, no fee.</summary>
public sealed class PreferredModel(ArborContext db, TimeProvider clock, CustomerLinks links) : ShopPage(db, clock)
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }

    public Problem? Problem { get; private set; }
    public SignedUp? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var result = await new ShopCustomers(Db, Clock).SignUpPreferredAsync(new PreferredSignUp(Handle, Name ?? "", Email ?? "", Today, links.LinkFor(Request, Handle)), ct);
        if (result.Ok) Done = result.Value;
        else Problem = result.Problem;
        return Page();
    }
}
