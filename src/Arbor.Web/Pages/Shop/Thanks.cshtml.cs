using Arbor.Data;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>After checkout: the order's number (the confirmation goes by e-mail, through the outbox).</summary>
public sealed class ThanksModel(ArborContext db, TimeProvider clock) : ShopPage(db, clock)
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();
}
