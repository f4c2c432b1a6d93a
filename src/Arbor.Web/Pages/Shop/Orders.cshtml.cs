using Arbor.Core;
using Arbor.Core.Shop;
using Arbor.Data;
using Arbor.Web.Shop;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>A customer asks for its order history: a signed link goes to its e-mail; the page never says whether the address is known.</summary>
public sealed class OrdersModel(ArborContext db, TimeProvider clock, CustomerLinks links) : ShopPage(db, clock)
{
    [BindProperty] public string? Email { get; set; }

    public Problem? Problem { get; private set; }
    public string? SentTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var sent = await new ShopCustomers(Db, Clock).SendOrdersLinkAsync(Email ?? "", links.LinkFor(Request, Handle), ct);
        if (sent.Ok) SentTo = Email!.Trim();
        else Problem = sent.Problem;
        return Page();
    }
}
