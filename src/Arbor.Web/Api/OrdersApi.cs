using System.Globalization;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Catalog;
using Arbor.Core.Customers;
using Arbor.Core.Office;
using Arbor.Core.Orders;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Api;

/// <summary>Products and prices, customers, orders and returns.</summary>
public static class OrdersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapGet("/", Products).Produces<IReadOnlyList<ProductJson>>().WithSummary("The catalog with the prices in force on a day (default today) and the next price change");
        products.MapGet("/{sku}", Product).Produces<ProductJson>().WithSummary("One product");
        api.MapGroup("/markets").WithTags("Products").MapGet("/", MarketList).Produces<IReadOnlyList<MarketJson>>()
            .WithSummary("Markets (countries with their own currency) and their prices in force on a day (default today)");

        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("/", Customers).Produces<IReadOnlyList<CustomerJson>>().WithSummary("Customers (a member: those it referred)");
        customers.MapPost("/", AddCustomer).RequireAuthorization(ApiAuth.Write).Accepts<CustomerBody>("application/json").Produces<CustomerJson>(StatusCodes.Status201Created)
            .WithSummary("Add a retail or preferred customer (Idempotency-Key required)");

        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapGet("/", List).Produces<Page<OrderJson>>().WithSummary("Orders in the order they were placed (a member: its downline's)");
        orders.MapGet("/{number}", Get).Produces<OrderDetailJson>().WithSummary("One order with its lines");
        orders.MapPost("/", Place).RequireAuthorization(ApiAuth.Write).Accepts<OrderBody>("application/json").Produces<OrderDetailJson>(StatusCodes.Status201Created)
            .WithSummary("Place an order by a member or a customer (Idempotency-Key required)");
        orders.MapPost("/{number}/returns", Return).RequireAuthorization(ApiAuth.Write).RequireAuthorization(ApiAuth.Staff).Accepts<ReturnBody>("application/json")
            .Produces<OrderDetailJson>(StatusCodes.Status201Created).WithSummary("Return an order, whole or some items (staff; Idempotency-Key required)");
    }

    private static async Task<IResult> Products(ArborContext db, ApiCaller caller, DateOnly? on, CancellationToken ct)
    {
        var listings = await new CatalogQueries(db).OnAsync(on ?? caller.Today, ct);
        return TypedResults.Ok(listings.Select(Shape).ToList());
    }

    private static async Task<IResult> Product(ArborContext db, ApiCaller caller, string sku, DateOnly? on, CancellationToken ct)
    {
        var listing = (await new CatalogQueries(db).OnAsync(on ?? caller.Today, ct)).SingleOrDefault(l => l.Product.Sku == sku);
        return listing is null ? ApiResults.NotFound(new Problem("sku", $"unknown SKU '{sku}'")) : TypedResults.Ok(Shape(listing));
    }

    private static async Task<IResult> MarketList(ArborContext db, ApiCaller caller, DateOnly? on, CancellationToken ct)
    {
        var markets = new Markets(db);
        var prices = await markets.PricesOnAsync(on ?? caller.Today, ct);
        return TypedResults.Ok((await markets.ListAsync(ct)).Select(m => new MarketJson(m.Country, m.Currency, m.Rate,
            [.. prices.Where(p => p.Market.Country == m.Country).Select(p => new MarketPriceJson(p.Sku, p.Price.EffectiveFrom, p.Price.RetailPrice, p.Price.MemberPrice))])).ToList());
    }

    private static ProductJson Shape(ProductListing l) =>
        new(l.Product.Sku, l.Product.Name, l.Product.Description, l.Product.Currency, l.Product.Active, PriceJson.From(l.Current), PriceJson.From(l.Next));

    private static async Task<IResult> Customers(ApiCaller caller, ArborContext db, string? referrer, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var of = scope.Value;
        if (referrer is not null)
        {
            var seen = await caller.SeeAsync(referrer, ct);
            if (!seen.Ok) return ApiResults.NotFound(seen.Problem!);
            of = seen.Value;
        }
        if (of is null)
        {
            var all = await new CustomerQueries(db).AllAsync(ct);
            return TypedResults.Ok(all.Select(c => new CustomerJson(c.Name, c.Email, c.Kind, c.Referrer, c.CreatedOn)).ToList());
        }
        var mine = await new MyCustomers(db).OfAsync(of.Id, ct);
        return TypedResults.Ok(mine.Select(c => new CustomerJson(c.Customer.Name, c.Customer.Email, c.Customer.Kind, of.Handle, c.Customer.CreatedOn)).ToList());
    }

    private static async Task<IResult> AddCustomer(ApiCaller caller, ArborContext db, CancellationToken ct)
    {
        var body = await caller.BodyAsync<CustomerBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        // A member adds its own customers; staff name the referring member.
        var referrer = scope.Value?.Handle ?? b.Referrer ?? "";
        if (scope.Value is not null && b.Referrer is not null && b.Referrer != referrer)
            return ApiResults.Refused(new Problem("referrer", "a member adds its own customers: leave out 'referrer'"));
        var request = new NewCustomer(b.Name ?? "", b.Email ?? "", b.Kind ?? "retail", referrer, caller.Today);
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var added = await new AddCustomer(db).RunAsync(request, c);
            if (!added.Ok) return added.Problem!;
            var x = added.Value!;
            return ApiCaller.Created($"/api/v1/customers?referrer={Uri.EscapeDataString(referrer)}", new CustomerJson(x.Name, x.Email, x.Kind, referrer, x.CreatedOn));
        }, () => Task.CompletedTask, ct);
    }

    private static async Task<IResult> List(ApiCaller caller, ArborContext db, string? cursor, int? limit, string? member, string? kind, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var (after, size) = (ApiResults.After(cursor), ApiResults.Limit(limit, OrderQueries.MaxPageSize));
        if (!after.Ok) return ApiResults.Refused(after.Problem!);
        if (!size.Ok) return ApiResults.Refused(size.Problem!);
        if (kind is not (null or "personal" or "retail" or "return")) return ApiResults.Refused(new Problem("kind", $"kind is personal, retail or return, not '{kind}'"));
        var rows = await new OrderQueries(db).PageAsync(new OrderFilter(scope.Value, after.Value, size.Value, member, kind, from, to), ct);
        return TypedResults.Ok(ApiResults.Paged(rows, size.Value, o => o.Id, OrderJson.From));
    }

    private static async Task<IResult> Get(ApiCaller caller, ArborContext db, string number, CancellationToken ct)
    {
        var detail = await new OrderQueries(db).ByNumberAsync(number, ct);
        var scope = await caller.ScopeAsync(ct);
        if (detail is null || !scope.Ok || (scope.Value is { } viewer && !detail.MemberPath.StartsWith(viewer.Path, StringComparison.Ordinal)))
            return ApiResults.NotFound(new Problem("number", $"no order '{number}'{(caller.IsStaff ? "" : " in your downline")}"));
        return TypedResults.Ok(OrderDetailJson.From(detail));
    }

    private static async Task<IResult> Place(ApiCaller caller, ArborContext db, TimeProvider clock, EstimateService estimates, CancellationToken ct)
    {
        var body = await caller.BodyAsync<OrderBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var memberHandle = b.Member;
        if (scope.Value is { } self)
        {
            // A member orders for itself, or for a customer it referred.
            if (b.Customer is null) memberHandle ??= self.Handle;
            if (memberHandle is not null && memberHandle != self.Handle) return ApiResults.Refused(new Problem("member", "a member places its own orders and its customers' only"));
            if (b.Customer is not null)
            {
                var email = b.Customer.Trim().ToLowerInvariant();
                if (!await db.Customers.AnyAsync(c => c.Email == email && c.ReferrerId == self.Id, ct))
                    return ApiResults.Refused(new Problem("customer", $"'{b.Customer}' is not one of your customers"));
            }
        }
        var items = b.Items?.Select(i => new Item(i.Sku ?? "", i.Quantity ?? 1)).ToList() ?? [];
        var request = new OrderRequest(b.Date ?? caller.Today, items, memberHandle, b.Customer, b.Number);
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var placed = await new PlaceOrder(db).RunDetailedAsync(request, c);
            if (!placed.Ok) return placed.Problem!;
            var detail = placed.Value!;
            AuditLog.Stage(db, clock, caller.Principal, "order-enter", detail.Order.Number,
                string.Create(CultureInfo.InvariantCulture, $"{(request.MemberHandle is null ? $"customer {request.CustomerEmail}" : $"member {request.MemberHandle}")}, {request.Date:yyyy-MM-dd}, {string.Join(" ", items.Select(i => $"{i.Quantity}x{i.Sku}"))}, via API"));
            return ApiCaller.Created($"/api/v1/orders/{Uri.EscapeDataString(detail.Order.Number)}", OrderDetailJson.From(detail));
        }, () =>
        {
            estimates.Changed();
            return Task.CompletedTask;
        }, ct);
    }

    private static async Task<IResult> Return(ApiCaller caller, ArborContext db, TimeProvider clock, EstimateService estimates, string number, CancellationToken ct)
    {
        var body = await caller.BodyAsync<ReturnBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        IReadOnlyList<Item>? items = b.Items?.Select(i => new Item(i.Sku ?? "", i.Quantity ?? 1)).ToList();
        var request = new ReturnRequest(number, b.Date ?? caller.Today, items, b.Number);
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var returned = await new ReturnOrder(db).RunAsync(request, c);
            if (!returned.Ok) return returned.Problem!;
            var detail = await new OrderQueries(db).ByNumberAsync(returned.Value!.Number, c);
            AuditLog.Stage(db, clock, caller.Principal, "order-return", detail!.Order.Number,
                string.Create(CultureInfo.InvariantCulture, $"return of {number}, {request.Date:yyyy-MM-dd}, {(items is null ? "all that is left" : string.Join(" ", items.Select(i => $"{i.Quantity}x{i.Sku}")))}, via API"));
            return ApiCaller.Created($"/api/v1/orders/{Uri.EscapeDataString(detail.Order.Number)}", OrderDetailJson.From(detail));
        }, () =>
        {
            estimates.Changed();
            return Task.CompletedTask;
        }, ct);
    }
}
