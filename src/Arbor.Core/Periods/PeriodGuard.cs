using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>
/// Closed periods are final: no order dated in or before the last closed period can be created,
/// and a return of such an order goes into the open period (and is clawed back at its close).
/// </summary>
internal static class PeriodGuard
{
    public static async Task<Problem?> OrderDateAsync(ArborContext db, DateOnly date, bool isReturn, CancellationToken ct)
    {
        var last = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).Select(p => new { p.Key, p.EndsOn }).FirstOrDefaultAsync(ct);
        if (last is null || date > last.EndsOn) return null;
        var key = await db.Periods.AsNoTracking().Where(p => p.StartsOn <= date && p.EndsOn >= date).Select(p => p.Key).FirstOrDefaultAsync(ct)
            ?? $"up to {last.EndsOn:yyyy-MM-dd}";
        return isReturn
            ? new Problem("date", $"period {key} is closed: date the return after {last.EndsOn:yyyy-MM-dd}, in the open period")
            : new Problem("date", $"period {key} is closed: no order dated {date:yyyy-MM-dd} can be created");
    }
}
