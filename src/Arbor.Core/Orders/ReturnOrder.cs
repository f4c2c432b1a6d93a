using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Orders;

/// <summary>A return of some lines of an order (<paramref name="Items"/>), or of all that is left of it (null).</summary>
public sealed record ReturnRequest(string OriginalNumber, DateOnly Date, IReadOnlyList<Item>? Items = null, string? Number = null);

/// <summary>
/// Returns goods: a new order of kind <c>return</c> that references the original, with negative
/// PV, CV and amounts at the original's prices. Never more than was bought, counting earlier returns.
/// </summary>
public sealed class ReturnOrder(ArborContext db)
{
    public async Task<Outcome<Order>> RunAsync(ReturnRequest r, CancellationToken ct = default)
    {
        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        // The company lock first (before any read: SQLite upgrades no read lock into a write lock while a close waits).
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.Current.GetDbTransaction(), ct);
        var order = await BuildAsync(r, ct);
        if (!order.Ok) return order;
        var saved = await OrderNumbers.SaveAsync(db, order.Value!, r.Number is null, ct);
        if (saved.Ok) await tx.CommitAsync(ct);
        return saved;
    }

    /// <summary>
    /// The return, checked and built but not saved (save it with <see cref="OrderNumbers.SaveAsync"/>):
    /// for callers that return goods as part of a larger change, inside their transaction and under the company lock.
    /// </summary>
    internal async Task<Outcome<Order>> BuildAsync(ReturnRequest r, CancellationToken ct)
    {
        var original = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == r.OriginalNumber, ct);
        if (original is null) return new Problem("original", $"unknown order '{r.OriginalNumber}'");
        if (original.Kind == "return") return new Problem("original", $"'{original.Number}' is itself a return");
        if (r.Date < original.Date) return new Problem("date", $"a return cannot be dated {r.Date:yyyy-MM-dd}, before its order ({original.Date:yyyy-MM-dd})");
        if (r.Number is { } n && await db.Orders.AnyAsync(o => o.Number == n, ct)) return new Problem("number", $"order number '{n}' exists already");

        var originalId = original.Id;
        var earlier = await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.OriginalOrderId == originalId).ToListAsync(ct);
        var productIds = original.Lines.Select(l => l.ProductId).ToList();
        var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var order = original.Lines.Count == 0 ? WholeWithoutLines(original, earlier) : FromLines(original, earlier, r.Items, skus);
        if (!order.Ok) return order;
        var result = order.Value!;
        result.Date = r.Date;
        result.Number = r.Number ?? $"pending-{Guid.NewGuid():N}";
        return result;
    }

    /// <summary>An imported order has totals but no lines: it can only be returned whole, once.</summary>
    private static Outcome<Order> WholeWithoutLines(Order original, List<Order> earlier)
    {
        if (earlier.Count > 0) return new Problem("items", $"'{original.Number}' has been returned already");
        return Shell(original, -original.Pv, -original.Cv, -original.Amount, -original.Wholesale, -original.LocalAmount, []);
    }

    private static Outcome<Order> FromLines(Order original, List<Order> earlier, IReadOnlyList<Item>? items, Dictionary<long, string> skus)
    {
        var returned = earlier.SelectMany(o => o.Lines).GroupBy(l => l.OriginalLineId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var wanted = new List<(OrderLine Line, int Quantity)>();
        if (items is null)
        {
            foreach (var line in original.Lines)
            {
                var left = line.Quantity - returned.GetValueOrDefault(line.Id);
                if (left > 0) wanted.Add((line, left));
            }
            if (wanted.Count == 0) return new Problem("items", $"everything in '{original.Number}' has been returned already");
        }
        else
        {
            if (items.Count == 0) return new Problem("items", "a return needs at least one item");
            foreach (var item in items)
            {
                if (item.Quantity <= 0) return new Problem("items", $"{item.Sku}: the quantity must be positive, not {item.Quantity}");
                var line = original.Lines.FirstOrDefault(l => skus[l.ProductId] == item.Sku);
                if (line is null) return new Problem("items", $"'{original.Number}' has no {item.Sku}");
                var already = returned.GetValueOrDefault(line.Id) + wanted.Where(w => w.Line == line).Sum(w => w.Quantity);
                if (already + item.Quantity > line.Quantity)
                {
                    return new Problem("items", $"return exceeds what was bought: '{original.Number}' has {line.Quantity} × {item.Sku}, {already} returned already, {item.Quantity} asked");
                }
                wanted.Add((line, item.Quantity));
            }
        }
        var lines = wanted.Select(w => new OrderLine
        {
            ProductId = w.Line.ProductId,
            Quantity = w.Quantity,
            UnitPrice = w.Line.UnitPrice,
            UnitMemberPrice = w.Line.UnitMemberPrice,
            UnitPv = w.Line.UnitPv,
            UnitCv = w.Line.UnitCv,
            UnitLocalPrice = w.Line.UnitLocalPrice,
            OriginalLineId = w.Line.Id,
        }).ToList();
        var amount = original.Amount is null ? (decimal?)null : -lines.Sum(l => l.UnitPrice * l.Quantity);
        var wholesale = original.Wholesale is null ? (decimal?)null : -lines.Sum(l => l.UnitMemberPrice * l.Quantity);
        // A refund in the market's currency is what those units cost in it, as the company's amount is.
        var local = original.LocalAmount is null ? (decimal?)null : -lines.Sum(l => l.UnitLocalPrice!.Value * l.Quantity);
        return Shell(original, -lines.Sum(l => l.UnitPv * l.Quantity), -lines.Sum(l => l.UnitCv * l.Quantity), amount, wholesale, local, lines);
    }

    private static Order Shell(Order original, decimal pv, decimal cv, decimal? amount, decimal? wholesale, decimal? local, List<OrderLine> lines) => new()
    {
        Number = "",
        Kind = "return",
        MemberId = original.MemberId,
        CustomerId = original.CustomerId,
        OriginalOrderId = original.Id,
        OriginalNumber = original.Number,
        Pv = pv,
        Cv = cv,
        Amount = amount,
        Wholesale = wholesale,
        Currency = original.Currency,
        LocalAmount = local,
        Lines = lines,
    };
}
