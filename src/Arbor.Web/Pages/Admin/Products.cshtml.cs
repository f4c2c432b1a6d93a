using System.Globalization;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Catalog;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>The catalog: products with today's prices; adding a product, setting a price from a date, taking a product off sale and back.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin)]
public sealed class ProductsModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? Sku { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public DateOnly? From { get; set; }
    [BindProperty] public string? Retail { get; set; }
    [BindProperty] public string? MemberPrice { get; set; }
    [BindProperty] public string? Pv { get; set; }
    [BindProperty] public string? Cv { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? MarketCurrency { get; set; }
    [BindProperty] public string? Rate { get; set; }

    public IReadOnlyList<ProductListing> Products { get; private set; } = [];
    public IReadOnlyList<Market> MarketList { get; private set; } = [];
    public IReadOnlyList<MarketListing> MarketPrices { get; private set; } = [];
    public string Currency { get; private set; } = "";
    public DateOnly TodayDate => Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (ReadPrice() is not { } price) return await RefusedAsync("add", ct);
        var added = await new Catalog(db).AddProductAsync(new NewProduct(Sku?.Trim() ?? "", Name?.Trim() ?? "", Description?.Trim() ?? "", await CurrencyAsync(db, ct), price), ct);
        if (!added.Ok) return await RefusedAsync("add", ct, added.Problem!);
        await new AuditLog(database, clock).RecordAsync(Actor, "product-add", added.Value!.Sku, PriceText(price), ct);
        Notice = a["Products.Added", added.Value!.Sku];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPriceAsync(CancellationToken ct)
    {
        if (ReadPrice() is not { } price) return await RefusedAsync("price", ct);
        var set = await new Catalog(db).SetPriceAsync(Sku?.Trim() ?? "", price, ct);
        if (!set.Ok) return await RefusedAsync("price", ct, set.Problem!);
        await new AuditLog(database, clock).RecordAsync(Actor, "product-price", Sku!.Trim(), PriceText(price), ct);
        Notice = a["Products.PriceSet", Sku!.Trim(), Formats.Date(price.EffectiveFrom)];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMarketAsync(CancellationToken ct)
    {
        if (Amount(Rate) is not { } rate) return await RefusedAsync("market", ct);
        var set = await new Markets(db).SetAsync(Country ?? "", MarketCurrency ?? "", rate, ct);
        if (!set.Ok) return await RefusedAsync("market", ct, set.Problem!);
        var m = set.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "market-set", m.Country, string.Create(CultureInfo.InvariantCulture, $"currency {m.Currency}, rate {m.Rate}"), ct);
        Notice = a["Markets.SetDone", m.Country, m.Currency];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMarketPriceAsync(CancellationToken ct)
    {
        var (retail, member) = (Amount(Retail), Amount(MemberPrice));
        if (retail is null || member is null) return await RefusedAsync("market-price", ct);
        var from = From ?? TodayDate;
        var set = await new Markets(db).SetPriceAsync(Sku?.Trim() ?? "", Country ?? "", from, retail.Value, member.Value, ct);
        if (!set.Ok) return await RefusedAsync("market-price", ct, set.Problem!);
        var country = set.Value!.Country;
        await new AuditLog(database, clock).RecordAsync(Actor, "market-price", $"{Sku!.Trim()} {country}", string.Create(CultureInfo.InvariantCulture, $"from {from:yyyy-MM-dd}: retail {retail}, member {member}"), ct);
        Notice = a["Markets.PriceSet", Sku!.Trim(), country, Formats.Date(from)];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostActiveAsync(string sku, bool active, CancellationToken ct)
    {
        var set = await new Catalog(db).SetActiveAsync(sku, active, ct);
        if (!set.Ok) return await RefusedAsync("list", ct, set.Problem!);
        await new AuditLog(database, clock).RecordAsync(Actor, active ? "product-activate" : "product-deactivate", sku, "", ct);
        Notice = a[active ? "Products.Activated" : "Products.Deactivated", sku];
        return RedirectToPage();
    }

    private Price? ReadPrice()
    {
        var (retail, member, pv, cv) = (Amount(Retail), Amount(MemberPrice), Amount(Pv), Amount(Cv));
        if (retail is null || member is null || pv is null || cv is null) return null;
        return new Price(From ?? TodayDate, retail.Value, member.Value, pv.Value, cv.Value);
    }

    private static string PriceText(Price p) =>
        string.Create(CultureInfo.InvariantCulture, $"from {p.EffectiveFrom:yyyy-MM-dd}: retail {p.Retail}, member {p.Member}, PV {p.Pv}, CV {p.Cv}");

    private async Task<IActionResult> RefusedAsync(string form, CancellationToken ct, Problem? problem = null)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Refused(form, problem ?? new Problem("price", a["Products.NotANumber"]));
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Products = await new CatalogQueries(db).OnAsync(TodayDate, ct);
        Currency = await CurrencyAsync(db, ct);
        MarketList = await new Markets(db).ListAsync(ct);
        MarketPrices = await new Markets(db).PricesOnAsync(TodayDate, ct);
    }
}

/// <summary>The price fields of one of the products page's forms (ids carry the form's prefix).</summary>
public sealed record PriceForm(string Prefix, ProductsModel Page);
