using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Compliance;

/// <summary>A scorecard figure over several closed periods, oldest first: one series of a chart.</summary>
public sealed record TrendSeries(string Key, string Name, string Unit, IReadOnlyList<decimal?> Values, IReadOnlyList<Verdict> Verdicts);

/// <summary>The scorecard's figures over the last closed periods, oldest first (for charts).</summary>
public sealed record ScorecardTrend(IReadOnlyList<string> Periods, IReadOnlyList<TrendSeries> Series);

/// <summary>
/// The compliance figures of closed periods, read from what the closes stored: the company
/// scorecard, its trend, the members behind a figure, and one member's indicators. Each call loads
/// the period's data once; a back-office page calls one of them.
/// </summary>
public sealed class ComplianceQueries(ArborContext db)
{
    /// <summary>The company scorecard of closed period <paramref name="period"/> (2026-10, 2026-W43).</summary>
    public async Task<Outcome<ScorecardReport>> ScorecardAsync(string period, CancellationToken ct = default)
    {
        var loaded = await PeriodFactsLoader.LoadAsync(db, period, ct);
        if (!loaded.Ok) return loaded.Problem!;
        return Scorecard.Compute(PeriodAnalysis.Of(loaded.Value!), await SettingsAsync(ct));
    }

    /// <summary>The scorecard's figures over the <paramref name="count"/> closed periods ending with <paramref name="period"/>, oldest first.</summary>
    public async Task<Outcome<ScorecardTrend>> TrendAsync(string period, int count, CancellationToken ct = default)
    {
        if (count is < 1 or > 120) return new Problem("trend", $"a trend covers 1 to 120 periods, not {count}");
        var last = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (last is null) return new Problem("period", $"period {period} is not closed: the compliance figures read what a close stored");
        var rows = await db.Periods.AsNoTracking().Where(p => p.EndsOn <= last.EndsOn).OrderByDescending(p => p.EndsOn).Take(count).ToListAsync(ct);
        var settings = await SettingsAsync(ct);
        var cards = new List<ScorecardReport>();
        foreach (var row in rows.OrderBy(p => p.EndsOn))
        {
            cards.Add(Scorecard.Compute(PeriodAnalysis.Of(await PeriodFactsLoader.LoadAsync(db, row, ct)), settings));
        }
        return new ScorecardTrend([.. cards.Select(c => c.Period)], [.. Scorecard.Keys.Select(key => new TrendSeries(key, cards[^1][key].Name, cards[^1][key].Unit,
            [.. cards.Select(c => c[key].Value)], [.. cards.Select(c => c[key].Verdict)]))]);
    }

    /// <summary>
    /// The members behind <paramref name="figure"/> in <paramref name="period"/>: a scorecard figure's
    /// key (<see cref="Scorecard.Keys"/>) or a per-member indicator's (<see cref="MemberIndicators.Keys"/>, its failing members).
    /// </summary>
    public async Task<Outcome<FigureMembers>> MembersBehindAsync(string period, string figure, CancellationToken ct = default)
    {
        if (!Scorecard.Keys.Contains(figure) && !MemberIndicators.Keys.Contains(figure))
        {
            return new Problem("figure", $"'{figure}' is not a figure: use one of {string.Join(", ", Scorecard.Keys.Concat(MemberIndicators.Keys))}");
        }
        var loaded = await PeriodFactsLoader.LoadAsync(db, period, ct);
        if (!loaded.Ok) return loaded.Problem!;
        return Scorecard.Behind(PeriodAnalysis.Of(loaded.Value!), await SettingsAsync(ct), figure)!;
    }

    /// <summary>Member <paramref name="handle"/>'s indicators in closed period <paramref name="period"/>.</summary>
    public async Task<Outcome<MemberIndicatorReport>> MemberAsync(string handle, string period, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().Where(m => m.Handle == handle).Select(m => new { m.Id, m.JoinedOn }).SingleOrDefaultAsync(ct);
        if (member is null) return new Problem("member", $"no member '{handle}'");
        var loaded = await PeriodFactsLoader.LoadAsync(db, period, ct);
        if (!loaded.Ok) return loaded.Problem!;
        var facts = loaded.Value!;
        if (member.JoinedOn > facts.To) return new Problem("member", $"'{handle}' joined on {member.JoinedOn:yyyy-MM-dd}, after period {period}");
        var figures = PeriodAnalysis.Of(facts).Members[member.Id];
        return new MemberIndicatorReport(facts.Period, facts.From, facts.To, figures, MemberIndicators.Compute(figures, await SettingsAsync(ct)));
    }

    private Task<ComplianceSettings> SettingsAsync(CancellationToken ct) => new ComplianceSettingsStore(db).GetAsync(ct);
}
