using Arbor.Core;
using Arbor.Core.Shop;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>The cart and checkout: as a guest or a returning customer (by e-mail); paid through the payment gateway, ordered once.</summary>
public sealed class CartPageModel(ArborContext db, TimeProvider clock, IPaymentGateway payments, Estimates.EstimateService estimates, Web.Shop.CustomerLinks links) : ShopPage(db, clock)
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }

    /// <summary>The checkout's key, made when the form is shown: a double click or a reload sends it again, and gets the same order.</summary>
    [BindProperty] public string? CheckoutKey { get; set; }
    [BindProperty] public string? Sku { get; set; }

    public Problem? Problem { get; private set; }

    public IEnumerable<(ShopProduct Product, int Quantity)> Lines =>
        Cart.Items.Select(i => (Window.Products.FirstOrDefault(p => p.Sku == i.Sku), i.Quantity)).Where(l => l.Item1 is not null).Select(l => (l.Item1!, l.Quantity));

    public decimal Total => Lines.Sum(l => l.Product.Price * l.Quantity);

    /// <summary>What a preferred customer pays for the same cart.</summary>
    public decimal PreferredTotal => Lines.Sum(l => l.Product.PreferredPrice * l.Quantity);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        CheckoutKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Sku is not null) Cart.With(Sku, 0).Save(Response);
        return Redirect(CartUrl);
    }

    public async Task<IActionResult> OnPostCheckoutAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var request = new CheckoutRequest(Handle, [.. Lines.Select(l => new Core.Orders.Item(l.Product.Sku, l.Quantity))], Name ?? "", Email ?? "", CheckoutKey ?? "", Today, links.LinkFor(Request, Handle));
        var receipt = await new ShopFront(Db, Clock).CheckoutAsync(request, payments, ct);
        if (!receipt.Ok)
        {
            Problem = receipt.Problem;
            return Page();
        }
        if (!receipt.Value!.Replayed) estimates.Changed();
        Cart.Clear(Response);
        return Redirect($"/shop/{Uri.EscapeDataString(Handle)}/thanks/{Uri.EscapeDataString(receipt.Value!.Number)}");
    }
}
