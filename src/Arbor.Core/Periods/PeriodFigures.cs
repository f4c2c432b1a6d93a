using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>A closed period's figures for the back office's dashboard.</summary>
/// <param name="Orders">Orders dated in the period (returns not counted).</param>
/// <param name="Amount">What customers paid in the period's retail orders, net of their returns.</param>
/// <param name="PayoutRatio">Total payout over total CV; null when the period had no CV.</param>
public sealed record PeriodFigures(string Period, DateOnly From, DateOnly To, string State, int Orders, decimal Cv, decimal Amount, int Active, int Enrollments, decimal TotalPayout, decimal? PayoutRatio);

/// <summary>The closed periods' figures, oldest first (for charts), at most <c>count</c> of the newest.</summary>
public static class PeriodFiguresQuery
{
    public static async Task<IReadOnlyList<PeriodFigures>> ClosedAsync(ArborDatabase database, int count = 24, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var periods = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).Take(count).ToListAsync(ct);
        var ids = periods.Select(p => p.Id).ToList();
        var active = await db.PeriodMembers.AsNoTracking().Where(p => ids.Contains(p.PeriodId) && p.Active)
            .GroupBy(p => p.PeriodId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var figures = new List<PeriodFigures>();
        foreach (var p in periods.OrderBy(p => p.EndsOn))
        {
            var (from, to) = (p.StartsOn, p.EndsOn);
            var orders = await db.Orders.AsNoTracking().CountAsync(o => o.Date >= from && o.Date <= to && o.Kind != "return", ct);
            // Summed here, not in SQL: SQLite has no decimal type to sum in. Customers' orders only: a buyback's
            // returns carry the refund to the member as their amount, which is no customer's money.
            var amounts = await db.Orders.AsNoTracking().Where(o => o.Date >= from && o.Date <= to && o.Amount != null && o.CustomerId != null).Select(o => o.Amount!.Value).ToListAsync(ct);
            var amount = amounts.Sum();
            var enrollments = await db.Members.AsNoTracking().CountAsync(m => m.JoinedOn >= from && m.JoinedOn <= to, ct);
            figures.Add(new PeriodFigures(p.Key, from, to, p.State, orders, p.TotalCv, amount, active.GetValueOrDefault(p.Id), enrollments, p.TotalPayout,
                p.TotalCv == 0 ? null : p.TotalPayout / p.TotalCv));
        }
        return figures;
    }
}
