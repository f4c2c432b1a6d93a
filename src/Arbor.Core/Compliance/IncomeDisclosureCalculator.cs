namespace Arbor.Core.Compliance;

/// <summary>A member as the disclosure needs it; <see cref="TerminatedOn"/> is the day its termination took effect (final), null when never terminated.</summary>
public sealed record DisclosureMember(long Id, DateOnly JoinedOn, DateOnly? TerminatedOn);

/// <summary>A rank a member first reached on a day (rank_history).</summary>
public sealed record DisclosureRankReached(long MemberId, string Rank, DateOnly ReachedOn);

/// <summary>A member's sums over the counted periods' payout lines: all of them, and the retail profit among them.</summary>
public sealed record DisclosureEarnings(decimal Total, decimal RetailProfit);

/// <summary>
/// Everything the statement is computed from, as plain values: the members, the ranks they
/// reached, their summed payout lines of the periods that end in the year, and their own
/// purchases over the same days. <see cref="Ranks"/> is the plan's rank order, lowest first.
/// </summary>
public sealed record DisclosureInput(
    int Year,
    string Company,
    string Currency,
    string PeriodKind,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<string> Periods,
    IReadOnlyList<string> OpenPeriods,
    IReadOnlyList<string> Ranks,
    IReadOnlyList<DisclosureMember> Members,
    IReadOnlyList<DisclosureRankReached> Reached,
    IReadOnlyDictionary<long, DisclosureEarnings> Earnings,
    IReadOnlyDictionary<long, decimal> Purchases);

/// <summary>The income disclosure statement computed from plain inputs: no database, no clock.</summary>
public static class IncomeDisclosureCalculator
{
    /// <summary>Days per month for "months to reach a rank": a Julian year of 365.25 days over 12.</summary>
    public const decimal DaysPerMonth = 365.25m / 12m;

    private sealed record Participant(long Id, int Rank, DateOnly JoinedOn, DateOnly? ReachedOn, decimal Earnings, decimal RetailProfit, decimal Purchases, int Days);

    public static IncomeDisclosure Compute(DisclosureInput input)
    {
        var (first, last) = (new DateOnly(input.Year, 1, 1), new DateOnly(input.Year, 12, 31));
        var daysInYear = last.DayNumber - first.DayNumber + 1;
        var rankOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>(input.Ranks);
        for (var i = 0; i < names.Count; i++) rankOrder.TryAdd(names[i], i);
        // A rank reached that the plan in force no longer has goes after the plan's ranks (in name order), so no one is left out.
        foreach (var unknown in input.Reached.Select(r => r.Rank).Where(r => !rankOrder.ContainsKey(r)).Distinct().Order(StringComparer.Ordinal))
        {
            rankOrder[unknown] = names.Count;
            names.Add(unknown);
        }
        var highest = new Dictionary<long, (int Rank, DateOnly On)>();
        foreach (var r in input.Reached.Where(r => r.ReachedOn <= last))
        {
            var order = rankOrder[r.Rank];
            if (!highest.TryGetValue(r.MemberId, out var h) || order > h.Rank) highest[r.MemberId] = (order, r.ReachedOn);
        }

        var participants = new List<Participant>();
        var participantIds = new HashSet<long>();
        foreach (var m in input.Members)
        {
            // A termination takes effect on its day: a participant is one for at least one day of the year
            // (a member terminated on 1 January, or on the day it joined, never was).
            var (from, to) = (m.JoinedOn > first ? m.JoinedOn : first, m.TerminatedOn is { } t && t <= last ? t.AddDays(-1) : last);
            if (to < from) continue;
            var earned = input.Earnings.GetValueOrDefault(m.Id) ?? new DisclosureEarnings(0m, 0m);
            var (rank, on) = highest.TryGetValue(m.Id, out var h) ? (h.Rank, (DateOnly?)h.On) : (0, null);
            participants.Add(new Participant(m.Id, rank, m.JoinedOn, on, earned.Total, earned.RetailProfit, input.Purchases.GetValueOrDefault(m.Id), to.DayNumber - from.DayNumber + 1));
            participantIds.Add(m.Id);
        }

        var all = participants.Count;
        var ranks = names.Select((name, order) =>
        {
            var group = participants.Where(p => p.Rank == order).ToList();
            var reached = group.Where(p => p.ReachedOn is not null).ToList();
            decimal? months = reached.Count == 0 ? null : reached.Sum(p => (decimal)(p.ReachedOn!.Value.DayNumber - p.JoinedOn.DayNumber)) / reached.Count / DaysPerMonth;
            return new DisclosureRank(order, name, Figures(group, all, daysInYear), months);
        }).ToList();
        var byMonths = new int[12];
        foreach (var p in participants) byMonths[(int)Math.Ceiling(p.Days * 12m / daysInYear) - 1]++;
        var participation = new DisclosureParticipation(
            participants.Count(p => p.Days == daysInYear),
            participants.Count(p => p.JoinedOn > first),
            input.Members.Count(m => participantIds.Contains(m.Id) && m.TerminatedOn is { } t && t <= last),
            byMonths);
        var outside = input.Earnings.Where(e => !participantIds.Contains(e.Key)).Sum(e => e.Value.Total);
        return new IncomeDisclosure(input.Year, input.Company, input.Currency, input.PeriodKind, input.From, input.To, input.Periods, input.OpenPeriods,
            ranks, Figures(participants, all, daysInYear), participation, outside);
    }

    private static DisclosureFigures Figures(List<Participant> group, int all, int daysInYear)
    {
        var n = group.Count;
        decimal Share(int count) => n == 0 ? 0m : (decimal)count / n;
        var nothing = group.Count(p => p.Earnings == 0m);
        var negative = group.Count(p => p.Earnings < 0m);
        var belowPurchases = group.Count(p => p.Earnings < p.Purchases);
        return new DisclosureFigures(
            n,
            all == 0 ? 0m : (decimal)n / all,
            group.Sum(p => p.Earnings),
            group.Sum(p => p.RetailProfit),
            Describe(group.Select(p => p.Earnings)),
            nothing,
            negative,
            Share(nothing + negative),
            Describe(group.Select(p => p.Purchases)),
            belowPurchases,
            Share(belowPurchases),
            n == 0 ? 0m : group.Sum(p => (decimal)p.Days) * 12m / daysInYear / n);
    }

    /// <summary>Total, mean, 10th, 50th and 90th percentile, minimum and maximum; null for no values.</summary>
    public static Distribution? Describe(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var total = sorted.Sum();
        return new Distribution(total, total / sorted.Length, Percentile(sorted, 0.1m), Percentile(sorted, 0.5m), Percentile(sorted, 0.9m), sorted[0], sorted[^1]);
    }

    /// <summary>
    /// The <paramref name="p"/>-th percentile (0 ≤ p ≤ 1) of ascending <paramref name="sorted"/> values by
    /// linear interpolation between the closest ranks, as Excel's PERCENTILE.INC and R's type 7:
    /// h = (n − 1)·p; the value at ⌊h⌋ plus (h − ⌊h⌋) times the step to the next value. Exact in
    /// decimal for the 10th, 50th and 90th percentile (h has at most one decimal); the 50th is the
    /// usual median (the middle value, or the mean of the two middle values).
    /// </summary>
    public static decimal Percentile(IReadOnlyList<decimal> sorted, decimal p)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1m);
        var h = (sorted.Count - 1) * p;
        var low = (int)decimal.Floor(h);
        return low + 1 >= sorted.Count ? sorted[low] : sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
    }
}
