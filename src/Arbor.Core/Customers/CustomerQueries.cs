using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Customers;

/// <summary>A customer with the handle of the member who referred it.</summary>
public sealed record CustomerListing(string Name, string Email, string Kind, string Referrer, DateOnly CreatedOn);

/// <summary>The company's customers, in the order they were added.</summary>
public sealed class CustomerQueries(ArborContext db)
{
    public async Task<IReadOnlyList<CustomerListing>> AllAsync(CancellationToken ct = default) =>
        await db.Customers.AsNoTracking().OrderBy(c => c.Id)
            .Join(db.Members.AsNoTracking(), c => c.ReferrerId, m => m.Id, (c, m) => new CustomerListing(c.Name, c.Email, c.Kind, m.Handle, c.CreatedOn))
            .ToListAsync(ct);
}
