using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Arbor.Core.Audit;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Webhooks;

/// <summary>
/// The events integrations hear about (docs/webhooks.md). Each is written to the outbox in the
/// transaction of the change it reports — the change and its event are stored together or not
/// at all — with one delivery per registered endpoint that wants its type; the app servers
/// deliver them afterwards. An event's time is the database's clock when the change was stored, not the business clock.
/// </summary>
public static class WebhookEvents
{
    public const string MemberEnrolled = "member.enrolled", MemberStatusChanged = "member.status_changed", OrderPlaced = "order.placed",
        OrderReturned = "order.returned", PeriodClosed = "period.closed", PayoutsExported = "payouts.exported", PayoutsConfirmed = "payouts.confirmed";

    public static readonly IReadOnlyList<string> All = [MemberEnrolled, MemberStatusChanged, OrderPlaced, OrderReturned, PeriodClosed, PayoutsExported, PayoutsConfirmed];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes an event in <paramref name="db"/>'s open transaction (a use case's: it must have one).</summary>
    public static Task StageAsync(ArborContext db, string type, object data, CancellationToken ct) =>
        AddAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException($"a {type} event is written in the change's transaction, and there is none"), type, data, ct);

    /// <summary>Writes an event in the caller's transaction on <paramref name="connection"/>.</summary>
    public static Task AddAsync(DbConnection connection, DbTransaction tx, string type, object data, CancellationToken ct) =>
        WebhookStore.AddAsync(connection, tx, $"evt_{Guid.NewGuid():N}", type, JsonSerializer.Serialize(data, Json), ct);
}

/// <summary>A registered endpoint as the back office lists it; the secret only on registration.</summary>
public sealed record EndpointView(long Id, string Url, IReadOnlyList<string> Events, bool Active, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A delivery as the back office lists it.</summary>
public sealed record DeliveryView(long Id, string EventId, string Type, string Url, string State, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset OccurredAt, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt);

/// <summary>Registering and listing webhook endpoints, and what was delivered to them (admins; audited).</summary>
public sealed class WebhookEndpoints(ArborDatabase database, TimeProvider clock)
{
    /// <summary>Registers an endpoint for <paramref name="events"/> (empty: all); its secret is returned this once.</summary>
    public async Task<Outcome<(EndpointView Endpoint, string Secret)>> RegisterAsync(string actor, string url, IReadOnlyCollection<string> events, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 500)
        {
            return new Problem("url", $"'{url}' is not an http or https address");
        }
        if (events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
        {
            return new Problem("events", $"'{unknown}' is not an event type: use {string.Join(", ", WebhookEvents.All)}");
        }
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var db = database.CreateContext();
        var endpoint = new WebhookEndpoint
        {
            Url = uri.ToString(), Events = events.Count == 0 ? "*" : string.Join(',', WebhookEvents.All.Where(events.Contains)), Secret = secret, Active = true,
            CreatedBy = actor, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.WebhookEndpoints.Add(endpoint);
        AuditLog.Stage(db, clock, actor, "webhook-add", endpoint.Url, endpoint.Events);
        await db.SaveChangesAsync(ct);
        return (View(endpoint), secret);
    }

    /// <summary>Stops sending to an endpoint (its pending deliveries stay, and go nowhere).</summary>
    public async Task<Outcome<EndpointView>> DisableAsync(string actor, long id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return new Problem("endpoint", $"no webhook endpoint {id}");
        endpoint.Active = false;
        AuditLog.Stage(db, clock, actor, "webhook-disable", endpoint.Url, "");
        await db.SaveChangesAsync(ct);
        return View(endpoint);
    }

    public async Task<IReadOnlyList<EndpointView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return [.. (await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct)).Select(View)];
    }

    /// <summary>The newest deliveries first.</summary>
    public async Task<IReadOnlyList<DeliveryView>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await (from d in db.WebhookDeliveries.AsNoTracking()
                          join e in db.WebhookEvents.AsNoTracking() on d.EventId equals e.Id
                          join p in db.WebhookEndpoints.AsNoTracking() on d.EndpointId equals p.Id
                          orderby d.Id descending
                          select new { d, e.EventId, e.Type, e.OccurredAt, p.Url }).Take(count).ToListAsync(ct);
        return [.. rows.Select(r => new DeliveryView(r.d.Id, r.EventId, r.Type, r.Url, r.d.State, r.d.Attempts, r.d.LastStatus, r.d.LastError,
            Time(r.OccurredAt), r.d.DeliveredAt is { } at ? Time(at) : null, Time(r.d.NextAttemptAt)))];
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static EndpointView View(WebhookEndpoint e) =>
        new(e.Id, e.Url, e.Events == "*" ? [] : e.Events.Split(','), e.Active, e.CreatedBy, Time(e.CreatedAt));
}
