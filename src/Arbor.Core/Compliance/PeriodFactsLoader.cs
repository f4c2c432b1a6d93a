using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Compliance;

/// <summary>
/// Reads a closed period's stored data into <see cref="PeriodFacts"/>: its orders (with what was
/// paid), the members who had joined by its end (with their termination dates and stored ranks), its
/// payout lines (clawbacks resolved to the lines they reverse) and its plan's ranks. Money is summed
/// here, not in SQL: SQLite has no decimal type to sum in.
/// </summary>
public static class PeriodFactsLoader
{
    private const int Chunk = 500;

    public static async Task<Outcome<PeriodFacts>> LoadAsync(ArborContext db, string period, CancellationToken ct = default)
    {
        var key = PeriodKey.Parse(period);
        if (!key.Ok) return key.Problem!;
        var row = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (row is null) return new Problem("period", $"period {period} is not closed: the compliance figures read what a close stored");
        return await LoadAsync(db, row, ct);
    }

    internal static async Task<PeriodFacts> LoadAsync(ArborContext db, CommissionPeriod row, CancellationToken ct)
    {
        var (from, to) = (row.StartsOn, row.EndsOn);
        var yaml = await db.Plans.AsNoTracking().Where(p => p.Id == row.PlanId).Select(p => p.Yaml).SingleAsync(ct);
        var ranks = PlanReader.Parse(yaml, $"plan of period {row.Key}").Ranks.Select(r => r.Name).ToList();

        var terminated = (await db.MemberStatusChanges.AsNoTracking().Where(c => c.Status == "terminated")
            .Select(c => new { c.MemberId, c.EffectiveOn }).ToListAsync(ct))
            .GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Min(c => c.EffectiveOn));
        var stored = await db.PeriodMembers.AsNoTracking().Where(p => p.PeriodId == row.Id).Select(p => new { p.MemberId, p.Rank }).ToDictionaryAsync(p => p.MemberId, p => p.Rank, ct);
        var members = (await db.Members.AsNoTracking().Where(m => m.JoinedOn <= to)
                .Select(m => new { m.Id, m.Handle, m.Name, m.Path, m.PlacementPath, m.JoinedOn, m.Status, m.StatusSince }).ToListAsync(ct))
            .Select(m => new FactMember(m.Id, m.Handle, m.Name, m.Path, m.PlacementPath, m.JoinedOn,
                terminated.TryGetValue(m.Id, out var t) ? t : m.Status == "terminated" ? m.StatusSince : null, stored.GetValueOrDefault(m.Id)))
            .ToList();

        var orders = await db.Orders.AsNoTracking().Where(o => o.Date >= from && o.Date <= to)
            .Select(o => new { o.Id, o.MemberId, o.Kind, o.CustomerId, o.Pv, o.Cv, o.OriginalOrderId, o.Amount }).ToListAsync(ct);
        var paid = (await db.OrderLines.AsNoTracking().Where(l => db.Orders.Any(o => o.Id == l.OrderId && o.Date >= from && o.Date <= to))
                .Select(l => new { l.OrderId, l.Quantity, l.UnitPrice }).ToListAsync(ct))
            .GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Sum(l => l.UnitPrice * l.Quantity));
        var kinds = orders.ToDictionary(o => o.Id, o => (o.Kind, o.OriginalOrderId));
        await AddKindsAsync(db, kinds, orders.Where(o => o.OriginalOrderId is not null).Select(o => o.OriginalOrderId!.Value), ct);
        var facts = orders.Select(o => new FactOrder(o.Id, o.MemberId, o.Kind, o.CustomerId, o.Pv, o.Cv,
            Paid(o.Kind, o.Amount, paid.GetValueOrDefault(o.Id)), o.OriginalOrderId is { } original ? kinds.GetValueOrDefault(original).Kind : null)).ToList();

        // A member's first personal order ever: the earliest (by date, then id) of the period's, unless it bought before the period.
        // One pass over the earlier orders: lists of member ids in chunks cost far more than reading them all.
        var boughtBefore = (await db.Orders.AsNoTracking().Where(o => o.Kind == "personal" && o.Date < from).Select(o => o.MemberId).Distinct().ToListAsync(ct)).ToHashSet();
        var dates = await db.Orders.AsNoTracking().Where(o => o.Kind == "personal" && o.Date >= from && o.Date <= to).Select(o => new { o.Id, o.MemberId, o.Date }).ToListAsync(ct);
        var firstOrders = dates.Where(o => !boughtBefore.Contains(o.MemberId)).GroupBy(o => o.MemberId)
            .Select(g => g.OrderBy(o => o.Date).ThenBy(o => o.Id).First().Id).ToHashSet();

        var lines = await db.PayoutLines.AsNoTracking().Where(l => l.PeriodId == row.Id).ToListAsync(ct);
        var reversed = new Dictionary<long, (string Bonus, long? SourceOrderId)>();
        foreach (var chunk in lines.Where(l => l.OriginalLineId is not null).Select(l => l.OriginalLineId!.Value).Distinct().Chunk(Chunk))
        {
            foreach (var l in await db.PayoutLines.AsNoTracking().Where(l => chunk.Contains(l.Id)).Select(l => new { l.Id, l.Bonus, l.SourceOrderId }).ToListAsync(ct))
            {
                reversed[l.Id] = (l.Bonus, l.SourceOrderId);
            }
        }
        await AddKindsAsync(db, kinds, reversed.Values.Where(r => r.SourceOrderId is not null).Select(r => r.SourceOrderId!.Value), ct);
        string? SourceKind(long? order)
        {
            if (order is not { } id) return null;
            if (!kinds.TryGetValue(id, out var k)) return "unknown";
            if (k.Kind != "return") return k.Kind;
            return k.OriginalOrderId is { } original && kinds.TryGetValue(original, out var o) ? o.Kind : "unknown";
        }
        var factLines = lines.Select(l =>
        {
            var (category, source) = l.OriginalLineId is { } r && reversed.TryGetValue(r, out var original) ? original : (l.Bonus, l.SourceOrderId);
            return new FactLine(l.Id, l.PayeeId, l.Bonus, l.Amount, l.SourceMemberId, category, SourceKind(source));
        }).ToList();
        return new PeriodFacts(row.Key, from, to, row.TotalCv, ranks, members, facts, factLines, firstOrders);
    }

    /// <summary>
    /// What an order moved in money: what was paid, or for a return what was refunded — its stored
    /// refund (<c>Amount</c>: a buyback refunds 90 % or more, a customer's return what the customer
    /// paid back) when it has one, else its lines at the prices paid.
    /// </summary>
    private static decimal Paid(string kind, decimal? amount, decimal lines) =>
        kind != "return" ? lines : amount ?? -lines;

    /// <summary>Adds the kind (and for returns the original) of each order in <paramref name="ids"/> not known yet, and of the orders those return.</summary>
    private static async Task AddKindsAsync(ArborContext db, Dictionary<long, (string Kind, long? OriginalOrderId)> kinds, IEnumerable<long> ids, CancellationToken ct)
    {
        var missing = ids.Where(id => !kinds.ContainsKey(id)).Distinct().ToList();
        for (var round = 0; round < 2 && missing.Count > 0; round++)
        {
            foreach (var chunk in missing.Chunk(Chunk))
            {
                foreach (var o in await db.Orders.AsNoTracking().Where(o => chunk.Contains(o.Id)).Select(o => new { o.Id, o.Kind, o.OriginalOrderId }).ToListAsync(ct))
                {
                    kinds[o.Id] = (o.Kind, o.OriginalOrderId);
                }
            }
            missing = [.. kinds.Values.Where(k => k.OriginalOrderId is { } o && !kinds.ContainsKey(o)).Select(k => k.OriginalOrderId!.Value).Distinct()];
        }
    }
}
