using Arbor.Core.Shop;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>One product of a member's shop: its description, the retail price and what a preferred customer pays.</summary>
public sealed class ProductModel(ArborContext db, TimeProvider clock) : ShopPage(db, clock)
{
    [BindProperty(SupportsGet = true)] public string Sku { get; set; } = "";

    public ShopProduct Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Window.Product(Sku) is not { } product) return NotFound();
        Product = product;
        return Page();
    }
}
