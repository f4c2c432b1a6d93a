using Arbor.Core.Catalog;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Orders;

/// <summary>One line of an order request: a product and how many.</summary>
public sealed record Item(string Sku, int Quantity);

/// <summary>
/// An order by a member (personal, at the member price) or by a customer (retail, attributed to
/// its referring member; a retail customer pays the retail price, a preferred customer the member
/// price). <paramref name="Number"/> is generated when not given.
/// </summary>
public sealed record OrderRequest(DateOnly Date, IReadOnlyList<Item> Items, string? MemberHandle = null, string? CustomerEmail = null, string? Number = null);

/// <summary>
/// Places an order: totals, PV and CV from the lines at the prices in force on the order's date,
/// copied into the order so that later price changes never alter it. Orders are immutable.
/// </summary>
public sealed class PlaceOrder(ArborContext db)
{
    // What the last run read, so that RunDetailedAsync answers without reading it again.
    private Member? _member;
    private Customer? _customer;
    private readonly Dictionary<long, Product> _products = [];

    /// <summary>What the buyer of a priced order pays, in the order's <see cref="Order.Currency"/> (null: the company's).</summary>
    public static decimal Paid(Order o) => o.LocalAmount ?? o.Amount ?? 0m;

    /// <summary>Places the order and answers with it as <see cref="OrderQueries.ByNumberAsync"/> would, from what placing it read (no more round trips: the API's hot path).</summary>
    public async Task<Outcome<OrderDetail>> RunDetailedAsync(OrderRequest r, CancellationToken ct = default)
    {
        var placed = await RunAsync(r, ct);
        if (!placed.Ok) return placed.Problem!;
        var (o, m) = (placed.Value!, _member!);
        return new OrderDetail(new OrderListing(o.Id, o.Number, o.Date, o.Kind, m.Handle, m.Name, o.OriginalNumber, o.Pv, o.Cv, o.Amount), m.Path, _customer?.Email, o.Wholesale,
            [.. o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineDetail(_products[l.ProductId].Sku, _products[l.ProductId].Name, l.Quantity, l.UnitPrice, l.UnitPv, l.UnitCv, l.UnitLocalPrice))],
            o.Currency, o.LocalAmount);
    }

    public async Task<Outcome<Order>> RunAsync(OrderRequest r, CancellationToken ct = default)
    {
        var priced = await PriceAsync(r, ct);
        return priced.Ok ? await SaveAsync(priced.Value!, r, ct) : priced.Problem!;
    }

    /// <summary>Stores an order that <see cref="PriceAsync"/> priced for <paramref name="r"/>.</summary>
    public Task<Outcome<Order>> SaveAsync(Order priced, OrderRequest r, CancellationToken ct = default) =>
        OrderNumbers.SaveAsync(db, priced, r.Number is null, ct);

    /// <summary>
    /// The order as it would be placed, not stored: every check of <see cref="RunAsync"/> but the
    /// closed period's, and the prices of the order's member's price list (<see cref="PriceList"/>:
    /// its country's market, else the company's own), so that a checkout can take the payment for
    /// exactly what the order will say before storing it.
    /// </summary>
    public async Task<Outcome<Order>> PriceAsync(OrderRequest r, CancellationToken ct = default)
    {
        if ((r.MemberHandle is null) == (r.CustomerEmail is null)) return new Problem("buyer", "an order is placed by a member or by a customer, not both and not neither");
        if (r.Items.Count == 0) return new Problem("items", "an order needs at least one item");
        if (r.Number is { } n && await db.Orders.AnyAsync(o => o.Number == n, ct)) return new Problem("number", $"order number '{n}' exists already");

        // The member comes with its country's market, if any, in the same round trip (the hot path of the API).
        MemberInMarket? found;
        Customer? customer = null;
        if (r.MemberHandle is not null)
        {
            found = await PriceList.MemberAsync(db, m => m.Handle == r.MemberHandle, ct);
            if (found is null) return new Problem("member", $"unknown member '{r.MemberHandle}'");
        }
        else
        {
            var email = r.CustomerEmail!.Trim().ToLowerInvariant();
            customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Email == email, ct);
            if (customer is null) return new Problem("customer", $"unknown customer '{r.CustomerEmail}'");
            var referrerId = customer.ReferrerId;
            found = (await PriceList.MemberAsync(db, m => m.Id == referrerId, ct))!;
        }
        var member = found.Member;
        if (member.Status == "terminated" && member.StatusSince <= r.Date)
        {
            return new Problem("member", customer is null
                ? $"'{member.Handle}' is terminated since {member.StatusSince:yyyy-MM-dd} and cannot order"
                : $"the referring member '{member.Handle}' of '{customer.Email}' is terminated since {member.StatusSince:yyyy-MM-dd}");
        }
        if (r.Date < member.JoinedOn) return new Problem("date", $"'{member.Handle}' joined on {member.JoinedOn:yyyy-MM-dd}, after the order's date {r.Date:yyyy-MM-dd}");
        (_member, _customer) = (member, customer);

        var list = PriceList.Of(db, found.Market);
        var paysRetail = customer?.Kind == "retail";
        var lines = new List<OrderLine>();
        foreach (var item in r.Items)
        {
            if (item.Quantity is <= 0 or > Limits.Quantity) return new Problem("items", $"{item.Sku}: the quantity must be 1 to {Limits.Quantity}, not {item.Quantity}");
            var product = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == item.Sku, ct);
            if (product is null) return new Problem("items", $"unknown SKU '{item.Sku}'");
            if (!product.Active) return new Problem("items", $"{item.Sku} is not for sale");
            _products[product.Id] = product;
            var priced = await list.PriceAsync(product, r.Date, ct);
            if (!priced.Ok) return priced.Problem!;
            var price = priced.Value!;
            lines.Add(new OrderLine
            {
                ProductId = product.Id,
                Quantity = item.Quantity,
                UnitPrice = paysRetail ? price.Retail : price.Member,
                UnitMemberPrice = price.Member,
                UnitPv = price.Pv,
                UnitCv = price.Cv,
                UnitLocalPrice = paysRetail ? price.LocalRetail : price.LocalMember,
            });
        }

        var totals = new[] { lines.Sum(l => l.UnitPrice * l.Quantity), lines.Sum(l => l.UnitPv * l.Quantity), lines.Sum(l => l.UnitCv * l.Quantity) };
        if (totals.Any(t => t > Limits.OrderTotal)) return new Problem("items", $"an order's amount, PV and CV are at most {Limits.OrderTotal:N0} each: split it");
        var order = new Order
        {
            Number = r.Number ?? $"pending-{Guid.NewGuid():N}",
            Date = r.Date,
            Kind = customer is null ? "personal" : "retail",
            MemberId = member.Id,
            CustomerId = customer?.Id,
            Amount = customer is null ? null : lines.Sum(l => l.UnitPrice * l.Quantity),
            Wholesale = customer is null ? null : lines.Sum(l => l.UnitMemberPrice * l.Quantity),
            Currency = found.Market?.Currency,
            LocalAmount = customer is null || found.Market is null ? null : lines.Sum(l => l.UnitLocalPrice!.Value * l.Quantity),
            Pv = lines.Sum(l => l.UnitPv * l.Quantity),
            Cv = lines.Sum(l => l.UnitCv * l.Quantity),
            Lines = lines,
        };
        return order;
    }
}

/// <summary>
/// Saves a new order: under the company lock (so no close is running), with the closed-period rule
/// checked again inside the transaction; a generated number is the order's id, known only after
/// the insert, and a number taken meanwhile is a refusal, not a crash.
/// </summary>
internal static class OrderNumbers
{
    public static async Task<Outcome<Order>> SaveAsync(ArborContext db, Order order, bool generate, CancellationToken ct)
    {
        var own = await OwnTransaction.BeginAsync(db, ct);
        try
        {
            // A new order shares the lock with other new orders (a close still excludes them all); a return holds it alone (ReturnOrder took it first).
            await CompanyLock.TakeAsync(db.Database.GetDbConnection(), own.Current.GetDbTransaction(), ct, shared: order.Kind != "return");
            if (await Periods.PeriodGuard.OrderDateAsync(db, order.Date, order.Kind == "return", ct) is { } closed) return closed;
            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);
            if (generate)
            {
                order.Number = $"O{order.Id:D8}";
                await db.SaveChangesAsync(ct);
            }
            var member = await db.Members.AsNoTracking().Where(m => m.Id == order.MemberId).Select(m => m.Handle).SingleAsync(ct);
            await Webhooks.WebhookEvents.StageAsync(db, order.Kind == "return" ? Webhooks.WebhookEvents.OrderReturned : Webhooks.WebhookEvents.OrderPlaced,
                new { order.Number, order.Kind, order.Date, member, original = order.OriginalNumber, order.Pv, order.Cv, order.Amount, order.Currency }, ct);
            await own.CommitAsync(ct);
            return order;
        }
        catch (DbUpdateException e) when (Conflicts.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new Problem("number", generate
                ? $"the generated order number O{order.Id:D8} is taken by an order numbered by hand: give this order a number"
                : $"order number '{order.Number}' exists already");
        }
        finally
        {
            await own.DisposeAsync();
        }
    }
}
