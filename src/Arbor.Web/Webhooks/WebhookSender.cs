using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Arbor.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Webhooks;

/// <summary>
/// Delivers the webhook outbox (docs/webhooks.md): every app server runs one, and each delivery is
/// claimed by one server at a time for <see cref="Lease"/> (<see cref="WebhookStore.ClaimAsync"/>).
/// A delivery is a POST of the event as JSON with its id, type and time in headers and an
/// HMAC-SHA256 signature of <c>timestamp.body</c> under the endpoint's secret
/// (<see cref="Signature"/>). A 2xx answer delivers it; anything else (another status, no answer
/// in <see cref="Timeout"/>) is tried again after 2, 4, 8 … seconds, at most an hour apart, until
/// <see cref="MaxAttempts"/>. A server that dies mid-delivery leaves its claim to lapse, and another
/// delivers the event again with the same id: receivers drop duplicates by <c>Arbor-Event-Id</c>.
/// Times are real time (the servers' clocks), like every lease.
/// </summary>
public sealed class WebhookSender(ArborDatabase database, IHttpClientFactory clients, ILogger<WebhookSender> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1), Lease = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(10);
    public const int MaxAttempts = 20;
    public const string ClientName = "webhooks";

    private readonly string _holder = $"webhooks:{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "delivering webhooks failed; trying again");
            }
            await Task.Delay(Every, stoppingToken);
        }
    }

    /// <summary>Claims what is due and delivers it, a few at a time.</summary>
    public async Task DeliverDueAsync(CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var claimed = await WebhookStore.ClaimAsync(database, _holder, now.ToUnixTimeMilliseconds(), (now + Lease).ToUnixTimeMilliseconds(), 20, ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (d, token) => await DeliverAsync(d, token));
    }

    private async Task DeliverAsync(ClaimedDelivery d, CancellationToken ct)
    {
        var body = $$"""{"id":"{{d.EventId}}","type":"{{d.Type}}","occurredAt":"{{DateTimeOffset.FromUnixTimeMilliseconds(d.OccurredAt):O}}","data":{{d.Payload}}}""";
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Arbor-Event-Id", d.EventId);
        request.Headers.Add("Arbor-Event-Type", d.Type);
        request.Headers.Add("Arbor-Timestamp", timestamp);
        request.Headers.Add("Arbor-Signature", $"v1={Signature(d.Secret, timestamp, body)}");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Arbor-Webhooks", "1"));
        int? status = null;
        string? error = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"answered {status}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"no answer in {Timeout.TotalSeconds:0} s" : e.Message;
        }
        var now = TimeProvider.System.GetUtcNow();
        var attempt = d.Attempts + 1;
        long? next = error is null || attempt >= MaxAttempts ? null : (now + Backoff(attempt)).ToUnixTimeMilliseconds();
        if (error is not null) log.LogInformation("webhook {Event} to {Url}: attempt {Attempt} failed ({Error})", d.EventId, d.Url, attempt, error);
        await WebhookStore.AttemptedAsync(database, d.Id, _holder, error is null, status, error, now.ToUnixTimeMilliseconds(), next, CancellationToken.None);
    }

    /// <summary>How long after the <paramref name="attempt"/>-th failure the next try comes: 2^n seconds, at most an hour.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(attempt, 12))));

    /// <summary>The <c>Arbor-Signature</c> value's hex digest: HMAC-SHA256 of <c>{timestamp}.{body}</c> under the secret.</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
