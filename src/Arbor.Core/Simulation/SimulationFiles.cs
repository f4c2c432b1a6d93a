using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arbor.Core.Simulation;

/// <summary>
/// A simulation report as files: <c>months.csv</c> (each month's bands, population and each plan),
/// <c>outcomes.csv</c> (each plan's end figures), <c>report.json</c> (everything) and
/// <c>report.html</c> (<see cref="SimulationHtml"/>). Shares are fractions (0.25 = 25 %); money in
/// the plan's currency, rounded half to even to cents where it is not a whole sum already.
/// </summary>
public static class SimulationFiles
{
    /// <summary>The files a report of <paramref name="plans"/> plans writes: the four, and each plan's income disclosure (<c>disclosure-1.html</c>, …).</summary>
    public static string[] Names(int plans) => ["months.csv", "outcomes.csv", "report.json", "report.html", .. Enumerable.Range(1, plans).Select(DisclosureName)];

    public static string DisclosureName(int plan) => $"disclosure-{plan}.html";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static void Write(SimulationReport report, string folder)
    {
        foreach (var (name, content) in Render(report)) File.WriteAllText(Path.Combine(folder, name), content);
    }

    /// <summary>The report's files by name, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<(string Name, string Content)> Render(SimulationReport report)
    {
        var files = new List<(string, string)>
        {
            ("months.csv", MonthsCsv(report)), ("outcomes.csv", OutcomesCsv(report)),
            ("report.json", JsonSerializer.Serialize(report, Json)), ("report.html", SimulationHtml.Render(report)),
        };
        for (var p = 0; p < report.Outcomes.Count; p++)
        {
            var disclosure = report.Outcomes[p].Disclosure;
            files.Add((DisclosureName(p + 1), disclosure is null
                ? $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>No income disclosure</title></head><body><p>The simulation covers no whole calendar year: there is no income disclosure of {System.Net.WebUtility.HtmlEncode(report.Plans[p])}.</p></body></html>\n"
                : Compliance.DisclosureHtml.Render(disclosure)));
        }
        return files;
    }

    public static string MonthsCsv(SimulationReport r)
    {
        var csv = new StringBuilder();
        var head = new List<string> { "month", "start" };
        foreach (var name in new[] { "members", "joined", "left", "sales", "retail_share" }) head.AddRange(Bands(name));
        for (var p = 0; p < r.Plans.Count; p++)
        {
            foreach (var name in new[] { "active", "payout", "payout_ratio" }) head.AddRange(Bands($"plan{p + 1}_{name}"));
            head.AddRange(r.Months[0].Plans[p].ByBonus.Keys.Select(b => $"plan{p + 1}_{b}_median"));
        }
        csv.Append(string.Join(',', head)).Append('\n');
        foreach (var m in r.Months)
        {
            var row = new List<string> { (m.Month + 1).ToString(CultureInfo.InvariantCulture), m.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture) };
            foreach (var b in new[] { m.Members, m.Joined, m.Left }) row.AddRange(Numbers(b, 0));
            row.AddRange(Numbers(m.Sales, 2));
            row.AddRange(Numbers(m.RetailShare, 4));
            foreach (var p in m.Plans)
            {
                row.AddRange(Numbers(p.Active, 0));
                row.AddRange(Numbers(p.Payout, 2));
                row.AddRange(Numbers(p.PayoutRatio, 4));
                row.AddRange(p.ByBonus.Values.Select(b => Number(b.Median, 2)));
            }
            csv.Append(string.Join(',', row)).Append('\n');
        }
        return csv.ToString();
    }

    public static string OutcomesCsv(SimulationReport r)
    {
        var csv = new StringBuilder("plan,figure,median,p10,p90\n");
        foreach (var o in r.Outcomes)
        {
            void Row(string figure, Band b, int decimals) => csv.Append(CsvCells.Text(o.Plan)).Append(',').Append(figure).Append(',').Append(string.Join(',', Numbers(b, decimals))).Append('\n');
            Row("total_earnings", o.TotalEarnings, 2);
            Row("median_earnings", o.Median, 2);
            Row("p90_earnings", o.P90, 2);
            Row("p99_earnings", o.P99, 2);
            Row("gini", o.Gini, 4);
            Row("top1_share", o.Top1Share, 4);
            Row("top10_share", o.Top10Share, 4);
            Row("share_not_covering_purchases_and_costs", o.ShareNotCovering, 4);
            Row("share_earned_nothing", o.ShareEarnedNothing, 4);
            foreach (var (rank, band) in o.Ranks) Row("highest_rank:" + CsvCells.Text(rank).Replace(",", " ", StringComparison.Ordinal), band, 0);
            foreach (var f in o.Scorecard.Where(f => f.Value is not null)) Row("scorecard:" + f.Key, f.Value!, 4);
        }
        return csv.ToString();
    }

    private static IEnumerable<string> Bands(string name) => [$"{name}_median", $"{name}_p10", $"{name}_p90"];

    private static IEnumerable<string> Numbers(Band b, int decimals) => [Number(b.Median, decimals), Number(b.Low, decimals), Number(b.High, decimals)];

    internal static string Number(decimal d, int decimals) => decimal.Round(d, decimals, MidpointRounding.ToEven).ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture);
}
