using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Arbor.Core.Api;
using Arbor.Core.Demo;
using Arbor.Core.Tests;
using Arbor.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Cli.Tests;

/// <summary>
/// An app server killed for real (<c>kill -9</c>) after a change and before its webhook was
/// delivered loses no event: the event was stored with the change, and another server delivers
/// it, with the id the receiver would drop a duplicate by.
/// </summary>
public class WebhookKillTests
{
    /// <summary>Starts <c>arbor serve</c> on the company's database as a process of its own, and waits until it listens.</summary>
    private static async Task<Process> ServeAsync(TestDatabase t, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "arbor.dll"), "serve", "--db", CloseKillTests.DbArgument(t), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }
        var server = Process.Start(start)!;
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await server.StandardOutput.ReadLineAsync(ready.Token) is { } line)
        {
            if (line.StartsWith("Arbor on", StringComparison.Ordinal)) return server;
        }
        server.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"arbor serve did not start: {await server.StandardError.ReadToEndAsync()}");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_server_killed_between_a_change_and_its_delivery_loses_no_event(string kind)
    {
        using var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(60, 5, new DateOnly(2026, 3, 31)))).Unwrap();
        using var receiver = new WebhookReceiver { Failing = true };
        string token, member;
        await using (var db = t.Database.CreateContext())
        {
            receiver.Secret = (await new WebhookEndpoints(t.Database, TimeProvider.System).RegisterAsync("test", receiver.Url, [WebhookEvents.MemberStatusChanged])).Unwrap().Secret;
            token = (await new AccessTokens(db, TimeProvider.System).CreateAsync("test", "write", "test")).Unwrap().Secret;
            member = await db.Members.Where(m => m.SponsorId != null && m.Status == "active").OrderBy(m => m.Id).Select(m => m.Handle).FirstAsync();
        }

        // A server of its own process: the change goes through its API, the receiver is down, and the server is killed.
        var port = WebhookReceiver.FreePort();
        using (var server = await ServeAsync(t, port))
        {
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var changed = await http.PostAsync($"/api/v1/members/{member}/status",
                    new StringContent("""{"status":"suspended","reason":"kill test"}""", Encoding.UTF8, "application/json"));
                Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
                // The server tries to deliver it and the receiver refuses: the event is not delivered when the server dies.
                var until = DateTime.UtcNow.AddSeconds(30);
                while (receiver.All.IsEmpty && DateTime.UtcNow < until) await Task.Delay(100);
                Assert.False(receiver.All.IsEmpty, "the server never tried to deliver the event");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        Assert.Empty(receiver.Accepted);
        string eventId;
        await using (var db = t.Database.CreateContext())
        {
            eventId = await db.WebhookEvents.Where(e => e.Type == WebhookEvents.MemberStatusChanged).Select(e => e.EventId).SingleAsync();
            Assert.Equal("pending", await db.WebhookDeliveries.Select(d => d.State).SingleAsync());
        }

        // Another server, the receiver back: the event arrives, with the id of the refused attempt.
        receiver.Failing = false;
        using (var other = await ServeAsync(t, WebhookReceiver.FreePort()))
        {
            try
            {
                await receiver.WaitForAsync(got => got.Count > 0, seconds: 90);
            }
            finally
            {
                other.Kill(entireProcessTree: true);
                await other.WaitForExitAsync();
            }
        }
        var delivered = Assert.Single(receiver.Accepted);
        Assert.Equal(eventId, delivered.EventId);
        Assert.True(delivered.SignatureValid);
        Assert.All(receiver.All, r => Assert.Equal(eventId, r.EventId));
        Assert.Contains(member, delivered.Body, StringComparison.Ordinal);
    }
}
