using System.Globalization;
using System.Net;
using System.Text;

namespace Arbor.Core.Simulation;

/// <summary>
/// The simulation report as one self-contained HTML page: no scripts, no links out, its charts
/// drawn as inline SVG (the median as a line, the 10–90 % band shaded), each beside the table of
/// the numbers it draws.
/// </summary>
public static class SimulationHtml
{
    private static readonly string[] Colors = ["#1d5c3f", "#a4161a", "#0b5cad", "#b35c00"];
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static string Render(SimulationReport r)
    {
        var h = new StringBuilder();
        var title = r.Plans.Count == 1 ? $"Plan simulation: {r.Plans[0]}" : $"Plan simulation: {string.Join(" against ", r.Plans)}";
        h.Append($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{E(title)}</title>");
        h.Append("""
            <style>
            body { font: 11pt/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em; color: #1b2430; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; margin: .5em 0; } th, td { padding: .2em .5em; border-bottom: 1px solid #e3e3e3; text-align: left; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .charts { display: grid; gap: 1em; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30em), 1fr)); }
            figure { margin: 0; } figcaption { font-weight: 600; } svg { width: 100%; height: auto; }
            .legend span { display: inline-block; margin-right: 1em; } .legend i { display: inline-block; width: 1em; height: .6em; margin-right: .3em; }
            .scroll { overflow-x: auto; } .muted { color: #555; }
            .c0 { background: #1d5c3f; } .c1 { background: #a4161a; } .c2 { background: #0b5cad; } .c3 { background: #b35c00; }
            </style></head><body>
            """);
        h.Append($"<h1>{E(title)}</h1>");
        var s = r.Scenario;
        h.Append($"<p>{r.Runs} runs of {r.Months.Count} months from {s.Start:yyyy-MM} (seeds {r.FirstSeed}–{r.FirstSeed + r.Runs - 1}), the same people and orders for every plan. ");
        h.Append($"Each figure is the median of the runs, with the 10–90 % band. Market: {(s.MarketSize == 0 ? "no limit" : Count(s.MarketSize) + " people")}; ");
        h.Append($"{Count(s.SeedMembers)} members at the start; {Pct((decimal)s.RecruiterShare)} of members ever recruit, {s.RecruitsPerMonth.ToString(En)} a month each while the market is fresh; ");
        h.Append($"{Pct((decimal)s.DropoutFirstYear)} leave each month of their first year, {Pct((decimal)s.DropoutLater)} later. See docs/simulation.md.</p>");

        h.Append("<h2>Over time</h2><div class=\"legend\">");
        for (var p = 0; p < r.Plans.Count; p++) h.Append($"<span><i class=\"c{p % Colors.Length}\"></i>{E(r.Plans[p])}</span>");
        h.Append("</div><div class=\"charts\">");
        h.Append(Chart("Members", r, [r.Months.Select(m => m.Members).ToList()], [Colors[0]], 0));
        h.Append(Chart("Joined and left each month", r, [r.Months.Select(m => m.Joined).ToList(), r.Months.Select(m => m.Left).ToList()], ["#0b5cad", "#a4161a"], 0));
        h.Append(Chart("Sales (company currency)", r, [r.Months.Select(m => m.Sales).ToList()], [Colors[0]], 0));
        h.Append(Chart("Retail share of volume (%)", r, [r.Months.Select(m => Scale(m.RetailShare)).ToList()], [Colors[2]], 1));
        h.Append(Chart("Payout ratio (% of CV)", r, [.. r.Plans.Select((_, p) => r.Months.Select(m => Scale(m.Plans[p].PayoutRatio)).ToList())], Colors, 1));
        h.Append(Chart("Active members (each plan's rule)", r, [.. r.Plans.Select((_, p) => r.Months.Select(m => m.Plans[p].Active).ToList())], Colors, 0));
        h.Append("</div>");

        h.Append("<h2>Who earned what</h2><p>Everyone who ever joined counts, zero earners included, as an income disclosure counts them. Earnings include retail profit; costs are the starter kit, fees and events.</p>");
        h.Append("<div class=\"scroll\"><table><thead><tr><th>Figure</th>");
        foreach (var o in r.Outcomes) h.Append($"<th class=\"n\">{E(o.Plan)}</th>");
        h.Append("</tr></thead><tbody>");
        void Row(string label, Func<PlanOutcome, Band> band, Func<decimal, string> format)
        {
            h.Append($"<tr><th scope=\"row\">{E(label)}</th>");
            foreach (var o in r.Outcomes)
            {
                var b = band(o);
                h.Append($"<td class=\"n\">{format(b.Median)} <span class=\"muted\">({format(b.Low)}–{format(b.High)})</span></td>");
            }
            h.Append("</tr>");
        }
        Row("Paid in total", o => o.TotalEarnings, Money);
        Row("Median participant earned", o => o.Median, Money);
        Row("90th percentile", o => o.P90, Money);
        Row("99th percentile", o => o.P99, Money);
        Row("Gini coefficient", o => o.Gini, d => d.ToString("0.000", En));
        Row("Top 1 % received", o => o.Top1Share, Pct);
        Row("Top 10 % received", o => o.Top10Share, Pct);
        Row("Earned nothing", o => o.ShareEarnedNothing, Pct);
        Row("Earnings did not cover purchases and costs", o => o.ShareNotCovering, Pct);
        h.Append("</tbody></table></div>");
        h.Append(r.MonthsToSaturation is { } sat
            ? $"<p>The market was 90 % used up after {sat.Median:0} months (10–90 %: {sat.Low:0}–{sat.High:0}) in {r.RunsSaturated} of {r.Runs} runs.</p>"
            : "<p>The market was not 90 % used up in any run.</p>");

        h.Append($"<h2>Compliance scorecard of the last month ({r.Months[^1].Start:yyyy-MM})</h2>");
        h.Append($"<p>Computed from the simulated month of the run with seed {r.FirstSeed} by the scorecard that judges a real company's closed period (docs/compliance.md), with the default thresholds.</p>");
        h.Append("<div class=\"scroll\"><table><thead><tr><th>Figure</th>");
        foreach (var o in r.Outcomes) h.Append($"<th class=\"n\">{E(o.Plan)}</th>");
        h.Append("<th>Bands</th></tr></thead><tbody>");
        foreach (var (figure, i) in r.Outcomes[0].Scorecard.Select((f, i) => (f, i)))
        {
            h.Append($"<tr><th scope=\"row\">{E(figure.Name)}</th>");
            foreach (var o in r.Outcomes)
            {
                var f = o.Scorecard[i];
                string Show(decimal d) => f.Unit == "share" ? Pct(d) : d.ToString("0.000", En);
                h.Append(f.Value is { } b
                    ? $"<td class=\"n\">{Show(b.Median)}{(b.Low == b.High ? "" : $" <span class=\"muted\">({Show(b.Low)}–{Show(b.High)})</span>")} <strong>{E(f.Verdict.ToString().ToLowerInvariant())}</strong></td>"
                    : "<td class=\"n\">–</td>");
            }
            h.Append($"<td class=\"muted\">{E(figure.Bands)}</td></tr>");
        }
        h.Append("</tbody></table></div>");
        var years = r.Outcomes.Select(o => o.Disclosure?.Year).FirstOrDefault(y => y is not null);
        h.Append(years is { } year
            ? $"<p>The income disclosure statement of {year}, computed by the code that writes a real company's, is beside this report for each plan ({string.Join(", ", r.Outcomes.Select((o, p) => $"{E(o.Plan)}: {SimulationFiles.DisclosureName(p + 1)}"))}), from the run with seed {r.FirstSeed}.</p>"
            : "<p>The simulation covers no whole calendar year, so there is no income disclosure statement.</p>");

        h.Append("<h2>Highest rank reached</h2>");
        for (var p = 0; p < r.Outcomes.Count; p++)
        {
            var o = r.Outcomes[p];
            h.Append($"<div class=\"scroll\"><table><caption>{E(o.Plan)}</caption><thead><tr><th>Rank</th><th class=\"n\">Members (median)</th><th class=\"n\">10–90 %</th></tr></thead><tbody>");
            foreach (var (rank, band) in o.Ranks) h.Append($"<tr><td>{E(rank)}</td><td class=\"n\">{Count(band.Median)}</td><td class=\"n\">{Count(band.Low)}–{Count(band.High)}</td></tr>");
            h.Append("</tbody></table></div>");
        }

        h.Append("<h2>The numbers behind the charts (medians)</h2><div class=\"scroll\"><table><thead><tr><th>Month</th><th class=\"n\">Members</th><th class=\"n\">Joined</th><th class=\"n\">Left</th><th class=\"n\">Sales</th><th class=\"n\">Retail share</th>");
        foreach (var name in r.Plans) h.Append($"<th class=\"n\">Payout ratio, {E(name)}</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var m in r.Months)
        {
            h.Append($"<tr><td>{m.Start:yyyy-MM}</td><td class=\"n\">{Count(m.Members.Median)}</td><td class=\"n\">{Count(m.Joined.Median)}</td><td class=\"n\">{Count(m.Left.Median)}</td><td class=\"n\">{Money(m.Sales.Median)}</td><td class=\"n\">{Pct(m.RetailShare.Median)}</td>");
            foreach (var p in m.Plans) h.Append($"<td class=\"n\">{Pct(p.PayoutRatio.Median)}</td>");
            h.Append("</tr>");
        }
        h.Append("</tbody></table></div></body></html>\n");
        return h.ToString();
    }

    private static Band Scale(Band b) => new(b.Median * 100, b.Low * 100, b.High * 100);

    // A line chart of one or more series of bands: the median as a line, the 10–90 % band shaded.
    private static string Chart(string title, SimulationReport r, IReadOnlyList<IReadOnlyList<Band>> series, IReadOnlyList<string> colors, int decimals)
    {
        const double W = 600, H = 240, L = 48, R = 10, T = 10, B = 28;
        var max = series.SelectMany(s => s).Select(b => (double)b.High).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : Nice(max);
        var n = series[0].Count;
        double X(int i) => L + (n <= 1 ? 0 : i * (W - L - R) / (n - 1));
        double Y(decimal v) => T + (H - T - B) * (1 - (double)v / max);
        string P(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append($"<figure><figcaption>{E(title)}</figcaption><svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{E(title)}\">");
        for (var k = 0; k <= 4; k++)
        {
            var v = (decimal)(max * k / 4);
            var y = Y(v);
            svg.Append($"<line x1=\"{L}\" x2=\"{W - R}\" y1=\"{P(y)}\" y2=\"{P(y)}\" stroke=\"#e3e3e3\"/><text x=\"{L - 4}\" y=\"{P(y + 4)}\" font-size=\"11\" text-anchor=\"end\">{E(Axis(v, decimals))}</text>");
        }
        for (var i = 0; i < n; i += Math.Max(1, n / 6)) svg.Append($"<text x=\"{P(X(i))}\" y=\"{H - 8}\" font-size=\"11\" text-anchor=\"middle\">{r.Months[i].Start:yyyy-MM}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = colors[s % colors.Count];
            var band = string.Join(' ', series[s].Select((b, i) => $"{P(X(i))},{P(Y(b.High))}").Concat(series[s].Select((b, i) => (b, i)).Reverse().Select(x => $"{P(X(x.i))},{P(Y(x.b.Low))}")));
            svg.Append($"<polygon points=\"{band}\" fill=\"{color}\" fill-opacity=\"0.15\"/>");
            svg.Append($"<polyline points=\"{string.Join(' ', series[s].Select((b, i) => $"{P(X(i))},{P(Y(b.Median))}"))}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
        }
        svg.Append("</svg></figure>");
        return svg.ToString();
    }

    // An axis label, short: 2.5M, 750k, 12.5.
    private static string Axis(decimal v, int decimals) => Math.Abs(v) switch
    {
        >= 1_000_000 => (v / 1_000_000).ToString("0.#", En) + "M",
        >= 10_000 => (v / 1_000).ToString("0.#", En) + "k",
        _ => v.ToString(decimals == 0 ? "#,0" : "#,0.#", En),
    };

    private static double Nice(double max)
    {
        var step = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 }) if (m * step >= max) return m * step;
        return 10 * step;
    }

    private static string Count(decimal d) => decimal.Round(d, 0, MidpointRounding.ToEven).ToString("#,0", En);

    private static string Money(decimal d) => decimal.Round(d, 2, MidpointRounding.ToEven).ToString("#,0.00", En);

    private static string Pct(decimal fraction) => (fraction * 100).ToString("0.0", En) + " %";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
