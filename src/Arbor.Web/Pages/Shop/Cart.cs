using System.Globalization;
using Arbor.Core.Orders;
using Microsoft.AspNetCore.Http;

namespace Arbor.Web.Pages.Shop;

/// <summary>
/// A shop visitor's cart, kept in a cookie (no account needed): the shop's handle and SKU:quantity
/// pairs. Another shop's cart is replaced, not merged. Prices are never kept here: checkout prices
/// the cart again on the server.
/// </summary>
public sealed record Cart(string Shop, IReadOnlyList<Item> Items)
{
    public const string Cookie = "arbor.cart";

    public static Cart Of(HttpRequest request, string shop)
    {
        var text = request.Cookies[Cookie];
        if (text is null || !text.StartsWith(shop + "|", StringComparison.Ordinal)) return new Cart(shop, []);
        var items = new List<Item>();
        foreach (var pair in text[(shop.Length + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split(':');
            if (kv.Length == 2 && int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q is > 0 and <= 1000) items.Add(new Item(Uri.UnescapeDataString(kv[0]), q));
        }
        return new Cart(shop, items);
    }

    public Cart With(string sku, int quantity)
    {
        var items = Items.Where(i => i.Sku != sku).ToList();
        if (quantity > 0) items.Add(new Item(sku, Math.Min(quantity, 1000)));
        return this with { Items = items };
    }

    public int QuantityOf(string sku) => Items.FirstOrDefault(i => i.Sku == sku)?.Quantity ?? 0;

    public void Save(HttpResponse response)
    {
        var value = $"{Shop}|{string.Join(",", Items.Select(i => $"{Uri.EscapeDataString(i.Sku)}:{i.Quantity.ToString(CultureInfo.InvariantCulture)}"))}";
        response.Cookies.Append(Cookie, value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(30) });
    }

    public void Clear(HttpResponse response) => response.Cookies.Delete(Cookie);
}
