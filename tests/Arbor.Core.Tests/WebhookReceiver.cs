using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Arbor.Core.Tests;

/// <summary>A webhook as a receiver got it: its headers, body, and whether its signature verified under the receiver's secret.</summary>
public sealed record Received(string EventId, string Type, string Timestamp, string Body, bool SignatureValid, bool Answered200);

/// <summary>
/// A webhook receiver the tests run (an <see cref="HttpListener"/> on a free local port): it
/// records every request, checks the <c>Arbor-Signature</c> header, and answers 500 while
/// <see cref="Failing"/> is set (a receiver that is down for a while), else 200.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    /// <summary>A local port nobody listens on now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public WebhookReceiver()
    {
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Url { get; }

    /// <summary>The signing secret to check with (set once the endpoint is registered).</summary>
    public string Secret { get; set; } = "";

    /// <summary>While true, every request is recorded and answered 500.</summary>
    public volatile bool Failing;

    /// <summary>Every request, answered 2xx or not.</summary>
    public ConcurrentQueue<Received> All { get; } = new();

    /// <summary>The requests answered 200.</summary>
    public ConcurrentQueue<Received> Accepted { get; } = new();

    /// <summary>Waits until <paramref name="done"/> holds of what was accepted, or fails after <paramref name="seconds"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<Received>, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done([.. Accepted]))
        {
            if (DateTime.UtcNow > until) Assert.Fail($"the receiver got {Accepted.Count} accepted of {All.Count} requests: {string.Join(", ", All.Select(r => r.Type))}");
            await Task.Delay(200);
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = context.Request.Headers["Arbor-Timestamp"] ?? "";
            var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var failing = Failing;
            var received = new Received(context.Request.Headers["Arbor-Event-Id"] ?? "", context.Request.Headers["Arbor-Event-Type"] ?? "", timestamp, body,
                string.Equals(context.Request.Headers["Arbor-Signature"], expected, StringComparison.Ordinal), !failing);
            All.Enqueue(received);
            if (!failing) Accepted.Enqueue(received);
            context.Response.StatusCode = failing ? 500 : 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
