using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Office;

/// <summary>A customer of a member, with its orders newest first.</summary>
public sealed record CustomerOrders(Customer Customer, IReadOnlyList<Order> Orders);

/// <summary>The retail and preferred customers a member referred, and what they ordered.</summary>
public sealed class MyCustomers(ArborContext db)
{
    public async Task<IReadOnlyList<CustomerOrders>> OfAsync(long memberId, CancellationToken ct = default)
    {
        var customers = await db.Customers.AsNoTracking().Where(c => c.ReferrerId == memberId).OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = customers.Select(c => c.Id).ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId != null && ids.Contains(o.CustomerId.Value)).ToListAsync(ct);
        var byCustomer = orders.ToLookup(o => o.CustomerId!.Value);
        return customers.Select(c => new CustomerOrders(c, [.. byCustomer[c.Id].OrderByDescending(o => o.Date).ThenByDescending(o => o.Id)])).ToList();
    }
}
