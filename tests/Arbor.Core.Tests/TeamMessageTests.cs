using Arbor.Core.Messages;
using Arbor.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

/// <summary>Team messages: a member reaches its own downline only; the company targets by rank, country and language; receipts and mutes.</summary>
public class TeamMessageTests
{
    /// <summary>ROOT ← A ← (A1 ← A11, A2), ROOT ← B; A2 is Dutch, highest rank Gold.</summary>
    private static async Task<TestDatabase> CompanyAsync(string kind)
    {
        var t = await MemberTests.CompanyAsync(kind);
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("A1", "A"), ("A11", "A1"));
        await using var db = t.Context();
        (await new EnrollMember(db).RunAsync(MemberTests.Person("A2", "A") with { Country = "NL", Language = "nl" })).Unwrap();
        var a2 = await db.Members.SingleAsync(m => m.Handle == "A2");
        a2.HighestRank = "Gold";
        await db.SaveChangesAsync();
        return t;
    }

    private static async Task<Dictionary<string, long>> IdsAsync(TestDatabase t)
    {
        await using var db = t.Context();
        return await db.Members.ToDictionaryAsync(m => m.Handle, m => m.Id);
    }

    private static async Task<List<string>> RecipientsAsync(TestDatabase t, long message)
    {
        await using var db = t.Context();
        return [.. (await (from r in db.MessageRecipients join m in db.Members on r.MemberId equals m.Id where r.MessageId == message select m.Handle).ToListAsync()).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_member_reaches_its_downline_by_level_rank_or_member_and_nobody_outside_it(string kind)
    {
        using var t = await CompanyAsync(kind);
        var id = await IdsAsync(t);
        await using var db = t.Context();
        var messages = new TeamMessages(db, FixedClock.On(2026, 3, 1));

        var all = (await messages.SendToDownlineAsync(id["A"], "A", "Meeting", "Tuesday at eight.", new DownlineAudience())).Unwrap();
        Assert.Equal(["A1", "A11", "A2"], await RecipientsAsync(t, all.Message.Id));
        var level = (await messages.SendToDownlineAsync(id["A"], "A", "Frontline", "Just you two.", new DownlineAudience(Level: 1))).Unwrap();
        Assert.Equal(["A1", "A2"], await RecipientsAsync(t, level.Message.Id));
        var gold = (await messages.SendToDownlineAsync(id["A"], "A", "Gold", "Well done.", new DownlineAudience(Rank: "Gold"))).Unwrap();
        Assert.Equal(["A2"], await RecipientsAsync(t, gold.Message.Id));
        var one = (await messages.SendToDownlineAsync(id["A"], "A", "Hi", "Hello A11.", new DownlineAudience(Member: "A11"))).Unwrap();
        Assert.Equal(["A11"], await RecipientsAsync(t, one.Message.Id));
        // Each recipient gets it by e-mail too.
        Assert.Equal(["a11@example.com", "a1@example.com", "a2@example.com"], (await db.Outbox.Where(o => o.Subject == "Meeting").Select(o => o.Recipient).ToListAsync()).Order(StringComparer.Ordinal));

        // Outside the downline: its sponsor, a sibling, itself; and a level with nobody: refused, nothing stored.
        var count = await db.Messages.CountAsync();
        foreach (var outside in new[] { "ROOT", "B", "A", "NOBODY" })
        {
            Assert.Equal(new Problem("to", $"no member '{outside}' in your downline"), (await messages.SendToDownlineAsync(id["A"], "A", "Psst", "Hello.", new DownlineAudience(Member: outside))).Problem);
        }
        Assert.Equal("to", (await messages.SendToDownlineAsync(id["B"], "B", "Anyone?", "Hello.", new DownlineAudience())).Problem!.Where);
        Assert.Equal("to", (await messages.SendToDownlineAsync(id["A"], "A", "Deep", "Hello.", new DownlineAudience(Level: 5))).Problem!.Where);
        Assert.Equal(count, await db.Messages.CountAsync());
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Announcements_are_targeted_receipts_count_reads_and_a_muted_sender_no_longer_arrives(string kind)
    {
        using var t = await CompanyAsync(kind);
        var id = await IdsAsync(t);
        await using var db = t.Context();
        var clock = FixedClock.On(2026, 3, 1);
        var messages = new TeamMessages(db, clock);

        var dutch = (await messages.AnnounceAsync("admin", "Nieuws", "Nieuwe producten.", new CompanyAudience(Country: "nl", Language: "nl"))).Unwrap();
        Assert.Equal(["A2"], await RecipientsAsync(t, dutch.Message.Id));
        var gold = (await messages.AnnounceAsync("admin", "Gold", "Gold event.", new CompanyAudience(Rank: "Gold"))).Unwrap();
        Assert.Equal(["A2"], await RecipientsAsync(t, gold.Message.Id));
        var everyone = (await messages.AnnounceAsync("admin", "All", "Hello all.", new CompanyAudience())).Unwrap();
        Assert.Equal(6, everyone.Recipients);
        Assert.Equal("to", (await messages.AnnounceAsync("admin", "None", "Nobody.", new CompanyAudience(Country: "JP"))).Problem!.Where);

        // A2 reads the Dutch one: the receipt counts it; the dashboard's unread announcements drop it.
        Assert.Equal(["All", "Gold", "Nieuws"], (await messages.UnreadAnnouncementsAsync(id["A2"])).Select(i => i.Message.Subject).Order(StringComparer.Ordinal));
        Assert.Equal("message", (await messages.ReadAsync(id["B"], dutch.Message.Id)).Problem!.Where);
        var read = (await messages.ReadAsync(id["A2"], dutch.Message.Id)).Unwrap();
        Assert.Equal(clock.GetUtcNow(), read.ReadAt);
        var (summary, receipts) = (await messages.ReceiptsAsync(null, dutch.Message.Id)).Unwrap();
        Assert.Equal((1, 1, "A2"), (summary.Recipients, summary.Read, receipts.Single().Handle));
        Assert.Equal(["All", "Gold"], (await messages.UnreadAnnouncementsAsync(id["A2"])).Select(i => i.Message.Subject).Order(StringComparer.Ordinal));
        // A member sees receipts of its own messages only.
        Assert.Equal("message", (await messages.ReceiptsAsync(id["A"], dutch.Message.Id)).Problem!.Where);

        // A11 mutes A: A's earlier message leaves its inbox and the next one does not reach it. The company cannot be muted.
        var first = (await messages.SendToDownlineAsync(id["A"], "A", "One", "First.", new DownlineAudience())).Unwrap();
        Assert.Equal("message", (await messages.MuteAsync(id["A11"], everyone.Message.Id, true)).Problem!.Where);
        (await messages.MuteAsync(id["A11"], first.Message.Id, true)).Unwrap();
        Assert.DoesNotContain("One", (await messages.InboxAsync(id["A11"])).Select(i => i.Message.Subject));
        var second = (await messages.SendToDownlineAsync(id["A"], "A", "Two", "Second.", new DownlineAudience())).Unwrap();
        Assert.Equal(["A1", "A2"], await RecipientsAsync(t, second.Message.Id));
        Assert.Equal(["A"], (await messages.MutedAsync(id["A11"])).Select(m => m.Handle));
        (await messages.UnmuteAsync(id["A11"], "A")).Unwrap();
        Assert.Contains("One", (await messages.InboxAsync(id["A11"])).Select(i => i.Message.Subject));

        // Many team messages after them do not push the unread announcements off the dashboard.
        for (var k = 0; k < 25; k++) (await messages.SendToDownlineAsync(id["A"], "A", $"Team {k}", "More.", new DownlineAudience())).Unwrap();
        Assert.DoesNotContain("All", (await messages.InboxAsync(id["A2"], 20)).Select(i => i.Message.Subject));
        Assert.Equal(["All", "Gold"], (await messages.UnreadAnnouncementsAsync(id["A2"])).Select(i => i.Message.Subject).Order(StringComparer.Ordinal));
    }
}
