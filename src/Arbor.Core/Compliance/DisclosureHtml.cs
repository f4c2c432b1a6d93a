using System.Net;
using System.Text;

namespace Arbor.Core.Compliance;

/// <summary>
/// The income disclosure statement as one self-contained, printable HTML page (no scripts, no
/// links, its CSS inline), texts from <see cref="DisclosureLabels"/>. Amounts are rounded once
/// here, half to even to cents (<see cref="DisclosureFormat"/>).
/// </summary>
public static class DisclosureHtml
{
    public static string Render(IncomeDisclosure d, DisclosureLabels? labels = null)
    {
        var l = labels ?? DisclosureLabels.English;
        var f = new DisclosureFormat(l.Culture);
        var t = d.Totals;
        var h = new StringBuilder();
        h.Append($"<!DOCTYPE html>\n<html lang=\"{E(l.Language)}\"><head><meta charset=\"utf-8\">");
        h.Append($"<title>{E(f.Text(l.Title, d.Year))} — {E(d.Company)}</title>");
        h.Append("""
            <style>
            body { font: 10.5pt/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #111; }
            h1 { font-size: 16pt; margin: 0 0 .3em; } h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; } th, td { padding: .2em .45em; text-align: left; border-bottom: 1px solid #ddd; vertical-align: bottom; }
            th { font-weight: 600; font-size: 9pt; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.n { white-space: nowrap; }
            tr.total td, tr.total th { font-weight: bold; border-top: 1px solid #333; } tr.empty td { color: #777; }
            ul.notes li { margin: .3em 0; } .warn { border-left: 4px solid #b45309; padding: .2em .6em; background: #fff7ed; }
            @page { size: A4 landscape; margin: 12mm; }
            @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
            </style></head><body>
            """);
        h.Append($"<h1>{E(f.Text(l.Title, d.Year))}</h1>");
        h.Append($"<p>{E(f.Text(l.Intro, d.Company, d.Year, f.Count(t.Members), f.Date(d.From), f.Date(d.To), d.Currency))}</p>");
        if (d.OpenPeriods.Count > 0) h.Append($"<p class=\"warn\">{E(f.Text(l.NoteOpenPeriods, string.Join(", ", d.OpenPeriods)))}</p>");

        h.Append($"<h2>{E(l.EarningsHeading)}</h2><table><thead><tr><th>{E(l.Rank)}</th>");
        foreach (var head in new[] { l.Participants, l.ShareOfParticipants, l.Median, l.Mean, l.P10, l.P90, l.Minimum, l.Maximum, l.EarnedNothing, l.MonthsToRank })
        {
            h.Append($"<th class=\"n\">{E(head)}</th>");
        }
        h.Append("</tr></thead><tbody>");
        foreach (var r in d.Ranks) EarningsRow(h, f, l, r.Rank, r.Figures, r.Order == 0 && r.AverageMonthsToRank is null && r.Figures.Members > 0 ? l.AtJoining : f.Months(r.AverageMonthsToRank, l.NoOne), "");
        EarningsRow(h, f, l, l.AllParticipants, t, "", " class=\"total\"");
        h.Append("</tbody></table>");

        h.Append($"<h2>{E(l.ExpensesHeading)}</h2><table><thead><tr><th>{E(l.Rank)}</th>");
        foreach (var head in new[] { l.Participants, l.TotalEarnings, l.RetailProfit, l.MedianPurchases, l.MeanPurchases, l.EarnedLessThanPurchases, l.MonthsParticipating })
        {
            h.Append($"<th class=\"n\">{E(head)}</th>");
        }
        h.Append("</tr></thead><tbody>");
        foreach (var r in d.Ranks) ExpensesRow(h, f, l, r.Rank, r.Figures, "");
        ExpensesRow(h, f, l, l.AllParticipants, t, " class=\"total\"");
        h.Append("</tbody></table>");

        h.Append($"<h2>{E(l.ParticipationHeading)}</h2><table><thead><tr><th>{E(l.Months)}</th>");
        for (var m = 1; m <= 12; m++) h.Append($"<th class=\"n\">{m}</th>");
        h.Append($"</tr></thead><tbody><tr><th>{E(l.Participants)}</th>");
        Cells(h, [.. d.Participation.ByMonths.Select(f.Count)]);
        h.Append("</tr></tbody></table>");

        h.Append($"<h2>{E(l.NotesHeading)}</h2><ul class=\"notes\">");
        foreach (var note in Notes(d, l)) h.Append($"<li>{E(note)}</li>");
        h.Append("</ul></body></html>\n");
        return h.ToString();
    }

    /// <summary>The statement's explanations, in order: gross, zero earners, not annualised, expenses, rank, percentiles, and the money paid to non-participants when there is any.</summary>
    public static IReadOnlyList<string> Notes(IncomeDisclosure d, DisclosureLabels l)
    {
        var (t, p, f) = (d.Totals, d.Participation, new DisclosureFormat(l.Culture));
        var periods = d.Periods.Count == 0 ? l.NoOne : f.Text(l.PeriodRange, d.Periods.Count, d.Periods[0], d.Periods[^1]);
        var notes = new List<string>
        {
            f.Text(l.NoteGross, periods),
            l.NoteZeroEarners,
            f.Text(l.NoteNotAnnualised, f.Count(p.WholeYear), f.Count(t.Members), f.Count(p.JoinedDuringYear), f.Count(p.TerminatedDuringYear), f.Months(t.AverageMonthsParticipating, l.NoOne)),
            f.Text(l.NoteExpenses, f.Money(t.Purchases?.Median, l.NoOne), f.Money(t.Purchases?.Mean, l.NoOne), f.Percent(t.ShareEarnedLessThanPurchases)),
            l.NoteRank,
            l.NotePercentiles,
        };
        if (d.NonParticipantEarnings != 0) notes.Add(f.Text(l.NoteNonParticipants, f.Money(d.NonParticipantEarnings, l.NoOne)));
        return notes;
    }

    private static void EarningsRow(StringBuilder h, DisclosureFormat f, DisclosureLabels l, string rank, DisclosureFigures x, string monthsToRank, string css)
    {
        var e = x.Distribution;
        h.Append($"<tr{(css.Length == 0 && x.Members == 0 ? " class=\"empty\"" : css)}><th>{E(rank)}</th>");
        Cells(h, f.Count(x.Members), f.Percent(x.Share));
        Cells(h, [.. new[] { e?.Median, e?.Mean, e?.P10, e?.P90, e?.Minimum, e?.Maximum }.Select(v => f.Money(v, l.NoOne))]);
        Cells(h, x.Members == 0 ? l.NoOne : $"{f.Percent(x.ShareEarnedNothing)} ({f.Count(x.EarnedNothing + x.EarnedLessThanNothing)})", monthsToRank);
        h.Append("</tr>");
    }

    private static void ExpensesRow(StringBuilder h, DisclosureFormat f, DisclosureLabels l, string rank, DisclosureFigures x, string css)
    {
        h.Append($"<tr{(css.Length == 0 && x.Members == 0 ? " class=\"empty\"" : css)}><th>{E(rank)}</th>");
        Cells(h, f.Count(x.Members), f.Money(x.Earnings, l.NoOne), f.Money(x.RetailProfit, l.NoOne), f.Money(x.Purchases?.Median, l.NoOne), f.Money(x.Purchases?.Mean, l.NoOne),
            x.Members == 0 ? l.NoOne : $"{f.Percent(x.ShareEarnedLessThanPurchases)} ({f.Count(x.EarnedLessThanPurchases)})",
            x.Members == 0 ? l.NoOne : f.Months(x.AverageMonthsParticipating, l.NoOne));
        h.Append("</tr>");
    }

    private static void Cells(StringBuilder h, params string[] values)
    {
        foreach (var v in values) h.Append($"<td class=\"n\">{E(v)}</td>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
