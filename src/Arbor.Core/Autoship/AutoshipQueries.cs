using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Autoship;

/// <summary>An autoship as staff list it: whose (a member's handle or a customer's e-mail), when, and what.</summary>
public sealed record AutoshipListing(long Id, string Owner, int DayOfMonth, DateOnly StartsOn, bool Active, IReadOnlyList<Orders.Item> Items);

/// <summary>Autoships for the back office, a page at a time.</summary>
public sealed class AutoshipQueries(ArborContext db)
{
    public async Task<IReadOnlyList<AutoshipListing>> PageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Clamp(page, 1, 1_000_000), Math.Clamp(pageSize, 1, 200));
        var autoships = await db.Autoships.AsNoTracking().Include(a => a.Items).OrderBy(a => a.DayOfMonth).ThenBy(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var memberIds = autoships.Where(a => a.MemberId != null).Select(a => a.MemberId!.Value).Distinct().ToList();
        var customerIds = autoships.Where(a => a.CustomerId != null).Select(a => a.CustomerId!.Value).Distinct().ToList();
        var handles = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Handle, ct);
        var emails = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Email, ct);
        var skus = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        return autoships.Select(a => new AutoshipListing(a.Id,
            a.MemberId is { } m ? handles[m] : emails[a.CustomerId!.Value], a.DayOfMonth, a.StartsOn, a.Active,
            a.Items.Select(i => new Orders.Item(skus[i.ProductId], i.Quantity)).ToList())).ToList();
    }

    public Task<int> CountAsync(CancellationToken ct = default) => db.Autoships.CountAsync(ct);
}
