using Arbor.Data;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>A member's replicated shop: the catalog at retail prices; adding to the cart.</summary>
public sealed class IndexModel(ArborContext db, TimeProvider clock) : ShopPage(db, clock)
{
    [BindProperty] public string? Sku { get; set; }
    [BindProperty] public int Quantity { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Sku is { } sku && Window.Products.Any(p => p.Sku == sku)) Cart.With(sku, Cart.QuantityOf(sku) + Math.Clamp(Quantity, 1, 100)).Save(Response);
        return Redirect(CartUrl);
    }
}
