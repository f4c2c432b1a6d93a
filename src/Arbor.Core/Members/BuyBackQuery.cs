using Arbor.Data;
using Arbor.Engine.Computation;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace Arbor.Core.Members;

/// <summary>
/// The buyback rule (docs/business-rules.md, "Inventory buyback"; docs/compliance-buyback.md): a member who
/// leaves may return what it bought for itself in the 12 months up to the buyback date, for at least 90 % of
/// what it paid (the DSA Code of Ethics and the WFDSA World Codes of Conduct).
/// </summary>
public static class BuyBackRule
{
    /// <summary>The least refund the codes of conduct allow, in percent of what was paid.</summary>
    public const decimal MinimumPercent = 90m;

    public const int WindowMonths = 12;

    /// <summary>
    /// The first day of the window: the same day of the month 12 months before, included (a buyback on
    /// 2026-12-10 takes back orders dated 2025-12-10 to 2026-12-10). A day the earlier month lacks
    /// falls back to its last day (2024-02-29 gives 2023-02-28).
    /// </summary>
    public static DateOnly WindowStart(DateOnly date) => date.AddMonths(-WindowMonths);

    /// <summary>The refund for goods that cost <paramref name="paid"/>: percent of it, rounded once to cents, half to even.</summary>
    public static decimal Refund(decimal paid, decimal percent) => Rounding.ToCents(paid * percent / 100m) / 100m;

    internal static Problem? CheckPercent(decimal percent)
    {
        if (percent < MinimumPercent) return new Problem("percent", Invariant($"the refund must be at least {MinimumPercent:0} % of what was paid (DSA and WFDSA codes of conduct), not {percent} %"));
        if (percent > 100m) return new Problem("percent", Invariant($"the refund is at most 100 % of what was paid, not {percent} %"));
        if (decimal.Round(percent, 2) != percent) return new Problem("percent", Invariant($"the percent has at most 2 decimals, not {percent}"));
        return null;
    }
}

/// <summary>One line of a personal order that can still be bought back: bought, returned already, and what is left.</summary>
/// <param name="UnitPrice">What the member paid per unit.</param>
public sealed record BuyBackItem(string OrderNumber, DateOnly OrderDate, string Sku, string Product, int Bought, int Returned, decimal UnitPrice, decimal UnitPv, decimal UnitCv)
{
    public int Returnable => Bought - Returned;
}

/// <summary>
/// What a buyback on <paramref name="Date"/> would take back: every returnable line, what the member paid for
/// what is left (<paramref name="Paid"/>) and the refund at <paramref name="Percent"/> (rounded per order, as the
/// return orders store it).
/// </summary>
public sealed record BuyBackPreview(string Handle, string Name, DateOnly Date, DateOnly WindowStart, decimal Percent, IReadOnlyList<BuyBackItem> Items, decimal Paid, decimal Refund);

/// <summary>What a member would get back if it left on a date: shown before a buyback is confirmed.</summary>
public sealed class BuyBackQuery(ArborContext db)
{
    public async Task<Outcome<BuyBackPreview>> PreviewAsync(string handle, DateOnly date, decimal percent = BuyBackRule.MinimumPercent, CancellationToken ct = default)
    {
        if (BuyBackRule.CheckPercent(percent) is { } bad) return bad;
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        if (member is null) return new Problem("member", $"unknown member '{handle}'");
        if (member.Status == "terminated") return new Problem("member", $"'{member.Handle}' is terminated since {member.StatusSince:yyyy-MM-dd}: a buyback is for a member who leaves");
        var items = await ReturnableAsync(db, member.Id, date, ct);
        return new BuyBackPreview(member.Handle, member.Name, date, BuyBackRule.WindowStart(date), percent, items,
            items.Sum(i => i.Returnable * i.UnitPrice), RefundOf(items.Select(i => (i.OrderNumber, i.Returnable * i.UnitPrice)), percent));
    }

    /// <summary>The refund of goods per order: each order's refund rounded on its own (it is stored on its return), then summed.</summary>
    internal static decimal RefundOf(IEnumerable<(string Order, decimal Paid)> paid, decimal percent) =>
        paid.GroupBy(p => p.Order).Sum(g => BuyBackRule.Refund(g.Sum(p => p.Paid), percent));

    /// <summary>
    /// The lines of the member's personal orders dated in the window that are not wholly returned, oldest
    /// order first. Imported orders without lines are left out: what was paid for them is unknown.
    /// </summary>
    internal static async Task<List<BuyBackItem>> ReturnableAsync(ArborContext db, long memberId, DateOnly date, CancellationToken ct)
    {
        var from = BuyBackRule.WindowStart(date);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.MemberId == memberId && o.Kind == "personal" && o.Date >= from && o.Date <= date)
            .OrderBy(o => o.Date).ThenBy(o => o.Id).ToListAsync(ct);
        var ids = orders.Select(o => o.Id).ToList();
        var returnLines = await db.Orders.AsNoTracking().Where(o => o.OriginalOrderId != null && ids.Contains(o.OriginalOrderId.Value))
            .SelectMany(o => o.Lines).Where(l => l.OriginalLineId != null).Select(l => new { l.OriginalLineId, l.Quantity }).ToListAsync(ct);
        var returned = returnLines.GroupBy(l => l.OriginalLineId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var productIds = orders.SelectMany(o => o.Lines).Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return [.. orders.SelectMany(o => o.Lines.OrderBy(l => l.Id).Select(l =>
                new BuyBackItem(o.Number, o.Date, products[l.ProductId].Sku, products[l.ProductId].Name, l.Quantity, returned.GetValueOrDefault(l.Id), l.UnitPrice, l.UnitPv, l.UnitCv)))
            .Where(i => i.Returnable > 0)];
    }
}
