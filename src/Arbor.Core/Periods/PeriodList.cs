using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary><c>periods list</c>: the closed and paid periods, newest first (an open period has no row).</summary>
public static class PeriodList
{
    public static async Task<IReadOnlyList<CommissionPeriod>> ClosedAsync(ArborDatabase database, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).ToListAsync(ct);
    }
}
