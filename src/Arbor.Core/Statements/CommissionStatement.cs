using System.Globalization;
using System.Net;
using System.Text;
using Arbor.Core.Ledger;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Statements;

/// <summary>
/// A member's commission statement for a closed period, as one printable HTML page: volumes and
/// ranks, every payout line grouped by bonus with its source order and member, clawbacks with the
/// line they reverse, the ledger's movements and the balance. Everything is read from what the
/// close stored, so a statement printed years later says what was paid then.
/// </summary>
public sealed class CommissionStatement(ArborContext db)
{
    public async Task<Outcome<string>> HtmlAsync(string handle, string period, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        if (member is null) return new Problem("member", $"unknown member '{handle}'");
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed: a statement shows a closed period (`arbor periods preview` estimates an open one)");
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        var figures = await db.PeriodMembers.AsNoTracking().SingleOrDefaultAsync(p => p.PeriodId == closed.Id && p.MemberId == member.Id, ct);
        var lines = await db.PayoutLines.AsNoTracking().Where(l => l.PeriodId == closed.Id && l.PayeeId == member.Id).OrderBy(l => l.Bonus).ThenBy(l => l.Id).ToListAsync(ct);
        var orderIds = lines.Where(l => l.SourceOrderId != null).Select(l => l.SourceOrderId!.Value).Distinct().ToList();
        var memberIds = lines.Select(l => l.SourceMemberId).Distinct().ToList();
        var orderNumbers = new Dictionary<long, (string Number, DateOnly Date)>();
        foreach (var chunk in orderIds.Chunk(500))
        {
            foreach (var o in await db.Orders.AsNoTracking().Where(o => chunk.Contains(o.Id)).Select(o => new { o.Id, o.Number, o.Date }).ToListAsync(ct)) orderNumbers[o.Id] = (o.Number, o.Date);
        }
        var handles = new Dictionary<long, string>();
        foreach (var chunk in memberIds.Chunk(500))
        {
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Id)).Select(m => new { m.Id, m.Handle }).ToListAsync(ct)) handles[m.Id] = m.Handle;
        }
        var ledger = (await new LedgerQueries(db).ForMemberAsync(handle, ct)).Unwrap();
        var movements = ledger.Entries.Where(e => e.Entry.PeriodId == closed.Id || (e.Entry.PeriodId is null && e.Entry.PostedOn >= closed.StartsOn && e.Entry.PostedOn <= closed.EndsOn)).ToList();
        var opening = movements.Count == 0 ? ledger.Balance : movements[0].Balance - movements[0].Entry.Amount;
        var closing = movements.Count == 0 ? ledger.Balance : movements[^1].Balance;
        var ranks = await db.RankHistory.AsNoTracking().Where(r => r.MemberId == member.Id).OrderBy(r => r.ReachedOn).ToListAsync(ct);

        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Append($"<title>Commission statement {E(period)} — {E(member.Name)}</title>");
        h.Append("""
            <style>
            body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 52em; color: #111; }
            h1 { font-size: 16pt; margin: 0; } h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; } th, td { padding: .15em .5em; text-align: left; border-bottom: 1px solid #ddd; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } tr.total td { font-weight: bold; border-top: 1px solid #333; }
            .muted { color: #555; } @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
            </style></head><body>
            """);
        h.Append($"<h1>Commission statement — {E(period)}</h1>");
        h.Append($"<p>{E(company.Name)} · {E(member.Name)} ({E(member.Handle)}) · {closed.StartsOn:yyyy-MM-dd} to {closed.EndsOn:yyyy-MM-dd} · closed {closed.ClosedAt:yyyy-MM-dd}{(closed.PaidAt is { } paid ? $" · paid {paid:yyyy-MM-dd}" : "")}</p>");

        h.Append("<h2>Volumes and rank</h2><table>");
        if (figures is null) h.Append("<tr><td colspan=\"2\">Not part of this period (joined later).</td></tr>");
        else
        {
            Row(h, "Personal volume (PV)", V(figures.Pv));
            Row(h, "Group volume (GV)", V(figures.Gv));
            Row(h, "Active", figures.Active ? "yes" : "no");
            Row(h, "Paid-as rank", E(figures.Rank));
            Row(h, "Highest rank", E(figures.HighestRank) + (ranks.LastOrDefault() is { } r ? $" <span class=\"muted\">(reached {r.ReachedOn:yyyy-MM-dd})</span>" : ""));
            Row(h, "Binary carry out (left / right)", $"{V(figures.CarryLeft)} / {V(figures.CarryRight)}");
        }
        h.Append("</table>");

        h.Append("<h2>Earnings</h2>");
        if (lines.Count == 0) h.Append("<p>No payout lines this period.</p>");
        foreach (var group in lines.GroupBy(l => l.Bonus))
        {
            h.Append($"<h3>{E(Title(group.Key))}</h3><table><tr><th>Source order</th><th>Date</th><th>From member</th><th class=\"n\">Level</th><th class=\"n\">Amount</th></tr>");
            foreach (var l in group)
            {
                var source = l.SourceOrderId is { } o ? orderNumbers[o] : (Number: "—", Date: default);
                var note = l.OriginalLineId is { } original ? $" <span class=\"muted\">(reverses line {original})</span>" : "";
                h.Append($"<tr><td>{E(source.Number)}{note}</td><td>{(l.SourceOrderId is null ? "" : source.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</td><td>{E(handles[l.SourceMemberId])}</td><td class=\"n\">{l.Level}</td><td class=\"n\">{M(l.Amount)}</td></tr>");
            }
            h.Append($"<tr class=\"total\"><td colspan=\"4\">Total {E(Title(group.Key).ToLowerInvariant())}</td><td class=\"n\">{M(group.Sum(l => l.Amount))}</td></tr></table>");
        }
        var retail = lines.Where(l => l.Bonus == "retail_profit").Sum(l => l.Amount);
        if (retail != 0) h.Append($"<p class=\"muted\">Retail profit ({M(retail)}) is your margin on your customers' payments; the company does not pay it, so it is not in your account below.</p>");

        h.Append("<h2>Account</h2><table><tr><th>Date</th><th>Movement</th><th class=\"n\">Amount</th><th class=\"n\">Balance</th></tr>");
        h.Append($"<tr><td></td><td>Opening balance</td><td></td><td class=\"n\">{M(opening)}</td></tr>");
        foreach (var (entry, balance) in movements) h.Append($"<tr><td>{entry.PostedOn:yyyy-MM-dd}</td><td>{E(entry.Memo)}</td><td class=\"n\">{M(entry.Amount)}</td><td class=\"n\">{M(balance)}</td></tr>");
        h.Append($"<tr class=\"total\"><td></td><td>Closing balance</td><td></td><td class=\"n\">{M(closing)}</td></tr></table>");
        h.Append($"<p class=\"muted\">Balances under {M(company.MinimumPayout)} {E(company.Currency)} are carried to the next payout; a negative balance (after clawbacks) is deducted from later earnings. Amounts in {E(company.Currency)}.</p>");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static void Row(StringBuilder h, string label, string value) => h.Append($"<tr><th>{E(label)}</th><td>{value}</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A bonus name as a heading: "fast_start" → "Fast start".</summary>
    private static string Title(string bonus) => bonus.Length == 0 ? bonus : char.ToUpperInvariant(bonus[0]) + bonus[1..].Replace('_', ' ');

    private static string M(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string V(decimal volume) => volume.ToString(CultureInfo.InvariantCulture);
}
