using System.Globalization;
using Arbor.Engine.Computation;

namespace Arbor.Core.Compliance;

/// <summary>A scorecard figure's verdict.</summary>
public enum Verdict
{
    Green,
    Amber,
    Red,
    NotApplicable,
}

/// <summary>Whether a figure is better high (a share of retail) or low (a share of losses).</summary>
public enum Better
{
    Higher,
    Lower,
}

/// <summary>
/// A figure's verdict bands. Higher is better: green at or above <see cref="Green"/> (above it
/// when <see cref="StrictGreen"/>), red below <see cref="Red"/>, amber between. Lower is better:
/// green at or below <see cref="Green"/>, red above <see cref="Red"/>, amber between.
/// </summary>
public sealed record Bands(Better Better, decimal Green, decimal Red, bool StrictGreen = false)
{
    public Verdict Judge(decimal? value)
    {
        if (value is not { } v) return Verdict.NotApplicable;
        if (Better == Better.Higher)
        {
            if (StrictGreen ? v > Green : v >= Green) return Verdict.Green;
            return v < Red ? Verdict.Red : Verdict.Amber;
        }
        if (v <= Green) return Verdict.Green;
        return v > Red ? Verdict.Red : Verdict.Amber;
    }

    /// <summary>The bands in words, shares as percents: "green ≥ 66.67 %, red &lt; 50 %, amber between".</summary>
    public string Describe(string unit)
    {
        string Show(decimal v) => unit == "share" ? MemberIndicators.Percent(v) : v.ToString("0.####", CultureInfo.InvariantCulture);
        return Better == Better.Higher
            ? $"green {(StrictGreen ? ">" : "≥")} {Show(Green)}, red < {Show(Red)}, amber between"
            : $"green ≤ {Show(Green)}, red > {Show(Red)}, amber between";
    }
}

/// <summary>One figure of the company scorecard: value, bands, verdict, the rule or case it comes from, what it means, and which stored lines its money comes from.</summary>
/// <param name="Unit"><c>share</c> (a fraction: 0.5 is 50 %) or <c>ratio</c> (Gini).</param>
/// <param name="Lines">Which stored payout lines (or rows) the figure is computed from.</param>
public sealed record ScorecardFigure(string Key, string Name, string Unit, decimal? Value, Bands Bands, Verdict Verdict, string Source, string Explanation, string Lines);

/// <summary>
/// The scorecard's money: each a sum of the period's stored payout lines (table payout_lines), clawbacks included.
/// </summary>
/// <param name="Earnings">Every line of the period.</param>
/// <param name="RetailProfit">Lines of retail_profit: earned by members selling, not paid by the company.</param>
/// <param name="Rewards">Every line but retail_profit: what the company paid (the period's total payout).</param>
/// <param name="RetailBasedRewards">The part of <see cref="Rewards"/> attributed to retail sales (<see cref="RetailAttribution"/>): Σ amount × fraction, rounded once to cents, half to even.</param>
/// <param name="RecruitingTied">Lines of fast_start and rank_advancement, and clawbacks of such lines.</param>
public sealed record ScorecardMoney(int Lines, decimal Earnings, decimal RetailProfit, decimal Rewards, decimal RetailBasedRewards, decimal RecruitingTied);

/// <summary>How many participants the close ranked at a rank; the share of all participants.</summary>
public sealed record RankCount(string Rank, int Members, decimal Share);

/// <summary>How many participants a per-member indicator applied to in the period, and how many failed it.</summary>
public sealed record IndicatorCount(string Key, string Name, int Applicable, int Failing);

/// <summary>The company scorecard of one closed period: what a back-office page renders.</summary>
/// <param name="Participants">Members who joined by the period's end and were not terminated before its start.</param>
public sealed record ScorecardReport(
    string Period, DateOnly From, DateOnly To, decimal TotalCv, int Participants, ScorecardMoney Money,
    IReadOnlyList<ScorecardFigure> Figures, IReadOnlyList<RankCount> Ranks, IReadOnlyList<IndicatorCount> MemberIndicators, ComplianceSettings Settings)
{
    public ScorecardFigure this[string key] => Figures.Single(f => f.Key == key);
}

/// <summary>A member behind a figure: its handle, name, the value that puts it there, and a few words.</summary>
public sealed record MemberValue(string Handle, string Name, decimal? Value, string Detail);

/// <summary>The members behind one scorecard figure or per-member indicator in a period.</summary>
public sealed record FigureMembers(string Period, string Figure, string Name, string Unit, IReadOnlyList<MemberValue> Members);

/// <summary>The company scorecard (docs/compliance.md), computed from a <see cref="PeriodAnalysis"/>.</summary>
public static class Scorecard
{
    public const string RetailRewardsShare = "retail_rewards_share", NonParticipantVolume = "non_participant_volume", PayoutRatio = "payout_ratio",
        RecruitingShare = "recruiting_share", NetLossShare = "net_loss_share", Retention = "retention", Churn = "churn",
        Top1Share = "top1_share", Top10Share = "top10_share", Gini = "gini", LowestRankShare = "lowest_rank_share";

    /// <summary>The figures' keys, in the order they are reported.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        [RetailRewardsShare, NonParticipantVolume, PayoutRatio, RecruitingShare, NetLossShare, Retention, Churn, Top1Share, Top10Share, Gini, LowestRankShare];

    /// <summary>The verdict bands of each figure (docs/compliance.md says where each comes from).</summary>
    public static IReadOnlyDictionary<string, Bands> Bands { get; } = new Dictionary<string, Bands>
    {
        [RetailRewardsShare] = new(Better.Higher, 2m / 3m, 0.5m),
        [NonParticipantVolume] = new(Better.Higher, 0.5m, 0.3m, StrictGreen: true),
        [PayoutRatio] = new(Better.Lower, 0.5m, 0.6m),
        [RecruitingShare] = new(Better.Lower, 0.25m, 0.5m),
        [NetLossShare] = new(Better.Lower, 0.25m, 0.5m),
        [Retention] = new(Better.Higher, 0.5m, 0.3m),
        [Churn] = new(Better.Lower, 0.5m, 0.7m),
        [Top1Share] = new(Better.Lower, 0.3m, 0.5m),
        [Top10Share] = new(Better.Lower, 0.6m, 0.8m),
        [Gini] = new(Better.Lower, 0.6m, 0.8m),
        [LowestRankShare] = new(Better.Lower, 0.8m, 0.95m),
    };

    public static ScorecardReport Compute(PeriodAnalysis period, ComplianceSettings settings)
    {
        var facts = period.Facts;
        var lines = facts.Lines;
        var money = Money(period);
        var participants = period.Participants.ToList();
        var earnings = participants.Select(p => p.Earnings).ToList();
        var (cohort, retained) = RetentionCohort(facts, settings);
        var lowest = facts.Ranks.Count > 0 ? facts.Ranks[0] : null;
        var atLowest = participants.Count(p => p.Rank is null || p.Rank == lowest);

        decimal? Share(decimal part, decimal whole) => whole == 0 ? null : part / whole;
        decimal? Count(int part, int whole) => whole == 0 ? null : (decimal)part / whole;
        var cv = period.CompanyCv;
        var netLoss = participants.Count(p => p.Earnings < p.Purchases);
        ScorecardFigure Figure(string key, string name, string unit, decimal? value, string source, string explanation, string from) =>
            new(key, name, unit, value, Bands[key], Bands[key].Judge(value), source, explanation, from);

        var figures = new List<ScorecardFigure>
        {
            Figure(RetailRewardsShare, "Rewards based on retail sales", "share", money.Rewards <= 0 ? null : money.RetailBasedRewards / money.Rewards,
                "FTC v. Herbalife (2016 settlement): at least two thirds of rewards based on verified retail sales",
                "Of what the company paid its members, how much rests on sales to retail and preferred customers rather than on members' own purchases.",
                "every line but retail_profit; each attributed to retail by its source order's kind, or for binary, pool, matching and rank_advancement by the retail share of the CV it was paid on"),
            Figure(NonParticipantVolume, "Volume bought by non-participants", "share", cv.RetailShare,
                "FTC v. Vemma (2016 order): more than 50 % of volume bought by people outside the plan",
                "How much of the period's volume retail and preferred customers bought, against what members bought themselves.",
                "orders: CV of retail orders over CV of retail and personal orders (returns left out)"),
            Figure(PayoutRatio, "Payout ratio", "share", Share(money.Rewards, facts.TotalCv),
                "Industry benchmark (no legal threshold); the contract's summary.json payout_ratio",
                "What the company paid its members for each unit of commissionable volume. High ratios leave rewards dependent on members' own buying.",
                "every line but retail_profit, over the period's stored total CV"),
            Figure(RecruitingShare, "Rewards tied to recruiting", "share", Share(money.RecruitingTied, money.Earnings) is { } r && money.Earnings > 0 ? r : null,
                "EU directive 2005/29 Annex I point 14; FTC v. BurnLounge (9th Cir. 2014)",
                "How much of what members earned came from bringing in new members (fast start, rank advancement) rather than from sales.",
                "lines of fast_start and rank_advancement (and their clawbacks) over every line"),
            Figure(NetLossShare, "Participants with a net loss", "share", Count(netLoss, participants.Count),
                "FTC v. Vemma (2016), FTC v. Herbalife (2016); FTC staff review of income disclosures (2024)",
                "Of the period's participants, how many earned less than they spent on their own purchases. Members who buy only to consume count as losses here.",
                "each participant's lines (all bonuses, clawbacks included) against its personal orders at what was paid, net of returns"),
            Figure(Retention, $"{settings.RetentionMonths}-month retention", "share", Count(retained.Count, cohort.Count),
                "FTC v. Vemma (2016) and FTC v. BurnLounge (2014): high turnover as a mark of recruitment-driven plans",
                $"Of the members who were participants {settings.RetentionMonths} months before the period's end, how many still are.",
                "members and member_status_changes (joined and terminated dates)"),
            Figure(Churn, $"{settings.RetentionMonths}-month churn", "share", Count(cohort.Count - retained.Count, cohort.Count),
                "FTC v. Vemma (2016) and FTC v. BurnLounge (2014)",
                $"Of the members who were participants {settings.RetentionMonths} months before the period's end, how many have left: 1 − retention.",
                "members and member_status_changes"),
            Figure(Top1Share, "Earnings of the top 1 %", "share", Concentration.TopShare(earnings, 0.01m),
                "FTC staff review of income disclosures (2024); FTC Business Guidance on MLM (2018)",
                "The share of all participants' earnings that went to the best-paid 1 % (at least one member).",
                "each participant's lines summed (a negative sum counts as 0)"),
            Figure(Top10Share, "Earnings of the top 10 %", "share", Concentration.TopShare(earnings, 0.10m),
                "FTC staff review of income disclosures (2024)",
                "The share of all participants' earnings that went to the best-paid 10 %.",
                "each participant's lines summed (a negative sum counts as 0)"),
            Figure(Gini, "Gini coefficient of earnings", "ratio", Concentration.Gini(earnings),
                "Standard inequality measure; no legal threshold",
                "0 when every participant earns the same, near 1 when one earns everything. Zero earners included.",
                "each participant's lines summed (a negative sum counts as 0)"),
            Figure(LowestRankShare, "Participants at the lowest rank", "share", Count(atLowest, participants.Count),
                "FTC staff review of income disclosures (2024): most participants never advance",
                $"How many participants the close ranked at the plan's first rank ({lowest ?? "none"}).",
                "period_members: the paid-as rank the close stored"),
        };

        var ranks = facts.Ranks.Select(r => new RankCount(r, participants.Count(p => (p.Rank ?? lowest) == r), 0m))
            .Select(r => r with { Share = participants.Count == 0 ? 0m : (decimal)r.Members / participants.Count })
            .ToList();
        var indicators = participants.Select(m => MemberIndicators.Compute(m, settings)).ToList();
        var counts = MemberIndicators.Keys.Select((key, i) => new IndicatorCount(key, indicators.Count > 0 ? indicators[0][i].Name : key,
            indicators.Count(list => list[i].Result != IndicatorResult.NotApplicable), indicators.Count(list => list[i].Result == IndicatorResult.Fail))).ToList();
        return new ScorecardReport(facts.Period, facts.From, facts.To, facts.TotalCv, participants.Count, money, figures, ranks, counts, settings);
    }

    /// <summary>The scorecard's money, every figure a sum of the period's stored lines.</summary>
    public static ScorecardMoney Money(PeriodAnalysis period)
    {
        var lines = period.Facts.Lines;
        var rewards = lines.Where(l => BonusCategories.IsCompanyPaid(l.Category)).ToList();
        return new ScorecardMoney(lines.Count, lines.Sum(l => l.Amount), lines.Where(l => !BonusCategories.IsCompanyPaid(l.Category)).Sum(l => l.Amount),
            rewards.Sum(l => l.Amount), Rounding.ToCents(rewards.Sum(l => l.Amount * RetailAttribution.Fraction(l, period))) / 100m,
            lines.Where(l => BonusCategories.IsRecruitingTied(l.Category)).Sum(l => l.Amount));
    }

    /// <summary>The members who were participants on the period's end less the retention window, and those of them still participants on its end.</summary>
    internal static (List<FactMember> Cohort, List<FactMember> Retained) RetentionCohort(PeriodFacts facts, ComplianceSettings settings)
    {
        var start = facts.To.AddMonths(-settings.RetentionMonths);
        var cohort = facts.Members.Where(m => m.ParticipantOn(start)).ToList();
        return (cohort, cohort.Where(m => m.ParticipantOn(facts.To)).ToList());
    }

    /// <summary>The members behind <paramref name="figure"/> (a scorecard figure's key or a per-member indicator's key); null for an unknown key.</summary>
    public static FigureMembers? Behind(PeriodAnalysis period, ComplianceSettings settings, string figure)
    {
        var facts = period.Facts;
        var all = period.Members.Values;
        var participants = period.Participants.ToList();
        string Money(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        FigureMembers Of(string name, string unit, IEnumerable<MemberValue> members) =>
            new(facts.Period, figure, name, unit, [.. members.OrderByDescending(m => m.Value ?? decimal.MinValue).ThenBy(m => m.Handle, StringComparer.Ordinal)]);

        switch (figure)
        {
            case RetailRewardsShare:
                var byPayee = facts.Lines.Where(l => BonusCategories.IsCompanyPaid(l.Category)).GroupBy(l => l.PayeeId)
                    .ToDictionary(g => g.Key, g => Rounding.ToCents(g.Sum(l => l.Amount * RetailAttribution.Fraction(l, period))) / 100m);
                return Of("Rewards and their retail-based part", "money", all.Where(m => byPayee.ContainsKey(m.MemberId))
                    .Select(m => new MemberValue(m.Handle, m.Name, m.Rewards, $"rewards {Money(m.Rewards)}, based on retail {Money(byPayee[m.MemberId])}")));
            case NonParticipantVolume:
                return Of("Own volume (PV): retail and personal", "pv", all.Where(m => m.Pv.Total != 0)
                    .Select(m => new MemberValue(m.Handle, m.Name, m.Pv.Total, string.Create(CultureInfo.InvariantCulture, $"retail {m.Pv.Retail:0.####}, personal {m.Pv.Personal:0.####}"))));
            case PayoutRatio:
                return Of("Rewards paid", "money", all.Where(m => m.Rewards != 0).Select(m => new MemberValue(m.Handle, m.Name, m.Rewards, $"rewards {Money(m.Rewards)}")));
            case RecruitingShare:
                return Of("Recruiting-tied rewards", "money", all.Where(m => m.RecruitingTied != 0)
                    .Select(m => new MemberValue(m.Handle, m.Name, m.RecruitingTied, $"fast start and rank advancement {Money(m.RecruitingTied)} of earnings {Money(m.Earnings)}")));
            case NetLossShare:
                return Of("Participants with a net loss", "money", participants.Where(p => p.Earnings < p.Purchases)
                    .Select(p => new MemberValue(p.Handle, p.Name, p.Purchases - p.Earnings, $"loss {Money(p.Purchases - p.Earnings)}: earnings {Money(p.Earnings)}, own purchases {Money(p.Purchases)}")));
            case Retention or Churn:
                var (cohort, retained) = RetentionCohort(facts, settings);
                var stayed = retained.Select(m => m.Id).ToHashSet();
                var members = figure == Retention ? retained : cohort.Where(m => !stayed.Contains(m.Id)).ToList();
                return Of(figure == Retention ? "Members retained" : "Members who left", "date", members.Select(m => new MemberValue(m.Handle, m.Name, null,
                    m.TerminatedOn is { } t ? $"joined {m.JoinedOn:yyyy-MM-dd}, terminated {t:yyyy-MM-dd}" : $"joined {m.JoinedOn:yyyy-MM-dd}")));
            case Top1Share or Top10Share or Gini:
                var top = figure == Gini ? participants.Count : Concentration.TopCount(participants.Count, figure == Top1Share ? 0.01m : 0.10m);
                return Of(figure == Gini ? "Participants' earnings" : $"The best-paid {top}", "money", participants
                    .OrderByDescending(p => p.Earnings).ThenBy(p => p.Handle, StringComparer.Ordinal).Take(top)
                    .Select(p => new MemberValue(p.Handle, p.Name, p.Earnings, $"earnings {Money(p.Earnings)}")));
            case LowestRankShare:
                var lowest = facts.Ranks.Count > 0 ? facts.Ranks[0] : null;
                return Of($"Participants at {lowest}", "pv", participants.Where(p => p.Rank is null || p.Rank == lowest)
                    .Select(p => new MemberValue(p.Handle, p.Name, p.Pv.Total, string.Create(CultureInfo.InvariantCulture, $"own PV {p.Pv.Total:0.####}"))));
        }
        if (!MemberIndicators.Keys.Contains(figure)) return null;
        var failing = all.Select(m => (Member: m, Indicator: MemberIndicators.Compute(m, settings).Single(i => i.Key == figure)))
            .Where(x => x.Indicator.Result == IndicatorResult.Fail).ToList();
        var first = failing.Count > 0 ? failing[0].Indicator : null;
        return Of($"Failing: {first?.Name ?? figure}", first?.Unit ?? "share", failing.Select(x => new MemberValue(x.Member.Handle, x.Member.Name, x.Indicator.Value, x.Indicator.Why)));
    }
}
