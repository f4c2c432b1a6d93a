using System.Globalization;
using Arbor.Core.Orders;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Members;

/// <summary>One item to take back: so many units of a SKU of one of the member's personal orders.</summary>
public sealed record BuyBackLine(string OrderNumber, string Sku, int Quantity);

/// <summary>
/// A member leaves and the company buys back its inventory on <paramref name="Date"/>, refunding
/// <paramref name="Percent"/> of what it paid (at least 90). <paramref name="Items"/> null: everything still
/// returnable. <paramref name="By"/>: the staff member who does it (the status change and the audit trail name them).
/// </summary>
public sealed record BuyBackRequest(string MemberHandle, DateOnly Date, string By, decimal Percent = BuyBackRule.MinimumPercent, IReadOnlyList<BuyBackLine>? Items = null);

/// <summary>The buyback done: the return orders (one per original order, each with its negative refund as <c>Amount</c>), what was paid for the goods, the refund, and the member, terminated.</summary>
public sealed record BuyBackResult(Member Member, IReadOnlyList<Order> Returns, decimal Paid, decimal Refund);

/// <summary>
/// Buys back a leaving member's inventory: return orders for the goods (ReturnOrder's rules: never more than
/// was bought, counting earlier returns), the refund on each return, the member terminated, and an audit entry,
/// all in one transaction. The returns are settled like any other at the close: negative lines in their own
/// period, clawbacks of the stored lines when the original's period is closed.
/// </summary>
public sealed class BuyBack(ArborContext db, TimeProvider clock)
{
    public const string Reason = "left: inventory bought back";

    public async Task<Outcome<BuyBackResult>> RunAsync(BuyBackRequest r, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(r.By)) return new Problem("by", "name who buys the inventory back, for the audit trail");
        if (BuyBackRule.CheckPercent(r.Percent) is { } bad) return bad;
        if (r.Items is { Count: 0 }) return new Problem("items", "choose at least one item to buy back, or none to buy back everything returnable");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        var result = await WithinAsync(r, ct);
        if (result.Ok) await tx.CommitAsync(ct);
        // A refusal rolls back; what the context tracked of it must not be saved by a later call.
        db.ChangeTracker.Clear();
        return result;
    }

    private async Task<Outcome<BuyBackResult>> WithinAsync(BuyBackRequest r, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == r.MemberHandle, ct);
        if (member is null) return new Problem("member", $"unknown member '{r.MemberHandle}'");
        if (member.Status == "terminated") return new Problem("member", $"'{member.Handle}' is terminated since {member.StatusSince:yyyy-MM-dd}: a buyback is for a member who leaves");
        if (await Periods.PeriodGuard.OrderDateAsync(db, r.Date, isReturn: true, ct) is { } closed) return new Problem("date", closed.Message.Replace("the return", "the buyback", StringComparison.Ordinal));
        var memberId = member.Id;
        var later = await db.Orders.AsNoTracking().Where(o => o.MemberId == memberId && o.Kind == "personal" && o.Date > r.Date).OrderBy(o => o.Date).Select(o => new { o.Number, o.Date }).FirstOrDefaultAsync(ct);
        if (later is not null) return new Problem("date", $"'{member.Handle}' ordered after {r.Date:yyyy-MM-dd} ({later.Number} on {later.Date:yyyy-MM-dd}): date the buyback on or after its last order");

        var returnable = await BuyBackQuery.ReturnableAsync(db, memberId, r.Date, ct);
        var window = $"{BuyBackRule.WindowStart(r.Date):yyyy-MM-dd} to {r.Date:yyyy-MM-dd}";
        List<(string Order, IReadOnlyList<Item>? Items)> perOrder;
        if (r.Items is null)
        {
            if (returnable.Count == 0) return new Problem("items", $"'{member.Handle}' has nothing to buy back: no personal order dated {window} that is not wholly returned");
            perOrder = [.. returnable.Select(i => i.OrderNumber).Distinct().Select(o => (o, (IReadOnlyList<Item>?)null))];
        }
        else
        {
            var orders = returnable.Select(i => i.OrderNumber).ToHashSet();
            if (r.Items.FirstOrDefault(i => !orders.Contains(i.OrderNumber)) is { } outside)
            {
                return new Problem("items", $"'{outside.OrderNumber}' is not a personal order of '{member.Handle}' dated {window} with anything left to return");
            }
            if (r.Items.FirstOrDefault(i => i.Quantity is <= 0 or > Limits.Quantity) is { } zero)
            {
                return new Problem("items", $"{zero.OrderNumber} {zero.Sku}: the quantity must be 1 to {Limits.Quantity}, not {zero.Quantity}");
            }
            perOrder = [.. r.Items.GroupBy(i => i.OrderNumber).Select(g => (g.Key, (IReadOnlyList<Item>?)[.. g.Select(i => new Item(i.Sku, i.Quantity))]))];
        }

        // ReturnOrder's rules build each return; the refund is the buyback's.
        var returns = new List<Order>();
        foreach (var (number, items) in perOrder)
        {
            var built = await new ReturnOrder(db).BuildAsync(new ReturnRequest(number, r.Date, items), ct);
            if (!built.Ok) return built.Problem!;
            var order = built.Value!;
            order.Amount = -BuyBackRule.Refund(order.Lines.Sum(l => l.UnitPrice * l.Quantity), r.Percent);
            var saved = await OrderNumbers.SaveAsync(db, order, generate: true, ct);
            if (!saved.Ok) return saved.Problem!;
            returns.Add(saved.Value!);
        }

        var terminated = await new ChangeStatus(db).RunAsync(new StatusChange(member.Handle, "terminated", r.Date, Reason, r.By), ct);
        if (!terminated.Ok) return terminated.Problem!;
        var paid = returns.Sum(o => o.Lines.Sum(l => l.UnitPrice * l.Quantity));
        var refund = -returns.Sum(o => o.Amount!.Value);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = r.By,
            Action = "member-buyback",
            Subject = member.Handle,
            Details = string.Create(CultureInfo.InvariantCulture,
                $"terminated from {r.Date:yyyy-MM-dd}; returns {string.Join(" ", returns.Select(o => $"{o.Number} (of {o.OriginalNumber})"))}; paid {paid:0.00}, refund {refund:0.00} at {r.Percent} %"),
        });
        await db.SaveChangesAsync(ct);
        return new BuyBackResult(terminated.Value!, returns, paid, refund);
    }
}
