using System.Text.Json;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Prospects;

/// <summary>
/// A prospect's rights under GDPR: a copy of everything kept about it (article 15) and erasure
/// (article 17). Erasure removes every personal field of the prospect, its notes, and, when it
/// became a customer, the customer's name and e-mail address wherever Arbor wrote them (the
/// customer row, the e-mail outbox, the audit trail, stored API responses). What the books need
/// stays: the customer row (without a name) and its orders, so that period results, commissions
/// and the ledger are unchanged. A prospect that enrolled became a distributor under contract; its
/// member record is not the prospect's to erase (docs/distributor-tools.md).
/// </summary>
public sealed class PersonalData(ArborContext db)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Everything kept about the prospect, as JSON.</summary>
    public async Task<Outcome<string>> ExportAsync(long? owner, long id, CancellationToken ct = default)
    {
        var file = await new ProspectBook(db).GetAsync(owner, id, ct);
        if (!file.Ok) return file.Problem!;
        var (p, notes, customer, enrolled) = file.Value!;
        var orders = customer is null ? [] : await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderBy(o => o.Date).ThenBy(o => o.Id)
            .Select(o => new { o.Number, o.Date, o.Kind, Amount = o.LocalAmount ?? o.Amount, o.Currency }).ToListAsync(ct);
        var copy = new
        {
            prospect = new { p.Id, p.Name, p.Email, p.Phone, p.Source, p.Stage, p.NextFollowUp, p.ConsentOn, p.CreatedOn },
            notes = notes.Select(n => new { n.WrittenOn, n.Text }),
            customer = customer is null ? null : new { customer.Name, customer.Email, customer.Kind, customer.CreatedOn, orders },
            enrolledAs = enrolled?.Handle,
        };
        return JsonSerializer.Serialize(copy, Indented);
    }

    /// <summary>Erases the prospect's personal data (and its customer's), all in one transaction.</summary>
    public async Task<Outcome<Prospect>> EraseAsync(long? owner, long id, DateOnly today, CancellationToken ct = default)
    {
        var found = await new ProspectBook(db).FindAsync(owner, id, tracked: true, ct);
        if (!found.Ok) return found.Problem!;
        var prospect = found.Value!;
        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        var traces = new List<string>();
        void Trace(string? text)
        {
            if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 3) return;
            traces.Add(text.Trim());
            // Stored JSON (API responses) writes characters outside ASCII escaped.
            traces.Add(JsonEncodedText.Encode(text.Trim()).ToString());
        }
        Trace(prospect.Name);
        Trace(prospect.Email);
        Trace(prospect.Phone);
        prospect.Name = prospect.Email = prospect.Phone = prospect.Source = null;
        prospect.NextFollowUp = prospect.ConsentOn = null;
        prospect.ErasedOn = today;
        db.ProspectNotes.RemoveRange(await db.ProspectNotes.Where(n => n.ProspectId == id).ToListAsync(ct));

        if (prospect.CustomerId is { } customerId)
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == customerId, ct);
            Trace(customer.Name);
            Trace(customer.Email);
            var oldEmail = customer.Email;
            customer.Name = Erased;
            customer.Email = $"erased-{customer.Id}@erased.invalid";
            foreach (var message in await db.Outbox.Where(m => m.Recipient == oldEmail).ToListAsync(ct))
            {
                message.Recipient = customer.Email;
                message.Subject = message.Body = Erased;
            }
        }
        await db.SaveChangesAsync(ct);
        await ScrubAsync(traces.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.Length).ToList(), ct);
        await tx.CommitAsync(ct);
        return prospect;
    }

    /// <summary>What erased personal data reads as.</summary>
    public const string Erased = "(erased)";

    // Free text that may quote the erased data: the audit trail's details, stored API responses, the outbox.
    private async Task ScrubAsync(IReadOnlyList<string> traces, CancellationToken ct)
    {
        foreach (var trace in traces)
        {
            foreach (var entry in await db.AuditEntries.Where(e => e.Details.Contains(trace) || e.Subject.Contains(trace)).ToListAsync(ct))
            {
                entry.Details = Replace(entry.Details, trace);
                entry.Subject = Replace(entry.Subject, trace);
            }
            foreach (var response in await db.Set<ApiRequest>().Where(r => r.Body.Contains(trace)).ToListAsync(ct)) response.Body = Replace(response.Body, trace);
            foreach (var message in await db.Outbox.Where(m => m.Body.Contains(trace) || m.Subject.Contains(trace)).ToListAsync(ct))
            {
                message.Body = Replace(message.Body, trace);
                message.Subject = Replace(message.Subject, trace);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Replace(string text, string trace) => text.Replace(trace, Erased, StringComparison.OrdinalIgnoreCase);
}
