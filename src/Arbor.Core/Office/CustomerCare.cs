using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Office;

/// <summary>
/// How a member's customer is doing: its orders (newest first), its autoship, its last order,
/// its usual interval between orders (the median of the gaps between its orders, from two
/// orders on), and whether a reorder reminder is due: no active autoship and more days since
/// the last order than its usual interval.
/// </summary>
public sealed record CustomerCareRow(Customer Customer, IReadOnlyList<Order> Orders, bool Autoship, DateOnly? LastOrder, int? UsualDays, bool ReorderDue)
{
    /// <summary>Days since the last order on <paramref name="today"/>.</summary>
    public int? DaysSince(DateOnly today) => LastOrder is { } last ? today.DayNumber - last.DayNumber : null;
}

/// <summary>A member's customers and their care: reorder reminders, and orders the member records for them.</summary>
public sealed class CustomerCare(ArborContext db)
{
    public async Task<IReadOnlyList<CustomerCareRow>> OfAsync(long owner, DateOnly today, CancellationToken ct = default)
    {
        var customers = await new MyCustomers(db).OfAsync(owner, ct);
        var ids = customers.Select(c => c.Customer.Id).ToList();
        var onAutoship = (await db.Autoships.AsNoTracking().Where(a => a.Active && a.CustomerId != null && ids.Contains(a.CustomerId.Value)).Select(a => a.CustomerId!.Value).ToListAsync(ct)).ToHashSet();
        return [.. customers.Select(c => Row(c.Customer, c.Orders, onAutoship.Contains(c.Customer.Id), today))];
    }

    /// <summary>The customers whose reminder is due, longest overdue first.</summary>
    public async Task<IReadOnlyList<CustomerCareRow>> RemindersAsync(long owner, DateOnly today, CancellationToken ct = default) =>
        [.. (await OfAsync(owner, today, ct)).Where(r => r.ReorderDue).OrderByDescending(r => r.DaysSince(today)!.Value - r.UsualDays!.Value).ThenBy(r => r.Customer.Id)];

    public static CustomerCareRow Row(Customer customer, IReadOnlyList<Order> orders, bool autoship, DateOnly today)
    {
        var days = orders.Where(o => o.Kind != "return").Select(o => o.Date.DayNumber).Distinct().Order().ToList();
        DateOnly? last = days.Count == 0 ? null : DateOnly.FromDayNumber(days[^1]);
        int? usual = null;
        if (days.Count >= 2)
        {
            var gaps = days.Zip(days.Skip(1), (a, b) => b - a).Order().ToList();
            // The median gap; of two middle gaps, the smaller (a reminder rather early than late).
            usual = gaps[(gaps.Count - 1) / 2];
        }
        var due = !autoship && last is { } l && usual is { } u && today.DayNumber - l.DayNumber > u;
        return new CustomerCareRow(customer, orders, autoship, last, usual, due);
    }

    /// <summary>Whether <paramref name="customerId"/> is one of the member's own customers.</summary>
    public Task<bool> IsOwnAsync(long owner, long customerId, CancellationToken ct = default) =>
        db.Customers.AnyAsync(c => c.Id == customerId && c.ReferrerId == owner, ct);

    /// <summary>An order the member takes for one of its own customers (priced as the customer pays); another member's customer is "not found".</summary>
    public async Task<Outcome<Order>> RecordOrderAsync(long owner, long customerId, IReadOnlyList<Item> items, DateOnly today, CancellationToken ct = default)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId && c.ReferrerId == owner, ct);
        if (customer is null) return new Problem("customer", $"no customer {customerId} of yours");
        return await new PlaceOrder(db).RunAsync(new OrderRequest(today, items, CustomerEmail: customer.Email), ct);
    }
}
