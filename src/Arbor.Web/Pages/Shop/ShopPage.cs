using Arbor.Core.Shop;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Shop;

/// <summary>What every shop page has: the shop of the handle in the address (or "not found"), and the visitor's cart.</summary>
public abstract class ShopPage(ArborContext db, TimeProvider clock) : PageModel
{
    protected ArborContext Db => db;
    protected TimeProvider Clock => clock;

    [BindProperty(SupportsGet = true)] public string Handle { get; set; } = "";

    public ShopWindow Window { get; private set; } = new("", "", "", []);
    public Cart Cart { get; private set; } = new("", []);

    protected DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    protected string CartUrl => $"/shop/{Uri.EscapeDataString(Handle)}/cart";

    /// <summary>Opens the shop; false when there is none (unknown or terminated member).</summary>
    protected async Task<bool> LoadAsync(CancellationToken ct)
    {
        var window = await new ShopFront(db, clock).OpenAsync(Handle, Today, ct);
        if (!window.Ok) return false;
        Window = window.Value!;
        Cart = Cart.Of(Request, Handle);
        return true;
    }
}
