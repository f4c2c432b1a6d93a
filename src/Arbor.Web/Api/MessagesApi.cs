using Arbor.Core;
using Arbor.Core.Messages;
using Arbor.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbor.Web.Api;

/// <summary>A message to send: a member's to its downline (level, rank, member), the company's (staff) to members by rank, country, language.</summary>
public sealed record MessageBody(string? Subject, string? Body, int? Level, string? Rank, string? Member, string? Country, string? Language);

public sealed record MuteBody(bool? Mute);

public sealed record InboxJson(long Id, string Subject, string Body, string? Sender, DateTimeOffset SentAt, DateTimeOffset? ReadAt)
{
    public static InboxJson From(InboxItem i) => new(i.Message.Id, i.Message.Subject, i.Message.Body, i.SenderHandle, i.Message.SentAt, i.ReadAt);
}

public sealed record SentJson(long Id, string Subject, string Audience, DateTimeOffset SentAt, int Recipients, int Read, IReadOnlyList<ReceiptJson>? Receipts = null)
{
    public static SentJson From(SentMessage s, IReadOnlyList<Receipt>? receipts = null) =>
        new(s.Message.Id, s.Message.Subject, s.Message.Audience, s.Message.SentAt, s.Recipients, s.Read, receipts?.Select(r => new ReceiptJson(r.Handle, r.ReadAt)).ToList());
}

public sealed record ReceiptJson(string Member, DateTimeOffset? ReadAt);

/// <summary>Team messages: a member's inbox, its messages to its own downline (nobody outside it), mutes; the company's announcements (staff).</summary>
public static class MessagesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var messages = api.MapGroup("/messages").WithTags("Messages");
        messages.MapGet("/", Inbox).Produces<IReadOnlyList<InboxJson>>().WithSummary("A member's inbox, newest first (staff: the company's announcements)");
        messages.MapPost("/", Send).RequireAuthorization(ApiAuth.Write).Accepts<MessageBody>("application/json").Produces<SentJson>(StatusCodes.Status201Created)
            .WithSummary("Send a message: a member to its downline, staff an announcement (Idempotency-Key required)");
        messages.MapGet("/{id}", Read).Produces<InboxJson>().WithSummary("Open a message of the inbox (its read receipt)");
        messages.MapGet("/{id}/receipts", Receipts).Produces<SentJson>().WithSummary("Who read a message the caller sent");
        messages.MapPost("/{id}/mute", Mute).RequireAuthorization(ApiAuth.Write).Accepts<MuteBody>("application/json").WithSummary("Mute (or unmute) the member who sent a message");
    }

    private static async Task<IResult> Inbox(ApiCaller caller, ArborContext db, TimeProvider clock, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var messages = new TeamMessages(db, clock);
        if (scope.Value is not { } self) return TypedResults.Ok((await messages.SentAsync(null, 100, ct)).Select(s => SentJson.From(s)).ToList());
        return TypedResults.Ok((await messages.InboxAsync(self.Id, 100, ct)).Select(InboxJson.From).ToList());
    }

    private static async Task<IResult> Send(ApiCaller caller, ArborContext db, TimeProvider clock, CancellationToken ct)
    {
        var body = await caller.BodyAsync<MessageBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var self = scope.Value;
        if (self is not null && (b.Country is not null || b.Language is not null)) return ApiResults.Refused(new Problem("country", "a member writes to its downline by level, rank or member"));
        if (self is null && (b.Level is not null || b.Member is not null)) return ApiResults.Refused(new Problem("level", "the company's announcements go by rank, country and language"));
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var messages = new TeamMessages(db, clock);
            var sent = self is null
                ? await messages.AnnounceAsync(caller.Principal, b.Subject ?? "", b.Body ?? "", new CompanyAudience(b.Rank, b.Country, b.Language), c)
                : await messages.SendToDownlineAsync(self.Id, caller.Principal, b.Subject ?? "", b.Body ?? "", new DownlineAudience(b.Level, b.Rank, b.Member), c);
            if (!sent.Ok) return sent.Problem!;
            return ApiCaller.Created($"/api/v1/messages/{sent.Value!.Message.Id}/receipts", SentJson.From(sent.Value));
        }, () => Task.CompletedTask, ct);
    }

    private static async Task<IResult> Read(ApiCaller caller, ArborContext db, TimeProvider clock, long id, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok || scope.Value is not { } self) return ApiResults.NotFound(new Problem("message", $"no message {id} for you"));
        var read = await new TeamMessages(db, clock).ReadAsync(self.Id, id, ct);
        return read.Ok ? TypedResults.Ok(InboxJson.From(read.Value!)) : ApiResults.NotFound(read.Problem!);
    }

    private static async Task<IResult> Receipts(ApiCaller caller, ArborContext db, TimeProvider clock, long id, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.NotFound(scope.Problem!);
        var found = await new TeamMessages(db, clock).ReceiptsAsync(scope.Value?.Id, id, ct);
        return found.Ok ? TypedResults.Ok(SentJson.From(found.Value.Message, found.Value.Receipts)) : ApiResults.NotFound(found.Problem!);
    }

    private static async Task<IResult> Mute(ApiCaller caller, ArborContext db, TimeProvider clock, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<MuteBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok || scope.Value is not { } self) return ApiResults.NotFound(new Problem("message", $"no message {id} for you"));
        var muted = await new TeamMessages(db, clock).MuteAsync(self.Id, id, body.Value.Body.Mute ?? true, ct);
        return muted.Ok ? TypedResults.NoContent() : ApiResults.NotFound(muted.Problem!);
    }
}
