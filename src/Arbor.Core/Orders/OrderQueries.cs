using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Orders;

/// <summary>An order as staff list it.</summary>
public sealed record OrderListing(long Id, string Number, DateOnly Date, string Kind, string MemberHandle, string MemberName, string? OriginalNumber, decimal Pv, decimal Cv, decimal? Amount);

/// <summary>
/// Which orders to list: those after <paramref name="AfterId"/> in id order (keyset paging), of
/// members within <paramref name="Viewer"/>'s downline (null: the whole company), of one member,
/// of one kind, dated from/to.
/// </summary>
public sealed record OrderFilter(Member? Viewer, long AfterId, int Limit, string? MemberHandle = null, string? Kind = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>A line of an order: the product and the prices and points it was sold at.</summary>
public sealed record OrderLineDetail(string Sku, string Name, int Quantity, decimal UnitPrice, decimal UnitPv, decimal UnitCv, decimal? UnitLocalPrice = null);

/// <summary>An order with its lines, its buyer and, for returns, the returned order.</summary>
public sealed record OrderDetail(OrderListing Order, string MemberPath, string? CustomerEmail, decimal? Wholesale, IReadOnlyList<OrderLineDetail> Lines, string? Currency = null, decimal? LocalAmount = null);

/// <summary>Orders for the back office: the newest first, searched by order number or member handle, a page at a time.</summary>
public sealed class OrderQueries(ArborContext db)
{
    public const int MaxPageSize = 200;

    /// <param name="search">An order number, the start of one, or a member's handle; empty for all orders.</param>
    public async Task<IReadOnlyList<OrderListing>> SearchAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Clamp(page, 1, 1_000_000), Math.Clamp(pageSize, 1, MaxPageSize));
        var orders = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            orders = orders.Where(o => o.Number.StartsWith(s) || db.Members.Any(m => m.Id == o.MemberId && m.Handle == s));
        }
        return await Rows(orders).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
    }

    /// <summary>A page of orders in id order (the order they were placed); the last one's id is the next page's <see cref="OrderFilter.AfterId"/>.</summary>
    public async Task<IReadOnlyList<OrderListing>> PageAsync(OrderFilter f, CancellationToken ct = default)
    {
        var orders = db.Orders.AsNoTracking().Where(o => o.Id > f.AfterId);
        if (f.Viewer is { } viewer) orders = orders.Where(o => db.Members.Any(m => m.Id == o.MemberId && m.Path.StartsWith(viewer.Path)));
        if (f.MemberHandle is { } handle) orders = orders.Where(o => db.Members.Any(m => m.Id == o.MemberId && m.Handle == handle));
        if (f.Kind is { } kind) orders = orders.Where(o => o.Kind == kind);
        if (f.From is { } from) orders = orders.Where(o => o.Date >= from);
        if (f.To is { } to) orders = orders.Where(o => o.Date <= to);
        return await orders.Join(db.Members.AsNoTracking(), o => o.MemberId, m => m.Id, (o, m) => new { o, m })
            .OrderBy(x => x.o.Id).Take(Math.Clamp(f.Limit, 1, MaxPageSize))
            .Select(x => new OrderListing(x.o.Id, x.o.Number, x.o.Date, x.o.Kind, x.m.Handle, x.m.Name, x.o.OriginalNumber, x.o.Pv, x.o.Cv, x.o.Amount))
            .ToListAsync(ct);
    }

    /// <summary>One order with its lines; null when there is no such number.</summary>
    public async Task<OrderDetail?> ByNumberAsync(string number, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == number, ct);
        if (order is null) return null;
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == order.MemberId, ct);
        var email = order.CustomerId is { } customerId ? await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.Email).SingleAsync(ct) : null;
        var productIds = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var listing = new OrderListing(order.Id, order.Number, order.Date, order.Kind, member.Handle, member.Name, order.OriginalNumber, order.Pv, order.Cv, order.Amount);
        return new OrderDetail(listing, member.Path, email, order.Wholesale,
            [.. order.Lines.OrderBy(l => l.Id).Select(l => new OrderLineDetail(products[l.ProductId].Sku, products[l.ProductId].Name, l.Quantity, l.UnitPrice, l.UnitPv, l.UnitCv, l.UnitLocalPrice))],
            order.Currency, order.LocalAmount);
    }

    /// <summary>A member's newest orders (its customers' included).</summary>
    public async Task<IReadOnlyList<OrderListing>> ForMemberAsync(long memberId, int count, CancellationToken ct = default) =>
        await Rows(db.Orders.AsNoTracking().Where(o => o.MemberId == memberId)).Take(count).ToListAsync(ct);

    private IQueryable<OrderListing> Rows(IQueryable<Order> orders) =>
        orders.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id)
            .Join(db.Members.AsNoTracking(), o => o.MemberId, m => m.Id, (o, m) => new OrderListing(o.Id, o.Number, o.Date, o.Kind, m.Handle, m.Name, o.OriginalNumber, o.Pv, o.Cv, o.Amount));
}
