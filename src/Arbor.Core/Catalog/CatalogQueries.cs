using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Catalog;

/// <summary>A product with its price on a day (null when none is in effect yet) and the next price set for later, if any.</summary>
public sealed record ProductListing(Product Product, ProductPrice? Current, ProductPrice? Next);

/// <summary>The catalog as staff see it: every product, active or not, by SKU.</summary>
public sealed class CatalogQueries(ArborContext db)
{
    public async Task<IReadOnlyList<ProductListing>> OnAsync(DateOnly day, CancellationToken ct = default)
    {
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(ct);
        var prices = (await db.ProductPrices.AsNoTracking().ToListAsync(ct)).ToLookup(p => p.ProductId);
        return products.Select(p => new ProductListing(p,
            prices[p.Id].Where(x => x.EffectiveFrom <= day).MaxBy(x => x.EffectiveFrom),
            prices[p.Id].Where(x => x.EffectiveFrom > day).MinBy(x => x.EffectiveFrom))).ToList();
    }
}
