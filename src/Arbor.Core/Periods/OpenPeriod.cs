using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>The open period: the company's period that contains today (months or ISO weeks, as the company counts).</summary>
public static class OpenPeriod
{
    public static async Task<Outcome<PeriodKey>> OnAsync(ArborDatabase database, DateOnly today, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var kind = await db.Company.AsNoTracking().Select(c => c.PeriodKind).SingleOrDefaultAsync(ct);
        return kind is null ? new Problem("company", "the database holds no company yet") : PeriodKey.Containing(today, kind);
    }
}
