using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Compliance;

/// <summary>
/// Loads what the income disclosure statement of a year is computed from and computes it
/// (<see cref="IncomeDisclosureCalculator"/>). Only stored data: the closed periods that end in
/// the year and their payout lines, the members and their status history, the ranks reached,
/// the orders. Sums are taken per member in the database (one row per member, not per line).
/// </summary>
public sealed class IncomeDisclosureQuery(ArborContext db)
{
    public async Task<Outcome<IncomeDisclosure>> ForYearAsync(int year, CancellationToken ct = default)
    {
        if (year is < PeriodKey.FirstYear or > PeriodKey.LastYear) return new Problem("year", $"{year} is outside the years a period may lie in ({PeriodKey.FirstYear} to {PeriodKey.LastYear})");
        var company = await db.Company.AsNoTracking().SingleOrDefaultAsync(ct);
        if (company is null) return new Problem("company", "no company is set up");
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var closed = await db.Periods.AsNoTracking().Where(p => p.EndsOn >= first && p.EndsOn <= last).OrderBy(p => p.EndsOn)
            .Select(p => new { p.Id, p.Key, p.StartsOn, p.EndsOn }).ToListAsync(ct);
        if (closed.Count == 0) return new Problem("year", $"no closed period ends in {year}: the statement shows what closed periods paid");
        var plan = await PlanVersions.InForceAsync(db, last, ct)
            ?? await db.Plans.AsNoTracking().OrderBy(p => p.EffectiveFrom).FirstOrDefaultAsync(ct);
        if (plan is null) return new Problem("plan", "no plan is stored: the ranks come from the plan in force on 31 December");
        // Periods that start before the first plan cannot be closed (a period needs a plan in force on its first day): they are not missing.
        var firstPlan = await db.Plans.AsNoTracking().MinAsync(p => p.EffectiveFrom, ct);
        var expected = PeriodsEndingIn(year, company.PeriodKind).Where(p => p.From >= firstPlan).ToList();
        var ranks = PlanReader.Parse(plan.Yaml, $"plan {plan.Name} from {plan.EffectiveFrom:yyyy-MM-dd}").Ranks.Select(r => r.Name).ToList();

        var closedKeys = closed.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var from = expected.Count > 0 && expected[0].From < closed[0].StartsOn ? expected[0].From : closed[0].StartsOn;
        var to = expected.Count > 0 && expected[^1].To > closed[^1].EndsOn ? expected[^1].To : closed[^1].EndsOn;
        var periodIds = closed.Select(p => p.Id).ToList();

        var members = await db.Members.AsNoTracking().Where(m => m.JoinedOn <= last)
            .Select(m => new { m.Id, m.JoinedOn, m.Status, m.StatusSince }).ToListAsync(ct);
        var terminations = await db.MemberStatusChanges.AsNoTracking().Where(s => s.Status == "terminated")
            .GroupBy(s => s.MemberId).Select(g => new { g.Key, On = g.Min(s => s.EffectiveOn) }).ToDictionaryAsync(g => g.Key, g => g.On, ct);
        var reached = await db.RankHistory.AsNoTracking().Where(r => r.ReachedOn <= last)
            .Select(r => new DisclosureRankReached(r.MemberId, r.Rank, r.ReachedOn)).ToListAsync(ct);

        // Decimal sums in the database: PostgreSQL sums numeric exactly, and EF Core's SQLite provider
        // sums the TEXT decimals with its own ef_sum aggregate, in .NET decimal.
        var earned = await db.PayoutLines.AsNoTracking().Where(l => periodIds.Contains(l.PeriodId))
            .GroupBy(l => new { l.PayeeId, Retail = l.Bonus == "retail_profit" })
            .Select(g => new { g.Key.PayeeId, g.Key.Retail, Amount = g.Sum(l => l.Amount) }).ToListAsync(ct);
        var earnings = earned.GroupBy(e => e.PayeeId).ToDictionary(g => g.Key,
            g => new DisclosureEarnings(g.Sum(e => e.Amount), g.Where(e => e.Retail).Sum(e => e.Amount)));

        // Own purchases: personal orders at what was paid, less the returns of personal orders (a return
        // without a customer), both dated in the counted periods' days.
        var bought = await db.OrderLines.AsNoTracking()
            .Join(db.Orders.AsNoTracking(), l => l.OrderId, o => o.Id, (l, o) => new { o.MemberId, o.Kind, o.CustomerId, o.Date, Paid = l.UnitPrice * l.Quantity })
            .Where(x => x.Date >= from && x.Date <= to && (x.Kind == "personal" || (x.Kind == "return" && x.CustomerId == null)))
            .GroupBy(x => new { x.MemberId, x.Kind })
            .Select(g => new { g.Key.MemberId, g.Key.Kind, Paid = g.Sum(x => x.Paid) }).ToListAsync(ct);
        var purchases = bought.GroupBy(b => b.MemberId).ToDictionary(g => g.Key, g => g.Sum(b => b.Kind == "return" ? -b.Paid : b.Paid));

        var input = new DisclosureInput(year, company.Name, company.Currency, company.PeriodKind, from, to,
            [.. closed.Select(p => p.Key)], [.. expected.Select(p => p.Key).Where(k => !closedKeys.Contains(k))], ranks,
            [.. members.Select(m => new DisclosureMember(m.Id, m.JoinedOn,
                terminations.TryGetValue(m.Id, out var on) ? on : m.Status == "terminated" ? m.StatusSince : null))],
            reached, earnings, purchases);
        return IncomeDisclosureCalculator.Compute(input);
    }

    /// <summary>The periods of <paramref name="kind"/> whose last day lies in <paramref name="year"/>: its months, or the ISO weeks whose Sunday does.</summary>
    public static IReadOnlyList<PeriodKey> PeriodsEndingIn(int year, string kind)
    {
        var periods = new List<PeriodKey>();
        var day = new DateOnly(year, 1, 1);
        if (kind == "week") day = day.AddDays(((int)DayOfWeek.Sunday - (int)day.DayOfWeek + 7) % 7);
        while (day.Year == year && PeriodKey.Containing(day, kind) is { Ok: true } containing)
        {
            var period = containing.Value!;
            periods.Add(period);
            day = period.To.AddDays(1);
            if (kind == "week") day = day.AddDays(6);
        }
        return periods;
    }
}
