using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Orders;

/// <summary>An order as staff list it.</summary>
public sealed record OrderListing(long Id, string Number, DateOnly Date, string Kind, string MemberHandle, string MemberName, string? OriginalNumber, decimal Pv, decimal Cv, decimal? Amount);

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

    /// <summary>A member's newest orders (its customers' included).</summary>
    public async Task<IReadOnlyList<OrderListing>> ForMemberAsync(long memberId, int count, CancellationToken ct = default) =>
        await Rows(db.Orders.AsNoTracking().Where(o => o.MemberId == memberId)).Take(count).ToListAsync(ct);

    private IQueryable<OrderListing> Rows(IQueryable<Order> orders) =>
        orders.OrderByDescending(o => o.Date).ThenByDescending(o => o.Id)
            .Join(db.Members.AsNoTracking(), o => o.MemberId, m => m.Id, (o, m) => new OrderListing(o.Id, o.Number, o.Date, o.Kind, m.Handle, m.Name, o.OriginalNumber, o.Pv, o.Cv, o.Amount));
}
