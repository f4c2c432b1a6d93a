using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Autoship;

/// <summary>A monthly order template: a member's or a customer's, on a day of the month from a date on.</summary>
public sealed record Subscription(int DayOfMonth, DateOnly StartsOn, IReadOnlyList<Item> Items, string? MemberHandle = null, string? CustomerEmail = null);

/// <summary>What one autoship run did: the orders it created and the autoships it could not fill, with why.</summary>
public sealed record AutoshipRunReport(DateOnly Date, IReadOnlyList<string> Created, IReadOnlyList<Problem> Skipped, int AlreadyDone);

public sealed class Autoships(ArborContext db)
{
    public async Task<Outcome<Data.Autoship>> SubscribeAsync(Subscription s, CancellationToken ct = default)
    {
        if (s.DayOfMonth is < 1 or > 31) return new Problem("day", $"day of month must be 1 to 31, not {s.DayOfMonth}");
        if (s.Items.Count == 0 || s.Items.Any(i => i.Quantity is <= 0 or > Limits.Quantity)) return new Problem("items", $"an autoship needs items with quantities of 1 to {Limits.Quantity}");
        if ((s.MemberHandle is null) == (s.CustomerEmail is null)) return new Problem("buyer", "an autoship belongs to a member or to a customer");
        long? memberId = null, customerId = null;
        if (s.MemberHandle is not null)
        {
            memberId = await db.Members.Where(m => m.Handle == s.MemberHandle).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
            if (memberId is null) return new Problem("member", $"unknown member '{s.MemberHandle}'");
        }
        else
        {
            var email = s.CustomerEmail!.ToLowerInvariant();
            customerId = await db.Customers.Where(c => c.Email == email).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null) return new Problem("customer", $"unknown customer '{s.CustomerEmail}'");
        }
        var items = new List<AutoshipItem>();
        foreach (var item in s.Items)
        {
            var productId = await db.Products.Where(p => p.Sku == item.Sku).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct);
            if (productId is null) return new Problem("items", $"unknown SKU '{item.Sku}'");
            items.Add(new AutoshipItem { ProductId = productId.Value, Quantity = item.Quantity });
        }
        var autoship = new Data.Autoship { MemberId = memberId, CustomerId = customerId, DayOfMonth = s.DayOfMonth, StartsOn = s.StartsOn, Active = true, Items = items };
        db.Autoships.Add(autoship);
        await db.SaveChangesAsync(ct);
        return autoship;
    }

    /// <summary>
    /// Creates the orders due on <paramref name="date"/>: autoships on that day of the month (or
    /// on the month's last day when the month is shorter). Each order and its run record commit
    /// together, so a second run on the same date creates nothing.
    /// </summary>
    public async Task<AutoshipRunReport> RunAsync(DateOnly date, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var lastDay = DateTime.DaysInMonth(date.Year, date.Month);
        var days = date.Day == lastDay ? Enumerable.Range(date.Day, 32 - date.Day).ToList() : [date.Day];
        var due = await db.Autoships.AsNoTracking().Include(a => a.Items)
            .Where(a => a.Active && a.StartsOn <= date && days.Contains(a.DayOfMonth))
            .OrderBy(a => a.Id)
            .ToListAsync(ct);
        var done = (await db.AutoshipRuns.Where(r => r.DueOn == date).Select(r => r.AutoshipId).ToListAsync(ct)).ToHashSet();
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var created = new List<string>();
        var skipped = new List<Problem>();
        var already = 0;
        foreach (var autoship in due)
        {
            if (done.Contains(autoship.Id))
            {
                already++;
                continue;
            }
            var buyer = await BuyerAsync(autoship, ct);
            var request = new OrderRequest(date, [.. autoship.Items.Select(i => new Item(products[i.ProductId], i.Quantity))],
                MemberHandle: buyer.Member, CustomerEmail: buyer.Customer);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
            var order = await new PlaceOrder(db).RunAsync(request, ct);
            if (!order.Ok)
            {
                skipped.Add(new Problem($"autoship {autoship.Id}", order.Problem!.Message));
                continue;
            }
            db.AutoshipRuns.Add(new AutoshipRun { AutoshipId = autoship.Id, DueOn = date, OrderId = order.Value!.Id });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            created.Add(order.Value.Number);
            progress?.Report(created.Count);
        }
        return new AutoshipRunReport(date, created, skipped, already);
    }

    private async Task<(string? Member, string? Customer)> BuyerAsync(Data.Autoship a, CancellationToken ct)
    {
        if (a.MemberId is { } m) return (await db.Members.Where(x => x.Id == m).Select(x => x.Handle).SingleAsync(ct), null);
        var c = a.CustomerId!.Value;
        return (null, await db.Customers.Where(x => x.Id == c).Select(x => x.Email).SingleAsync(ct));
    }
}
