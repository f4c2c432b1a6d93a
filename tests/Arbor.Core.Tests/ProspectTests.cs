using Arbor.Core.Office;
using Arbor.Core.Orders;
using Arbor.Core.Prospects;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>Prospects: kept by their member alone, followed up, made customers or members, exported and erased.</summary>
public class ProspectTests
{
    private static readonly DateOnly Jan = new(2026, 1, 12);

    private static ProspectInput Person(string name, string? email = null, DateOnly? followUp = null) =>
        new(name, email, "+31 6 1234 5678", "trade fair", "new", followUp, Consent: true);

    private static async Task<(long A, long B, long Root)> IdsAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var ids = await db.Members.ToDictionaryAsync(m => m.Handle, m => m.Id);
        return (ids["A"], ids["B"], ids["ROOT"]);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_prospect_is_its_members_alone_and_its_follow_up_comes_due_on_its_date(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var (a, b, root) = await IdsAsync(t);
        await using var db = t.Context();
        var book = new ProspectBook(db);
        var pat = (await book.AddAsync(a, Person("Pat", "PAT@example.org", new DateOnly(2026, 2, 10)), Jan)).Unwrap();
        (await book.AddAsync(b, Person("Bo", "bo@example.org"), Jan)).Unwrap();
        Assert.Equal(("pat@example.org", Jan, "new"), (pat.Email, pat.ConsentOn!.Value, pat.Stage));

        Assert.Empty(await book.DueAsync(a, new DateOnly(2026, 2, 9)));
        Assert.Equal([pat.Id], (await book.DueAsync(a, new DateOnly(2026, 2, 10))).Select(p => p.Id));
        Assert.Equal([pat.Id], (await book.DueAsync(a, new DateOnly(2026, 3, 1))).Select(p => p.Id));
        Assert.Equal(["Pat"], (await book.ListAsync(a)).Select(p => p.Name));
        Assert.Equal(["Bo"], (await book.ListAsync(b)).Select(p => p.Name));

        // Neither a downline member (B) nor the upline (ROOT) reaches A's prospect, for any action.
        foreach (var other in new[] { b, root })
        {
            var notFound = new Problem("prospect", $"no prospect {pat.Id} of yours");
            Assert.Equal(notFound, (await book.GetAsync(other, pat.Id)).Problem);
            Assert.Equal(notFound, (await book.UpdateAsync(other, pat.Id, Person("Changed"), Jan)).Problem);
            Assert.Equal(notFound, (await book.AddNoteAsync(other, pat.Id, "seen", Jan)).Problem);
            Assert.Equal(notFound, (await book.MakeCustomerAsync(other, pat.Id, "retail", Jan)).Problem);
            Assert.Equal(notFound, (await book.EnrollAsync(other, pat.Id, "PAT", "DE", "de", Jan)).Problem);
            Assert.Equal(notFound, (await new PersonalData(db).ExportAsync(other, pat.Id)).Problem);
            Assert.Equal(notFound, (await new PersonalData(db).EraseAsync(other, pat.Id, Jan)).Problem);
        }
        db.ChangeTracker.Clear();
        Assert.Equal(("Pat", 0), ((await book.GetAsync(a, pat.Id)).Unwrap().Prospect.Name, await db.ProspectNotes.CountAsync()));

        // The stages a member sets by hand leave out the conversions, which come with their step.
        Assert.Equal("stage", (await book.UpdateAsync(a, pat.Id, Person("Pat") with { Stage = "customer" }, Jan)).Problem!.Where);
        (await book.AddNoteAsync(a, pat.Id, "Liked the shake.", Jan)).Unwrap();
        (await book.AddNoteAsync(a, pat.Id, "Call after payday.", Jan.AddDays(3))).Unwrap();
        Assert.Equal(["Call after payday.", "Liked the shake."], (await book.GetAsync(a, pat.Id)).Unwrap().Notes.Select(n => n.Text));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_prospect_becomes_a_customer_or_a_member_in_one_step_under_the_existing_rules(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var (a, b, _) = await IdsAsync(t);
        await using var db = t.Context();
        var book = new ProspectBook(db);
        var pat = (await book.AddAsync(a, Person("Pat", "pat@example.org", Jan), Jan)).Unwrap();
        var noMail = (await book.AddAsync(a, Person("Noor"), Jan)).Unwrap();
        Assert.Equal("email", (await book.MakeCustomerAsync(a, noMail.Id, "retail", Jan)).Problem!.Where);

        var customer = (await book.MakeCustomerAsync(a, pat.Id, "retail", Jan)).Unwrap();
        Assert.Equal(("Pat", "pat@example.org", a), (customer.Name, customer.Email, customer.ReferrerId));
        var file = (await book.GetAsync(a, pat.Id)).Unwrap();
        Assert.Equal(("customer", customer.Id, (DateOnly?)null), (file.Prospect.Stage, file.Prospect.CustomerId, file.Prospect.NextFollowUp));
        Assert.Equal("prospect", (await book.MakeCustomerAsync(a, pat.Id, "retail", Jan)).Problem!.Where);

        // The member records orders for its own customer at the retail price; another member cannot.
        var care = new CustomerCare(db);
        Assert.Equal(new Problem("customer", $"no customer {customer.Id} of yours"), (await care.RecordOrderAsync(b, customer.Id, [new Item("SHAKE", 1)], Jan)).Problem);
        var order = (await care.RecordOrderAsync(a, customer.Id, [new Item("SHAKE", 2)], Jan)).Unwrap();
        Assert.Equal(("retail", a, (decimal?)80m), (order.Kind, order.MemberId, order.Amount));

        // Enrolling: the member is the sponsor; a taken handle is refused by the enrollment rules, and nothing changes.
        var kim = (await book.AddAsync(a, Person("Kim", "kim@example.org"), Jan)).Unwrap();
        Assert.Equal(new Problem("handle", "handle 'B' is taken"), (await book.EnrollAsync(a, kim.Id, "B", "NL", "nl", Jan)).Problem);
        db.ChangeTracker.Clear();
        Assert.Equal("new", (await book.GetAsync(a, kim.Id)).Unwrap().Prospect.Stage);
        var member = (await book.EnrollAsync(a, kim.Id, "KIM", "nl", "nl", Jan)).Unwrap();
        Assert.Equal((a, "NL", "kim@example.org"), (member.SponsorId, member.Country, member.Email));
        Assert.Equal(("enrolled", (long?)member.Id), ((await book.GetAsync(a, kim.Id)).Unwrap().Prospect.Stage, (await book.GetAsync(a, kim.Id)).Unwrap().Prospect.EnrolledMemberId));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Erasing_a_prospect_that_became_a_customer_leaves_no_personal_field_and_the_books_unchanged(string kind)
    {
        using var t = await PeriodTests.CompanyAsync(kind);
        var (a, _, _) = await IdsAsync(t);
        long id;
        await using (var db = t.Context())
        {
            var book = new ProspectBook(db);
            id = (await book.AddAsync(a, new ProspectInput("Zelda Quist", "zelda.quist@example.org", "+31 6 9876 5432", "Utrecht fair", "presented", Jan, true), Jan)).Unwrap().Id;
            (await book.AddNoteAsync(a, id, "Zelda Quist loves the vanilla shake.", Jan)).Unwrap();
            var customer = (await book.MakeCustomerAsync(a, id, "retail", Jan)).Unwrap();
            (await new CustomerCare(db).RecordOrderAsync(a, customer.Id, [new Item("SHAKE", 3)], Jan)).Unwrap();
            // What other paths write about a customer: its order confirmation, an audit entry, a stored API response.
            db.Outbox.Add(new OutboxMessage { Kind = "order-confirmation", Recipient = "zelda.quist@example.org", Subject = "Your order", Body = "Dear Zelda Quist, thank you.", CreatedAt = DateTimeOffset.UnixEpoch });
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UnixEpoch, Actor = "admin", Action = "customer-add", Subject = "zelda.quist@example.org", Details = "Zelda Quist, retail, referred by A" });
            db.Set<ApiRequest>().Add(new ApiRequest { Principal = "user:A", IdempotencyKey = "k1", Fingerprint = "f", Status = 201, Body = "{\"name\":\"Zelda Quist\",\"email\":\"zelda.quist@example.org\"}", CreatedAt = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync();
        }
        await PeriodTests.CloseAsync(t, "2026-01", FixedClock.On(2026, 2, 2));
        var before = await BooksAsync(t);
        Assert.Contains(before.Lines, l => l.StartsWith("A retail_profit 30.00", StringComparison.Ordinal));
        var personal = new[] { "Zelda", "Quist", "zelda.quist@example.org", "9876 5432", "Utrecht fair", "vanilla shake" };
        Assert.Contains(await t.AllTextAsync(), cell => personal.Any(p => cell.Contains(p, StringComparison.OrdinalIgnoreCase)));

        await using (var db = t.Context())
        {
            (await new PersonalData(db).EraseAsync(a, id, Jan.AddDays(30))).Unwrap();
            Assert.Equal("prospect", (await new PersonalData(db).ExportAsync(a, id)).Problem!.Where);
        }

        var left = (await t.AllTextAsync()).Where(cell => personal.Any(p => cell.Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(left.Count == 0, string.Join("\n", left));
        var after = await BooksAsync(t);
        Assert.Equal(before.Lines, after.Lines);
        Assert.Equal(before.Members, after.Members);
        Assert.Equal(before.Ledger, after.Ledger);
        Assert.Equal(before.Orders, after.Orders);
        await using (var db = t.Context())
        {
            var prospect = await db.Prospects.SingleAsync(p => p.Id == id);
            Assert.Equal((null, null, null, "customer", (DateOnly?)Jan.AddDays(30)), (prospect.Name, prospect.Email, prospect.Phone, prospect.Stage, prospect.ErasedOn));
            Assert.Empty(await new ProspectBook(db).ListAsync(a));
        }
    }

    private sealed record Books(List<string> Lines, List<string> Members, List<string> Ledger, List<string> Orders);

    private static async Task<Books> BooksAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var members = await db.PeriodMembers.AsNoTracking().OrderBy(p => p.MemberId).ToListAsync();
        var ledger = await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var orders = await db.Orders.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        return new Books(await PeriodTests.LinesAsync(t, "2026-01"),
            [.. members.Select(p => $"{p.MemberId} {p.Pv} {p.Gv} {p.Active} {p.Rank} {p.Earnings}")],
            [.. ledger.Select(e => $"{e.Account} {e.Kind} {e.Amount} {e.Memo}")],
            [.. orders.Select(o => $"{o.Number} {o.CustomerId} {o.MemberId} {o.Amount} {o.Pv} {o.Cv}")]);
    }
}
