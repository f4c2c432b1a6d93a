using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Office;

/// <summary>What one bonus paid a member in one closed period.</summary>
public sealed record BonusEarning(string Period, DateOnly StartsOn, string Bonus, decimal Amount);

/// <summary>A member's figures in a closed period, as the close stored them.</summary>
public sealed record ClosedFigures(string Period, DateOnly StartsOn, DateOnly EndsOn, decimal Pv, decimal Gv, bool Active, string Rank, string HighestRank, decimal Earnings);

/// <summary>A member's history of closed periods: what the closes stored, never recomputed.</summary>
public sealed class EarningsHistory(ArborContext db)
{
    /// <summary>The member's stored payout lines summed per closed period and bonus, oldest period first (summed here: SQLite cannot add decimals exactly).</summary>
    public async Task<IReadOnlyList<BonusEarning>> ByPeriodAndBonusAsync(long memberId, CancellationToken ct = default)
    {
        var lines = await db.PayoutLines.AsNoTracking().Where(l => l.PayeeId == memberId)
            .Join(db.Periods.AsNoTracking(), l => l.PeriodId, p => p.Id, (l, p) => new { p.Key, p.StartsOn, l.Bonus, l.Amount })
            .ToListAsync(ct);
        return lines.GroupBy(l => (l.Key, l.StartsOn, l.Bonus))
            .Select(g => new BonusEarning(g.Key.Key, g.Key.StartsOn, g.Key.Bonus, g.Sum(l => l.Amount)))
            .OrderBy(e => e.StartsOn).ThenBy(e => e.Bonus, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The member's figures in the last closed period; null when there is none or the member was not in it.</summary>
    public async Task<ClosedFigures?> LastClosedAsync(long memberId, CancellationToken ct = default)
    {
        var last = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).FirstOrDefaultAsync(ct);
        if (last is null) return null;
        var f = await db.PeriodMembers.AsNoTracking().SingleOrDefaultAsync(p => p.PeriodId == last.Id && p.MemberId == memberId, ct);
        return f is null ? null : new ClosedFigures(last.Key, last.StartsOn, last.EndsOn, f.Pv, f.Gv, f.Active, f.Rank, f.HighestRank, f.Earnings);
    }
}
