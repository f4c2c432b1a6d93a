using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Office;

/// <summary>What one bonus paid a member in one closed period.</summary>
public sealed record BonusEarning(string Period, DateOnly StartsOn, string Bonus, decimal Amount);

/// <summary>A member's figures in a closed period, as the close stored them.</summary>
public sealed record ClosedFigures(string Period, DateOnly StartsOn, DateOnly EndsOn, decimal Pv, decimal Gv, bool Active, string Rank, string HighestRank, decimal Earnings);

/// <summary>A member's history of closed periods: what the closes stored, never recomputed.</summary>
/// <summary>A stored payout line of a closed period, as the member's statement shows it.</summary>
public sealed record EarnedLine(string Bonus, decimal Amount, int Level, string SourceMember, string? SourceOrder, bool Clawback);

/// <summary>A member's results in one closed period: its figures and the lines it was paid.</summary>
public sealed record PeriodResult(ClosedFigures Figures, IReadOnlyList<EarnedLine> Lines);

public sealed class EarningsHistory(ArborContext db)
{
    /// <summary>The member's figures and payout lines in the closed period <paramref name="periodKey"/>; refused when the period is not closed or the member was not in it.</summary>
    public async Task<Outcome<PeriodResult>> InPeriodAsync(long memberId, string periodKey, CancellationToken ct = default)
    {
        var period = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == periodKey, ct);
        if (period is null) return new Problem("period", $"period '{periodKey}' is not closed: preview it for an estimate");
        var f = await db.PeriodMembers.AsNoTracking().SingleOrDefaultAsync(p => p.PeriodId == period.Id && p.MemberId == memberId, ct);
        if (f is null) return new Problem("member", $"the member had not joined in period {periodKey}");
        var lines = await db.PayoutLines.AsNoTracking().Where(l => l.PeriodId == period.Id && l.PayeeId == memberId).OrderBy(l => l.Id)
            .Join(db.Members.AsNoTracking(), l => l.SourceMemberId, m => m.Id, (l, m) => new
            {
                l.Bonus, l.Amount, l.Level, Source = m.Handle, l.OriginalLineId,
                Order = db.Orders.Where(o => o.Id == l.SourceOrderId).Select(o => o.Number).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var figures = new ClosedFigures(period.Key, period.StartsOn, period.EndsOn, f.Pv, f.Gv, f.Active, f.Rank, f.HighestRank, f.Earnings);
        return new PeriodResult(figures, [.. lines.Select(l => new EarnedLine(l.Bonus, l.Amount, l.Level, l.Source, l.Order, l.OriginalLineId is not null))]);
    }

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
