using System.Globalization;
using System.Linq.Expressions;
using Arbor.Data;
using Arbor.Engine.Computation;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Catalog;

/// <summary>
/// Markets: the countries that have their own currency and price list. A member whose country is a
/// market buys at that market's member prices, and its shop sells at the market's retail prices, in
/// the market's currency. PV and CV are the product's own in every market. Every order also keeps
/// its prices in the company's currency, converted at the market's rate when placed and rounded as
/// all money is (<see cref="Rounding.ToCents"/>): the books, the ledger and the compensation plan
/// count in the company's currency only. A rate change applies to orders placed after it.
/// </summary>
public sealed class Markets(ArborContext db)
{
    /// <summary>A rate has at most this many decimals and lies in (0, <see cref="Limits.UnitPrice"/>].</summary>
    public const int RateDecimals = 6;

    /// <summary>Opens a market, or changes its rate. Its currency cannot change once it has prices.</summary>
    public async Task<Outcome<Market>> SetAsync(string country, string currency, decimal rate, CancellationToken ct = default)
    {
        country = country.Trim().ToUpperInvariant();
        currency = currency.Trim().ToUpperInvariant();
        if (!IsCode(country, 2)) return new Problem("country", $"'{country}' is not a two-letter country code (ISO 3166-1)");
        if (!IsCode(currency, 3)) return new Problem("currency", $"'{currency}' is not a three-letter currency code (ISO 4217)");
        if (rate <= 0) return new Problem("rate", string.Create(CultureInfo.InvariantCulture, $"the rate of {country} must be above 0, not {rate}"));
        if (Limits.Check("rate", $"the rate of {country}", rate, 0, Limits.UnitPrice, RateDecimals) is { } bad) return bad;
        var market = await db.Markets.SingleOrDefaultAsync(m => m.Country == country, ct);
        if (market is null)
        {
            market = new Market { Country = country, Currency = currency, Rate = rate };
            db.Markets.Add(market);
        }
        else
        {
            if (market.Currency != currency && await db.MarketPrices.AnyAsync(p => p.Country == country, ct))
                return new Problem("currency", $"{country} has prices in {market.Currency}: its currency cannot change to {currency}");
            (market.Currency, market.Rate) = (currency, rate);
        }
        await db.SaveChangesAsync(ct);
        return market;
    }

    /// <summary>Sets a product's retail and member price in a market from a date on (a later change on the same date replaces it).</summary>
    public async Task<Outcome<MarketPrice>> SetPriceAsync(string sku, string country, DateOnly from, decimal retail, decimal member, CancellationToken ct = default)
    {
        country = country.Trim().ToUpperInvariant();
        var market = await db.Markets.AsNoTracking().SingleOrDefaultAsync(m => m.Country == country, ct);
        if (market is null) return new Problem("country", $"{country} is not a market: open it with its currency and rate first");
        var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, ct);
        if (product is null) return new Problem("sku", $"unknown SKU '{sku}'");
        var where = $"{sku} in {country}";
        if (Limits.Check("price", $"{where}: the retail price", retail, 0, Limits.UnitPrice, Limits.MoneyDecimals) is { } r) return r;
        if (Limits.Check("price", $"{where}: the member price", member, 0, Limits.UnitPrice, Limits.MoneyDecimals) is { } m) return m;
        if (member > retail) return new Problem("price", string.Create(CultureInfo.InvariantCulture, $"{where}: the member price {member} is above the retail price {retail}"));
        var existing = await db.MarketPrices.SingleOrDefaultAsync(p => p.ProductId == product.Id && p.Country == country && p.EffectiveFrom == from, ct);
        if (existing is not null) db.MarketPrices.Remove(existing);
        var row = new MarketPrice { ProductId = product.Id, Country = country, EffectiveFrom = from, RetailPrice = retail, MemberPrice = member };
        db.MarketPrices.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    public async Task<IReadOnlyList<Market>> ListAsync(CancellationToken ct = default) =>
        await db.Markets.AsNoTracking().OrderBy(m => m.Country).ToListAsync(ct);

    /// <summary>Every market's price of every product on <paramref name="day"/> (none where the market has no price yet), by market and SKU.</summary>
    public async Task<IReadOnlyList<MarketListing>> PricesOnAsync(DateOnly day, CancellationToken ct = default)
    {
        var markets = await ListAsync(ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var prices = await db.MarketPrices.AsNoTracking().Where(p => p.EffectiveFrom <= day).ToListAsync(ct);
        return [.. prices.GroupBy(p => (p.Country, p.ProductId)).Select(g => g.MaxBy(p => p.EffectiveFrom)!)
            .Select(p => new MarketListing(markets.Single(m => m.Country == p.Country), products[p.ProductId].Sku, products[p.ProductId].Name, p))
            .OrderBy(l => l.Market.Country, StringComparer.Ordinal).ThenBy(l => l.Sku, StringComparer.Ordinal)];
    }

    private static bool IsCode(string s, int length) => s.Length == length && s.All(c => c is >= 'A' and <= 'Z');
}

/// <summary>A product's price in a market in force on a day.</summary>
public sealed record MarketListing(Market Market, string Sku, string Name, MarketPrice Price);

/// <summary>
/// One unit of a product as a buyer pays it: the retail and member price in the company's currency
/// (what the order, the books and the plan count) and, in a market, in the market's currency (what
/// the buyer sees and pays); the PV and CV.
/// </summary>
public sealed record UnitPrices(decimal Retail, decimal Member, decimal Pv, decimal Cv, decimal? LocalRetail = null, decimal? LocalMember = null)
{
    /// <summary>The retail price in the currency the buyer pays.</summary>
    public decimal ShownRetail => LocalRetail ?? Retail;

    /// <summary>The member price in the currency the buyer pays.</summary>
    public decimal ShownMember => LocalMember ?? Member;
}

/// <summary>A member with its country's market (null: its country is none).</summary>
public sealed record MemberInMarket(Member Member, Market? Market);

/// <summary>
/// The price list that applies to a country: its market's, or, when the country is no market, the
/// catalog's own prices in the company's currency. In a market a product is for sale only once the
/// market has a price for it.
/// </summary>
public sealed class PriceList
{
    private readonly ArborContext _db;
    private readonly Market? _market;

    private PriceList(ArborContext db, Market? market) => (_db, _market) = (db, market);

    /// <summary>The list of <paramref name="market"/>, or the company's own when null.</summary>
    public static PriceList Of(ArborContext db, Market? market) => new(db, market);

    /// <summary>The one member <paramref name="which"/> picks, with its country's market, in one query (where the member is read anyway); null when none.</summary>
    public static async Task<MemberInMarket?> MemberAsync(ArborContext db, Expression<Func<Member, bool>> which, CancellationToken ct = default)
    {
        var row = await (from m in db.Members.AsNoTracking().Where(which)
                         join k in db.Markets.AsNoTracking() on m.Country equals k.Country into markets
                         from k in markets.DefaultIfEmpty()
                         select new { m, k }).SingleOrDefaultAsync(ct);
        return row is null ? null : new MemberInMarket(row.m, row.k);
    }

    public static async Task<PriceList> ForCountryAsync(ArborContext db, string country, CancellationToken ct = default) =>
        new(db, await db.Markets.AsNoTracking().SingleOrDefaultAsync(m => m.Country == country, ct));

    /// <summary>The currency the buyer pays in: the market's, else the company's.</summary>
    public async Task<string> CurrencyAsync(CancellationToken ct = default) =>
        _market?.Currency ?? await _db.Company.AsNoTracking().Select(c => c.Currency).SingleAsync(ct);

    /// <summary>The prices of one product on <paramref name="day"/>, or why it has none there.</summary>
    public async Task<Outcome<UnitPrices>> PriceAsync(Product product, DateOnly day, CancellationToken ct = default)
    {
        var price = await new Catalog(_db).PriceOnAsync(product.Id, day, ct);
        if (price is null) return new Problem("items", $"{product.Sku} has no price on {day:yyyy-MM-dd}");
        if (_market is null) return new UnitPrices(price.RetailPrice, price.MemberPrice, price.Pv, price.Cv);
        var country = _market.Country;
        var local = await _db.MarketPrices.AsNoTracking()
            .Where(x => x.ProductId == product.Id && x.Country == country && x.EffectiveFrom <= day)
            .OrderByDescending(x => x.EffectiveFrom)
            .FirstOrDefaultAsync(ct);
        if (local is null) return new Problem("items", $"{product.Sku} has no price in {country} on {day:yyyy-MM-dd}");
        return Converted(price, local);
    }

    /// <summary>Every product with a price here on <paramref name="day"/>, by product id.</summary>
    public async Task<IReadOnlyDictionary<long, UnitPrices>> AllAsync(DateOnly day, CancellationToken ct = default)
    {
        var prices = (await _db.ProductPrices.AsNoTracking().Where(x => x.EffectiveFrom <= day).ToListAsync(ct))
            .GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => g.MaxBy(x => x.EffectiveFrom)!);
        if (_market is null) return prices.ToDictionary(p => p.Key, p => new UnitPrices(p.Value.RetailPrice, p.Value.MemberPrice, p.Value.Pv, p.Value.Cv));
        var country = _market.Country;
        var local = (await _db.MarketPrices.AsNoTracking().Where(x => x.Country == country && x.EffectiveFrom <= day).ToListAsync(ct))
            .GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => g.MaxBy(x => x.EffectiveFrom)!);
        return local.Where(l => prices.ContainsKey(l.Key)).ToDictionary(l => l.Key, l => Converted(prices[l.Key], l.Value));
    }

    private UnitPrices Converted(ProductPrice price, MarketPrice local) =>
        new(Convert(local.RetailPrice, _market!.Rate), Convert(local.MemberPrice, _market.Rate), price.Pv, price.Cv, local.RetailPrice, local.MemberPrice);

    /// <summary>An amount of a market's currency in the company's at <paramref name="rate"/>, rounded by the one rule for money (to cents, half to even).</summary>
    public static decimal Convert(decimal local, decimal rate) => Rounding.ToCents(local * rate) / 100m;
}
