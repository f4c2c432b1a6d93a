using Arbor.Core.Customers;
using Arbor.Core.Members;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Prospects;

/// <summary>What a member writes down about a prospect. <paramref name="Consent"/>: it agreed to be contacted.</summary>
public sealed record ProspectInput(string Name, string? Email, string? Phone, string? Source, string Stage, DateOnly? NextFollowUp, bool Consent);

/// <summary>A prospect with its notes (newest first) and what it became.</summary>
public sealed record ProspectFile(Prospect Prospect, IReadOnlyList<ProspectNote> Notes, Customer? Customer, Member? Enrolled);

/// <summary>
/// A member's prospects: the people it talks to, their stage and follow-ups, notes, and the one
/// step that makes one a retail customer or an enrolled member (the member is the referrer or the
/// sponsor; the customer and enrollment rules apply). Every call names its owner: a prospect of
/// another member is "not found", the same as one that does not exist. Staff (owner null) reach
/// every prospect, for requests under GDPR articles 15 and 17.
/// </summary>
public sealed class ProspectBook(ArborContext db)
{
    public static readonly IReadOnlyList<string> Stages = ["new", "contacted", "presented", "follow_up", "customer", "enrolled", "not_interested"];

    /// <summary>Stages a prospect can be set to by hand: <c>customer</c> and <c>enrolled</c> come with the conversion.</summary>
    public static readonly IReadOnlyList<string> OpenStages = ["new", "contacted", "presented", "follow_up", "not_interested"];

    public const int MaxText = 200, MaxNote = 4000;

    /// <summary>The owner's prospects, erased ones left out, by next follow-up (none last), then name.</summary>
    public async Task<IReadOnlyList<Prospect>> ListAsync(long owner, CancellationToken ct = default)
    {
        var rows = await db.Prospects.AsNoTracking().Where(p => p.MemberId == owner && p.ErasedOn == null).ToListAsync(ct);
        return [.. rows.OrderBy(p => p.NextFollowUp ?? DateOnly.MaxValue).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Id)];
    }

    /// <summary>The owner's follow-ups due on <paramref name="today"/> or overdue, oldest first.</summary>
    public async Task<IReadOnlyList<Prospect>> DueAsync(long owner, DateOnly today, CancellationToken ct = default)
    {
        var rows = await db.Prospects.AsNoTracking().Where(p => p.MemberId == owner && p.ErasedOn == null && p.NextFollowUp != null && p.NextFollowUp <= today).ToListAsync(ct);
        return [.. rows.OrderBy(p => p.NextFollowUp).ThenBy(p => p.Id)];
    }

    /// <summary>A prospect of <paramref name="owner"/> (any prospect when null) with its notes and what it became.</summary>
    public async Task<Outcome<ProspectFile>> GetAsync(long? owner, long id, CancellationToken ct = default)
    {
        var found = await FindAsync(owner, id, tracked: false, ct);
        if (!found.Ok) return found.Problem!;
        var p = found.Value!;
        var notes = await db.ProspectNotes.AsNoTracking().Where(n => n.ProspectId == id).OrderByDescending(n => n.WrittenOn).ThenByDescending(n => n.Id).ToListAsync(ct);
        var customer = p.CustomerId is { } c ? await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == c, ct) : null;
        var enrolled = p.EnrolledMemberId is { } m ? await db.Members.AsNoTracking().SingleOrDefaultAsync(x => x.Id == m, ct) : null;
        return new ProspectFile(p, notes, customer, enrolled);
    }

    public async Task<Outcome<Prospect>> AddAsync(long owner, ProspectInput input, DateOnly today, CancellationToken ct = default)
    {
        if (Validate(input, OpenStages) is { } invalid) return invalid;
        var prospect = new Prospect { MemberId = owner, Stage = input.Stage, CreatedOn = today };
        Apply(prospect, input, today);
        db.Prospects.Add(prospect);
        await db.SaveChangesAsync(ct);
        return prospect;
    }

    /// <summary>Changes what the owner wrote; a converted prospect keeps its stage (<c>customer</c>, <c>enrolled</c>).</summary>
    public async Task<Outcome<Prospect>> UpdateAsync(long owner, long id, ProspectInput input, DateOnly today, CancellationToken ct = default)
    {
        var found = await FindAsync(owner, id, tracked: true, ct);
        if (!found.Ok) return found.Problem!;
        var prospect = found.Value!;
        var converted = prospect.Stage is "customer" or "enrolled";
        if (Validate(converted ? input with { Stage = prospect.Stage } : input, converted ? [prospect.Stage] : OpenStages) is { } invalid) return invalid;
        Apply(prospect, converted ? input with { Stage = prospect.Stage } : input, today);
        await db.SaveChangesAsync(ct);
        return prospect;
    }

    public async Task<Outcome<ProspectNote>> AddNoteAsync(long owner, long id, string text, DateOnly today, CancellationToken ct = default)
    {
        var found = await FindAsync(owner, id, tracked: false, ct);
        if (!found.Ok) return found.Problem!;
        if (string.IsNullOrWhiteSpace(text)) return new Problem("note", "the note is empty");
        if (text.Length > MaxNote) return new Problem("note", $"a note has at most {MaxNote} characters");
        var note = new ProspectNote { ProspectId = id, WrittenOn = today, Text = text.Trim() };
        db.ProspectNotes.Add(note);
        await db.SaveChangesAsync(ct);
        return note;
    }

    /// <summary>Makes the prospect a retail (or preferred) customer of its owner, under the customer rules; the prospect stays linked to it.</summary>
    public Task<Outcome<Customer>> MakeCustomerAsync(long owner, long id, string kind, DateOnly today, CancellationToken ct = default) =>
        ConvertAsync(owner, id, "customer", async (prospect, member) =>
        {
            var added = await new AddCustomer(db).RunAsync(new NewCustomer(prospect.Name ?? "", prospect.Email!, kind, member.Handle, today), ct);
            if (added.Ok) prospect.CustomerId = added.Value!.Id;
            return added;
        }, ct);

    /// <summary>Enrolls the prospect as a member sponsored by its owner, under the enrollment rules; the prospect stays linked to it.</summary>
    public Task<Outcome<Member>> EnrollAsync(long owner, long id, string handle, string country, string language, DateOnly today, CancellationToken ct = default) =>
        ConvertAsync(owner, id, "enrolled", async (prospect, sponsor) =>
        {
            var enrolled = await new EnrollMember(db).RunAsync(
                new Enrollment(handle.Trim(), prospect.Email!, prospect.Name ?? "", country.Trim().ToUpperInvariant(), language, today, sponsor.Handle), ct);
            if (enrolled.Ok) prospect.EnrolledMemberId = enrolled.Value!.Id;
            return enrolled;
        }, ct);

    // The one step from prospect to customer or member: the existing rules decide (make), all in one transaction.
    private async Task<Outcome<T>> ConvertAsync<T>(long owner, long id, string stage, Func<Prospect, Member, Task<Outcome<T>>> make, CancellationToken ct)
    {
        var found = await FindAsync(owner, id, tracked: true, ct);
        if (!found.Ok) return found.Problem!;
        var prospect = found.Value!;
        if (prospect.Stage is "customer" or "enrolled") return new Problem("prospect", $"this prospect is already {(prospect.Stage == "customer" ? "a customer" : "enrolled")}");
        if (prospect.Email is null) return new Problem("email", $"{(stage == "customer" ? "a customer" : "a member")} needs an e-mail address: add the prospect's first");
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == owner, ct);
        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        var made = await make(prospect, member);
        if (!made.Ok) return made;
        prospect.Stage = stage;
        prospect.NextFollowUp = null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return made;
    }

    internal async Task<Outcome<Prospect>> FindAsync(long? owner, long id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Prospects : db.Prospects.AsNoTracking();
        var prospect = await query.SingleOrDefaultAsync(p => p.Id == id && (owner == null || p.MemberId == owner) && p.ErasedOn == null, ct);
        return prospect is null ? new Problem("prospect", $"no prospect {id}{(owner is null ? "" : " of yours")}") : prospect;
    }

    private static Problem? Validate(ProspectInput input, IReadOnlyList<string> stages)
    {
        if (string.IsNullOrWhiteSpace(input.Name)) return new Problem("name", "a prospect needs a name");
        foreach (var (field, value) in new[] { ("name", input.Name), ("email", input.Email), ("phone", input.Phone), ("source", input.Source) })
        {
            if (value is { Length: > MaxText }) return new Problem(field, $"at most {MaxText} characters");
            if (value is not null && value.Any(char.IsControl)) return new Problem(field, "no control characters");
        }
        if (!string.IsNullOrWhiteSpace(input.Email) && !input.Email.Contains('@', StringComparison.Ordinal)) return new Problem("email", $"'{input.Email}' is not an e-mail address");
        if (!stages.Contains(input.Stage)) return new Problem("stage", $"the stage is one of {string.Join(", ", stages)}, not '{input.Stage}'");
        if (input.NextFollowUp is { Year: < 2000 or > 2999 } day) return new Problem("follow_up", $"{day:yyyy-MM-dd} is not a follow-up date");
        return null;
    }

    private static void Apply(Prospect p, ProspectInput input, DateOnly today)
    {
        p.Name = input.Name.Trim();
        p.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim().ToLowerInvariant();
        p.Phone = string.IsNullOrWhiteSpace(input.Phone) ? null : input.Phone.Trim();
        p.Source = string.IsNullOrWhiteSpace(input.Source) ? null : input.Source.Trim();
        p.Stage = input.Stage;
        p.NextFollowUp = input.NextFollowUp;
        // Consent is dated when first given and dropped when withdrawn.
        p.ConsentOn = input.Consent ? p.ConsentOn ?? today : null;
    }
}
