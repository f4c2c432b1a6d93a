using Arbor.Core.Compliance;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Core.Simulation;

/// <summary>
/// The simulated company as the compliance code reads a real one: the last month as
/// <see cref="PeriodFacts"/> for the scorecard, and the last whole calendar year as a
/// <see cref="DisclosureInput"/> for the income disclosure. The figures are then computed by
/// <see cref="Scorecard"/> and <see cref="IncomeDisclosureCalculator"/>, the code that serves a
/// real company. Member <c>m</c> of the run is id <c>m + 1</c>; customer <c>c</c> of member
/// <c>m</c> is id <c>(m + 1) × 1,000 + c</c>.
/// </summary>
internal sealed class SimulatedCompliance(Scenario scenario, Plan plan, int months)
{
    /// <summary>The last calendar year the run covers whole, if any.</summary>
    public int? Year { get; } = LastWholeYear(scenario.Start, months);

    private readonly List<DisclosureRankReached> _reached = [];
    private decimal[] _earnings = [], _retailProfit = [];

    public static int? LastWholeYear(DateOnly start, int months)
    {
        var end = start.AddMonths(months).AddDays(-1);
        var year = end.Month == 12 ? end.Year : end.Year - 1;
        return new DateOnly(year, 1, 1) >= start ? year : null;
    }

    public bool InYear(DateOnly month) => month.Year == Year;

    /// <summary>
    /// Records a month's pay: ranks first reached (at the month's end), and, in the disclosure's
    /// year, each member's earnings and the retail profit among them: each retail order's amount
    /// less its wholesale, the contract's retail profit (the simulation has no returns), read from
    /// the orders rather than line by line.
    /// </summary>
    public void Month(PeriodResult result, ReadOnlySpan<int> highestBefore, DateOnly first, DateOnly last, int count)
    {
        var highest = result.HighestRank;
        for (var m = 0; m < count; m++)
        {
            for (var r = highestBefore[m] + 1; r <= highest[m]; r++) _reached.Add(new DisclosureRankReached(m + 1, plan.Ranks[r].Name, last));
        }
        if (!InYear(first)) return;
        if (_earnings.Length < count)
        {
            Array.Resize(ref _earnings, count);
            Array.Resize(ref _retailProfit, count);
        }
        var earnings = result.EarningsCents;
        for (var m = 0; m < count; m++) _earnings[m] += earnings[m] / 100m;
        if (plan.Find<RetailProfitBonus>() is null) return;
        var book = result.Orders;
        for (var o = 0; o < book.Count; o++)
        {
            if (book.Kind[o] == OrderKind.Retail) _retailProfit[book.Member[o]] += book.AmountOf(o) - book.WholesaleOf(o);
        }
    }

    /// <summary>The income disclosure of the last whole year; null when the run covers none.</summary>
    public IncomeDisclosure? Disclosure(Population people)
    {
        if (Year is not { } year) return null;
        var from = new DateOnly(year, 1, 1);
        var members = new List<DisclosureMember>(people.Count);
        var earnings = new Dictionary<long, DisclosureEarnings>();
        var purchases = new Dictionary<long, decimal>();
        for (var m = 0; m < people.Count; m++)
        {
            members.Add(new DisclosureMember(m + 1, people.JoinedOn[m], Left(people, m)));
            if (m < _earnings.Length && _earnings[m] != 0) earnings[m + 1] = new DisclosureEarnings(_earnings[m], _retailProfit[m]);
            if (people.YearPurchases[m] != 0) purchases[m + 1] = people.YearPurchases[m];
        }
        var periods = Enumerable.Range(0, 12).Select(i => from.AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return IncomeDisclosureCalculator.Compute(new DisclosureInput(year, "Simulated company", plan.Currency ?? "", "month", from, new DateOnly(year, 12, 31),
            periods, [], [.. plan.Ranks.Select(r => r.Name)], members, _reached, earnings, purchases));
    }

    /// <summary>The last month's scorecard.</summary>
    public ScorecardReport Scorecard(Population people, PeriodResult result, MonthOrders orders, DateOnly first, DateOnly last)
    {
        var paths = new string[people.Count];
        var placement = new string?[people.Count];
        var binary = result.HasBinary;
        var rank = result.Rank;
        var members = new List<FactMember>(people.Count);
        for (var m = 0; m < people.Count; m++)
        {
            var s = people.Sponsor[m];
            paths[m] = (s < 0 ? "" : paths[s]) + (m + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
            if (binary)
            {
                var p = people.PlacementParent[m];
                placement[m] = p < 0 ? $"{m + 1}:" : placement[p] + (people.Side[m] == Side.Left ? "0" : "1");
            }
            members.Add(new FactMember(m + 1, people.Ids[m], people.Ids[m], paths[m], placement[m], people.JoinedOn[m], Left(people, m), plan.Ranks[rank[m]].Name));
        }
        var book = orders.Book;
        var facts = new List<FactOrder>(book.Count);
        for (var o = 0; o < book.Count; o++)
        {
            var retail = book.Kind[o] == OrderKind.Retail;
            facts.Add(new FactOrder(o + 1, book.Member[o] + 1, retail ? "retail" : "personal", retail ? CustomerNumber(book.CustomerOf(o)!) : null,
                book.Pv[o], book.Cv[o], orders.Paid[o]));
        }
        var lines = new List<FactLine>(result.LineCount);
        var positions = result.LineOrder;
        for (var i = 0; i < positions.Length; i++)
        {
            var l = result.LineAt(positions[i]);
            var bonus = BonusNames.Of(l.Bonus);
            var kind = l.SourceOrder < 0 ? null : book.Kind[l.SourceOrder] == OrderKind.Retail ? "retail" : "personal";
            lines.Add(new FactLine(i + 1, l.Payee + 1, bonus, l.Amount, l.SourceMember + 1, bonus, kind));
        }
        var period = new PeriodFacts(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), first, last, result.TotalCv,
            [.. plan.Ranks.Select(r => r.Name)], members, facts, lines, orders.FirstOrders);
        return Compliance.Scorecard.Compute(PeriodAnalysis.Of(period), ComplianceSettings.Default);
    }

    // A member who left is terminated from the first day of the month it left.
    private DateOnly? Left(Population people, int m) => people.LeftMonth[m] < 0 ? null : scenario.Start.AddMonths(people.LeftMonth[m]);

    // "M12-C3" → 13 × 1,000 + 3.
    private static long CustomerNumber(string id)
    {
        var dash = id.IndexOf("-C", StringComparison.Ordinal);
        return (long.Parse(id.AsSpan(1, dash - 1), System.Globalization.CultureInfo.InvariantCulture) + 1) * 1_000 + int.Parse(id.AsSpan(dash + 2), System.Globalization.CultureInfo.InvariantCulture);
    }
}
