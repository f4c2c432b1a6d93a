using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Catalog;

/// <summary>A product's prices and points from a date on.</summary>
public sealed record Price(DateOnly EffectiveFrom, decimal Retail, decimal Member, decimal Pv, decimal Cv);

/// <summary>A new product with its first price.</summary>
public sealed record NewProduct(string Sku, string Name, string Description, string Currency, Price Price);

/// <summary>
/// The catalog: products and their prices. A price change takes effect from its date and
/// never touches an order placed before it: orders copy the prices in force when placed.
/// </summary>
public sealed class Catalog(ArborContext db)
{
    public async Task<Outcome<Product>> AddProductAsync(NewProduct p, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(p.Sku)) return new Problem("sku", "a SKU is required");
        if (string.IsNullOrWhiteSpace(p.Name)) return new Problem("name", $"product {p.Sku} needs a name");
        if (p.Currency.Length != 3) return new Problem("currency", $"currency '{p.Currency}' must be a three-letter ISO code");
        if (CheckPrice(p.Sku, p.Price) is { } bad) return bad;
        if (await db.Products.AnyAsync(x => x.Sku == p.Sku, ct)) return new Problem("sku", $"SKU '{p.Sku}' already exists");
        var product = new Product { Sku = p.Sku, Name = p.Name, Description = p.Description, Currency = p.Currency.ToUpperInvariant(), Active = true };
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        db.ProductPrices.Add(Row(product.Id, p.Price));
        await db.SaveChangesAsync(ct);
        return product;
    }

    /// <summary>Sets a product's prices from a date on (a later change on the same date replaces it).</summary>
    public async Task<Outcome<ProductPrice>> SetPriceAsync(string sku, Price price, CancellationToken ct = default)
    {
        if (CheckPrice(sku, price) is { } bad) return bad;
        var product = await db.Products.SingleOrDefaultAsync(x => x.Sku == sku, ct);
        if (product is null) return new Problem("sku", $"unknown SKU '{sku}'");
        var existing = await db.ProductPrices.SingleOrDefaultAsync(x => x.ProductId == product.Id && x.EffectiveFrom == price.EffectiveFrom, ct);
        if (existing is not null) db.ProductPrices.Remove(existing);
        var row = Row(product.Id, price);
        db.ProductPrices.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    public async Task<Outcome<Product>> SetActiveAsync(string sku, bool active, CancellationToken ct = default)
    {
        var product = await db.Products.SingleOrDefaultAsync(x => x.Sku == sku, ct);
        if (product is null) return new Problem("sku", $"unknown SKU '{sku}'");
        product.Active = active;
        await db.SaveChangesAsync(ct);
        return product;
    }

    /// <summary>The price of <paramref name="productId"/> in force on <paramref name="date"/>, or null before its first price.</summary>
    public async Task<ProductPrice?> PriceOnAsync(long productId, DateOnly date, CancellationToken ct = default) =>
        await db.ProductPrices.AsNoTracking()
            .Where(x => x.ProductId == productId && x.EffectiveFrom <= date)
            .OrderByDescending(x => x.EffectiveFrom)
            .FirstOrDefaultAsync(ct);

    private static Problem? CheckPrice(string sku, Price p)
    {
        if (p.Retail < 0 || p.Member < 0) return new Problem("price", $"{sku}: a price cannot be negative");
        if (p.Pv < 0 || p.Cv < 0) return new Problem("points", $"{sku}: PV and CV cannot be negative");
        if (Limits.Check("price", $"{sku}: the retail price", p.Retail, 0, Limits.UnitPrice, Limits.MoneyDecimals) is { } retail) return retail;
        if (Limits.Check("price", $"{sku}: the member price", p.Member, 0, Limits.UnitPrice, Limits.MoneyDecimals) is { } member) return member;
        if (Limits.Check("points", $"{sku}: the PV", p.Pv, 0, Limits.UnitPrice, Limits.VolumeDecimals) is { } pv) return pv;
        if (Limits.Check("points", $"{sku}: the CV", p.Cv, 0, Limits.UnitPrice, Limits.VolumeDecimals) is { } cv) return cv;
        if (p.Member > p.Retail) return new Problem("price", $"{sku}: the member price {p.Member} is above the retail price {p.Retail}");
        return null;
    }

    private static ProductPrice Row(long productId, Price p) =>
        new() { ProductId = productId, EffectiveFrom = p.EffectiveFrom, RetailPrice = p.Retail, MemberPrice = p.Member, Pv = p.Pv, Cv = p.Cv };
}
