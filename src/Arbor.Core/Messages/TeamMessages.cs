using System.Globalization;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Messages;

/// <summary>Who a company announcement goes to: members of a highest rank, a country, a language (null: any).</summary>
public sealed record CompanyAudience(string? Rank = null, string? Country = null, string? Language = null);

/// <summary>Who of its downline a member writes to: one level (1 = its frontline), a highest rank, or one member (null: any).</summary>
public sealed record DownlineAudience(int? Level = null, string? Rank = null, string? Member = null);

/// <summary>A message as its recipient sees it.</summary>
public sealed record InboxItem(TeamMessage Message, string SenderName, string? SenderHandle, DateTimeOffset? ReadAt);

/// <summary>A sent message with its read receipts: how many it went to, how many read it.</summary>
public sealed record SentMessage(TeamMessage Message, int Recipients, int Read);

/// <summary>One recipient's receipt.</summary>
public sealed record Receipt(string Handle, string Name, DateTimeOffset? ReadAt);

/// <summary>
/// Team messages: the company's announcements, targeted by rank, country and language, and a
/// member's messages to its own downline (all of it, one level, a rank, or one member of it),
/// never to anyone outside it: the recipients are found from the sender's place in the sponsor
/// tree, on the server. The recipients are fixed when a message is sent, each with a read
/// receipt, and each gets it as e-mail through the outbox too. A member can mute a member that
/// writes to it: its later messages do not reach it, and its earlier ones leave the inbox. The
/// company's announcements cannot be muted.
/// </summary>
public sealed class TeamMessages(ArborContext db, TimeProvider clock)
{
    public const int MaxSubject = 200, MaxBody = 10_000;

    public async Task<Outcome<SentMessage>> AnnounceAsync(string sentBy, string subject, string body, CompanyAudience to, CancellationToken ct = default)
    {
        if (Validate(subject, body) is { } invalid) return invalid;
        var members = db.Members.AsNoTracking().Where(m => m.Status != "terminated");
        if (Blank(to.Rank) is { } rank) members = members.Where(m => m.HighestRank == rank);
        if (Blank(to.Country) is { } country) members = members.Where(m => m.Country == country.ToUpperInvariant());
        if (Blank(to.Language) is { } language) members = members.Where(m => m.Language == language);
        var recipients = await members.Select(m => new Recipient(m.Id, m.Email)).ToListAsync(ct);
        var audience = Describe(("rank", Blank(to.Rank)), ("country", Blank(to.Country)?.ToUpperInvariant()), ("language", Blank(to.Language)));
        return await StoreAsync(null, sentBy, subject, body, audience, recipients, ct);
    }

    public async Task<Outcome<SentMessage>> SendToDownlineAsync(long senderId, string sentBy, string subject, string body, DownlineAudience to, CancellationToken ct = default)
    {
        if (Validate(subject, body) is { } invalid) return invalid;
        var sender = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == senderId, ct);
        if (sender is null) return new Problem("sender", "not a member");
        if (to.Level is { } l && l is < 1 or > 1000) return new Problem("level", $"a level is 1 (your frontline) or deeper, not {l}");
        var members = db.Members.AsNoTracking().Where(m => m.Id != sender.Id && m.Path.StartsWith(sender.Path) && m.Status != "terminated");
        if (to.Level is { } level) members = members.Where(m => m.Depth == sender.Depth + level);
        if (Blank(to.Rank) is { } rank) members = members.Where(m => m.HighestRank == rank);
        if (Blank(to.Member) is { } handle)
        {
            // Someone outside the downline and someone who does not exist get the same answer.
            members = members.Where(m => m.Handle == handle);
            if (!await members.AnyAsync(ct)) return new Problem("to", $"no member '{handle}' in your downline");
        }
        var muted = db.MessageMutes.Where(x => x.SenderId == sender.Id).Select(x => x.MemberId);
        var recipients = await members.Where(m => !muted.Contains(m.Id)).Select(m => new Recipient(m.Id, m.Email)).ToListAsync(ct);
        var audience = Describe(("level", to.Level?.ToString(CultureInfo.InvariantCulture)), ("rank", Blank(to.Rank)), ("member", Blank(to.Member)));
        return await StoreAsync(sender, sentBy, subject, body, audience, recipients, ct);
    }

    /// <summary>The member's messages, newest first, without those of senders it muted.</summary>
    public Task<IReadOnlyList<InboxItem>> InboxAsync(long memberId, int take = 100, CancellationToken ct = default) =>
        InboxAsync(memberId, unreadAnnouncementsOnly: false, take, ct);

    /// <summary>
    /// The company's announcements the member has not read yet, newest first, at most
    /// <paramref name="take"/> (the dashboard's): however many team messages came after them.
    /// </summary>
    public Task<IReadOnlyList<InboxItem>> UnreadAnnouncementsAsync(long memberId, int take = 20, CancellationToken ct = default) =>
        InboxAsync(memberId, unreadAnnouncementsOnly: true, take, ct);

    private async Task<IReadOnlyList<InboxItem>> InboxAsync(long memberId, bool unreadAnnouncementsOnly, int take, CancellationToken ct)
    {
        var muted = db.MessageMutes.Where(x => x.MemberId == memberId).Select(x => x.SenderId);
        var rows = await (from r in db.MessageRecipients.AsNoTracking()
                          join m in db.Messages.AsNoTracking() on r.MessageId equals m.Id
                          where r.MemberId == memberId && (m.SenderId == null || !muted.Contains(m.SenderId.Value))
                          where !unreadAnnouncementsOnly || (m.SenderId == null && r.ReadAt == null)
                          orderby m.Id descending
                          select new { m, r.ReadAt }).Take(take).ToListAsync(ct);
        var senders = await SendersAsync(rows.Select(x => x.m), ct);
        return [.. rows.Select(x => Item(x.m, x.ReadAt, senders))];
    }

    /// <summary>Opens a message of the member's inbox and records that it was read; any other message is "not found".</summary>
    /// <param name="receipt">False when someone else reads the member's inbox (staff looking at its office): no receipt is written.</param>
    public async Task<Outcome<InboxItem>> ReadAsync(long memberId, long messageId, CancellationToken ct = default, bool receipt = true)
    {
        var found = await db.MessageRecipients.SingleOrDefaultAsync(r => r.MessageId == messageId && r.MemberId == memberId, ct);
        if (found is null) return new Problem("message", $"no message {messageId} for you");
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId, ct);
        if (receipt && found.ReadAt is null)
        {
            found.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return Item(message, found.ReadAt, await SendersAsync([message], ct));
    }

    /// <summary>Mutes (or unmutes) the member that sent <paramref name="messageId"/> to <paramref name="memberId"/>.</summary>
    public async Task<Outcome<Member>> MuteAsync(long memberId, long messageId, bool mute, CancellationToken ct = default)
    {
        var senderId = await (from r in db.MessageRecipients
                              join m in db.Messages on r.MessageId equals m.Id
                              where r.MessageId == messageId && r.MemberId == memberId
                              select m.SenderId).SingleOrDefaultAsync(ct);
        if (senderId is null) return new Problem("message", $"no message {messageId} from a member for you: the company's announcements cannot be muted");
        var sender = await db.Members.AsNoTracking().SingleAsync(m => m.Id == senderId, ct);
        return await SetMuteAsync(memberId, sender, mute, ct);
    }

    /// <summary>Unmutes a sender by handle (the list of muted senders links here).</summary>
    public async Task<Outcome<Member>> UnmuteAsync(long memberId, string senderHandle, CancellationToken ct = default)
    {
        var sender = await (from x in db.MessageMutes
                            join m in db.Members on x.SenderId equals m.Id
                            where x.MemberId == memberId && m.Handle == senderHandle
                            select m).AsNoTracking().SingleOrDefaultAsync(ct);
        return sender is null ? new Problem("sender", $"'{senderHandle}' is not muted") : await SetMuteAsync(memberId, sender, false, ct);
    }

    public async Task<IReadOnlyList<Member>> MutedAsync(long memberId, CancellationToken ct = default) =>
        await (from x in db.MessageMutes join m in db.Members on x.SenderId equals m.Id where x.MemberId == memberId orderby m.Name select m).AsNoTracking().ToListAsync(ct);

    /// <summary>What a member (or, with null, the company) sent, newest first, with read receipts.</summary>
    public async Task<IReadOnlyList<SentMessage>> SentAsync(long? senderId, int take = 50, CancellationToken ct = default)
    {
        var messages = await db.Messages.AsNoTracking().Where(m => m.SenderId == senderId).OrderByDescending(m => m.Id).Take(take).ToListAsync(ct);
        var ids = messages.Select(m => m.Id).ToList();
        var counts = await db.MessageRecipients.AsNoTracking().Where(r => ids.Contains(r.MessageId)).GroupBy(r => r.MessageId)
            .Select(g => new { Id = g.Key, All = g.Count(), Read = g.Count(r => r.ReadAt != null) }).ToDictionaryAsync(x => x.Id, ct);
        return [.. messages.Select(m => new SentMessage(m, counts.TryGetValue(m.Id, out var c) ? c.All : 0, counts.TryGetValue(m.Id, out var d) ? d.Read : 0))];
    }

    /// <summary>The receipts of a message the sender (null: the company) sent; another's message is "not found".</summary>
    public async Task<Outcome<(SentMessage Message, IReadOnlyList<Receipt> Receipts)>> ReceiptsAsync(long? senderId, long messageId, CancellationToken ct = default)
    {
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.SenderId == senderId, ct);
        if (message is null) return new Problem("message", $"no message {messageId} of yours");
        var receipts = await (from r in db.MessageRecipients.AsNoTracking()
                              join m in db.Members.AsNoTracking() on r.MemberId equals m.Id
                              where r.MessageId == messageId
                              orderby m.Name, m.Id
                              select new Receipt(m.Handle, m.Name, r.ReadAt)).ToListAsync(ct);
        return (new SentMessage(message, receipts.Count, receipts.Count(r => r.ReadAt is not null)), receipts);
    }

    private sealed record Recipient(long Id, string Email);

    private async Task<Outcome<SentMessage>> StoreAsync(Member? sender, string sentBy, string subject, string body, string audience, IReadOnlyList<Recipient> recipients, CancellationToken ct)
    {
        if (recipients.Count == 0) return new Problem("to", "nobody matches: the message was not sent");
        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        var now = clock.GetUtcNow();
        var message = new TeamMessage { SenderId = sender?.Id, SentBy = sentBy, Subject = subject.Trim(), Body = body.Trim(), Audience = audience, SentAt = now };
        db.Messages.Add(message);
        await db.SaveChangesAsync(ct);
        var from = sender is null ? "the company" : sender.Name;
        db.MessageRecipients.AddRange(recipients.Select(r => new MessageRecipient { MessageId = message.Id, MemberId = r.Id }));
        db.Outbox.AddRange(recipients.Select(r => new OutboxMessage
        {
            Kind = "team-message", Recipient = r.Email, Subject = message.Subject, CreatedAt = now,
            Body = $"{message.Body}\n\n— {from}. Read it in your virtual office.",
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new SentMessage(message, recipients.Count, 0);
    }

    private async Task<Outcome<Member>> SetMuteAsync(long memberId, Member sender, bool mute, CancellationToken ct)
    {
        var existing = await db.MessageMutes.SingleOrDefaultAsync(x => x.MemberId == memberId && x.SenderId == sender.Id, ct);
        if (mute && existing is null) db.MessageMutes.Add(new MessageMute { MemberId = memberId, SenderId = sender.Id });
        if (!mute && existing is not null) db.MessageMutes.Remove(existing);
        await db.SaveChangesAsync(ct);
        return sender;
    }

    private async Task<Dictionary<long, Member>> SendersAsync(IEnumerable<TeamMessage> messages, CancellationToken ct)
    {
        var ids = messages.Where(m => m.SenderId != null).Select(m => m.SenderId!.Value).Distinct().ToList();
        return await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
    }

    private static InboxItem Item(TeamMessage m, DateTimeOffset? readAt, Dictionary<long, Member> senders) =>
        m.SenderId is { } id && senders.TryGetValue(id, out var s) ? new InboxItem(m, s.Name, s.Handle, readAt) : new InboxItem(m, "", null, readAt);

    private static Problem? Validate(string subject, string body)
    {
        if (string.IsNullOrWhiteSpace(subject)) return new Problem("subject", "a message needs a subject");
        if (subject.Length > MaxSubject) return new Problem("subject", $"a subject has at most {MaxSubject} characters");
        if (string.IsNullOrWhiteSpace(body)) return new Problem("body", "the message is empty");
        if (body.Length > MaxBody) return new Problem("body", $"a message has at most {MaxBody} characters");
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Describe(params (string Key, string? Value)[] parts) =>
        string.Join(";", parts.Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}"));
}
