using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Customers;

/// <summary>A retail or preferred customer, attached to the member who referred it.</summary>
public sealed record NewCustomer(string Name, string Email, string Kind, string ReferrerHandle, DateOnly CreatedOn);

public sealed class AddCustomer(ArborContext db)
{
    public async Task<Outcome<Customer>> RunAsync(NewCustomer c, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(c.Name)) return new Problem("name", "a customer needs a name");
        if (!c.Email.Contains('@', StringComparison.Ordinal)) return new Problem("email", $"'{c.Email}' is not an e-mail address");
        if (c.Kind is not ("retail" or "preferred")) return new Problem("kind", $"a customer is retail or preferred, not '{c.Kind}'");
        var referrer = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == c.ReferrerHandle, ct);
        if (referrer is null) return new Problem("referrer", $"unknown referring member '{c.ReferrerHandle}'");
        if (referrer.Status == "terminated") return new Problem("referrer", $"'{referrer.Handle}' is terminated and cannot refer customers");
        var email = c.Email.Trim().ToLowerInvariant();
        if (await db.Customers.AnyAsync(x => x.Email == email, ct)) return new Problem("email", $"customer '{email}' already exists");
        var customer = new Customer { Name = c.Name.Trim(), Email = email, Kind = c.Kind, ReferrerId = referrer.Id, CreatedOn = c.CreatedOn };
        db.Customers.Add(customer);
        await db.SaveChangesAsync(ct);
        return customer;
    }
}
