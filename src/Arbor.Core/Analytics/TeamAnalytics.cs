using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Analytics;

/// <summary>
/// One month of a member's figures. Team: its downline (itself not counted). Size: team members
/// who had joined by the month's end and were not terminated by then. Active: those of them with
/// volume in the month (their own and their customers' orders, net of returns, PV above zero).
/// Customers: the member's own customers by the month's end; retail sales: what they paid that
/// month, net of refunds, in the company's currency. Customer share: the PV of customer orders
/// in the PV of all orders of the member and its team that month (percent; null without volume).
/// </summary>
public sealed record MonthFigures(
    DateOnly Month, int TeamSize, int Active, int Joined, int Customers, decimal RetailSales, decimal TeamPv, decimal CustomerPv, decimal? CustomerSharePercent);

/// <summary>
/// Of the member's personal recruits who joined at least <paramref name="Months"/> months ago, how
/// many had volume in the calendar month <paramref name="Months"/> months after their joining month.
/// </summary>
public sealed record Retention(int Months, int Recruits, int StillActive)
{
    public decimal? Percent => Recruits == 0 ? null : Math.Round(100m * StillActive / Recruits, 1, MidpointRounding.ToEven);
}

public sealed record TeamReport(IReadOnlyList<MonthFigures> Months, IReadOnlyList<Retention> Retention);

/// <summary>A distributor's own analytics (docs/distributor-tools.md): its team, recruits and customers over the last months.</summary>
public sealed class TeamAnalytics(ArborContext db)
{
    public static readonly IReadOnlyList<int> RetentionMonths = [3, 6, 12];

    /// <summary>The <paramref name="months"/> calendar months up to and including <paramref name="today"/>'s, oldest first.</summary>
    public async Task<TeamReport> OfAsync(long memberId, DateOnly today, int months = 12, CancellationToken ct = default)
    {
        var me = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - months);
        var team = await db.Members.AsNoTracking().Where(m => m.Id != me.Id && m.Path.StartsWith(me.Path))
            .Select(m => new TeamMember(m.Id, m.SponsorId, m.JoinedOn, m.Status, m.StatusSince)).ToListAsync(ct);
        var teamIds = team.Select(m => m.Id).Append(me.Id).ToList();
        var recruits = team.Where(m => m.SponsorId == me.Id).ToList();
        var recruitsFrom = recruits.Count == 0 ? first : recruits.Min(r => r.JoinedOn);
        var since = recruitsFrom < first ? new DateOnly(recruitsFrom.Year, recruitsFrom.Month, 1) : first;
        var recruitIds = recruits.Select(r => r.Id).ToList();
        // Orders of the window for the whole team; older ones only of the recruits (for their retention).
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.Date <= today && ((o.Date >= first && teamIds.Contains(o.MemberId)) || (o.Date >= since && recruitIds.Contains(o.MemberId))))
            .Select(o => new TeamOrder(o.MemberId, o.Date, o.CustomerId != null, o.Pv, o.Amount)).ToListAsync(ct);
        var customers = await db.Customers.AsNoTracking().Where(c => c.ReferrerId == me.Id).Select(c => c.CreatedOn).ToListAsync(ct);
        return Compute(me.Id, team, orders, customers, first, months, today);
    }

    public sealed record TeamMember(long Id, long? SponsorId, DateOnly JoinedOn, string Status, DateOnly StatusSince);

    /// <summary>An order (or return: PV and amount negative) as the analytics read it.</summary>
    public sealed record TeamOrder(long MemberId, DateOnly Date, bool ByCustomer, decimal Pv, decimal? Amount);

    public static TeamReport Compute(long me, IReadOnlyList<TeamMember> team, IReadOnlyList<TeamOrder> orders, IReadOnlyList<DateOnly> customerSince, DateOnly first, int months, DateOnly today)
    {
        static DateOnly MonthOf(DateOnly d) => new(d.Year, d.Month, 1);
        var teamIds = team.Select(m => m.Id).ToHashSet();
        var volume = orders.GroupBy(o => (o.MemberId, Month: MonthOf(o.Date))).ToDictionary(g => g.Key, g => g.Sum(o => o.Pv));
        bool HadVolume(long id, DateOnly month) => volume.TryGetValue((id, month), out var pv) && pv > 0;

        var rows = new List<MonthFigures>();
        for (var i = 0; i < months; i++)
        {
            var month = first.AddMonths(i);
            var end = month.AddMonths(1).AddDays(-1);
            var inMonth = orders.Where(o => MonthOf(o.Date) == month && (o.MemberId == me || teamIds.Contains(o.MemberId))).ToList();
            var members = team.Where(m => m.JoinedOn <= end && !(m.Status == "terminated" && m.StatusSince <= end)).ToList();
            var size = members.Count;
            var active = members.Count(m => HadVolume(m.Id, month));
            var joined = team.Count(m => MonthOf(m.JoinedOn) == month);
            var teamPv = inMonth.Sum(o => o.Pv);
            var customerPv = inMonth.Where(o => o.ByCustomer).Sum(o => o.Pv);
            var retail = inMonth.Where(o => o.MemberId == me && o.ByCustomer).Sum(o => o.Amount ?? 0m);
            decimal? share = teamPv > 0 ? Math.Round(100m * customerPv / teamPv, 1, MidpointRounding.ToEven) : null;
            rows.Add(new MonthFigures(month, size, active, joined, customerSince.Count(c => c <= end), retail, teamPv, customerPv, share));
        }

        var recruits = team.Where(m => m.SponsorId == me).ToList();
        var retention = RetentionMonths.Select(n =>
        {
            var eligible = recruits.Where(r => r.JoinedOn.AddMonths(n) <= today).ToList();
            return new Retention(n, eligible.Count, eligible.Count(r => HadVolume(r.Id, MonthOf(r.JoinedOn).AddMonths(n))));
        }).ToList();
        return new TeamReport(rows, retention);
    }
}
