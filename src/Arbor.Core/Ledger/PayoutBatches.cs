using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Ledger;

/// <summary>A closed period and its payout batch, when one was exported.</summary>
public sealed record PeriodPayout(string Period, DateOnly EndsOn, string State, decimal TotalPayout, PayoutFile? Batch);

/// <summary>The closed periods, newest first, with their payout batches: what is exported, what is confirmed paid.</summary>
public static class PayoutBatchList
{
    public static async Task<IReadOnlyList<PeriodPayout>> ClosedAsync(ArborDatabase database, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var periods = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).ToListAsync(ct);
        // Lines summed here, not in SQL: SQLite has no decimal type to sum in.
        var batches = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).ToDictionaryAsync(b => b.PeriodId, ct);
        return periods.Select(p => new PeriodPayout(p.Key, p.EndsOn, p.State, p.TotalPayout,
            batches.TryGetValue(p.Id, out var b) ? new PayoutFile(p.Key, b.Lines.Count, b.Lines.Sum(l => l.Amount), b.Currency, b.ConfirmedOn is not null, false) : null)).ToList();
    }
}
