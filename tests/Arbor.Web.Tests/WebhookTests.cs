using System.Text.Json;
using Arbor.Core.Ledger;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Periods;
using Arbor.Core.Tests;
using Arbor.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Tests;

/// <summary>Webhooks against a receiver the test runs: every event arrives signed, a receiver that fails for a while gets them later with the same ids, nothing is sent for a refused change.</summary>
[Collection(WebCollection.Name)]
public sealed class WebhookTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Every_event_arrives_signed_and_a_receiver_that_was_down_gets_them_later_with_the_same_ids(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        site.Clock.Now = new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero);
        using var receiver = new WebhookReceiver { Failing = true };

        var admin = await web.Browser.SignedInAsync(site, site.Admin.UserName);
        await admin.GotoAsync($"{site.BaseUrl}/admin/webhooks");
        await admin.FillAsync("#webhook-url", receiver.Url);
        await admin.ClickAsync("#add-webhook");
        receiver.Secret = (await admin.InnerTextAsync("#webhook-secret")).Trim();
        Assert.StartsWith("whsec_", receiver.Secret, StringComparison.Ordinal);
        await admin.AssertAccessibleAsync();

        // One of each change, through the use cases every host calls.
        var db = site.Database;
        var sponsor = site.Distributors[0].UserName;
        string sku;
        await using (var context = db.CreateContext()) sku = await context.Products.Select(p => p.Sku).OrderBy(s => s).FirstAsync();
        await using (var context = db.CreateContext())
        {
            (await new EnrollMember(context).RunAsync(new Enrollment("hooked", "hooked@example.com", "Hook Test", "DE", "de", new DateOnly(2026, 12, 20), sponsor))).Unwrap();
        }
        string number;
        await using (var context = db.CreateContext())
        {
            number = (await new PlaceOrder(context).RunAsync(new OrderRequest(new DateOnly(2026, 12, 21), [new Item(sku, 3)], MemberHandle: "hooked"))).Unwrap().Number;
            // A refused change sends nothing.
            Assert.False((await new PlaceOrder(context).RunAsync(new OrderRequest(new DateOnly(2026, 12, 21), [new Item("NO-SUCH-SKU", 1)], MemberHandle: "hooked"))).Ok);
        }
        await using (var context = db.CreateContext()) (await new ReturnOrder(context).RunAsync(new ReturnRequest(number, new DateOnly(2026, 12, 22), [new Item(sku, 1)]))).Unwrap();
        await using (var context = db.CreateContext()) (await new ChangeStatus(context).RunAsync(new StatusChange("hooked", "suspended", new DateOnly(2026, 12, 23), "test", "support"))).Unwrap();
        (await new ClosePeriod(db, site.Clock).RunAsync("2026-12")).Unwrap();
        var file = Path.Combine(Path.GetTempPath(), $"arbor-hooks-{Guid.NewGuid():N}.csv");
        (await new Payouts(db, site.Clock).ExportAsync("2026-12", file)).Unwrap();
        File.Delete(file);
        (await new Payouts(db, site.Clock).ConfirmAsync("2026-12")).Unwrap();

        // The receiver is down for its first few requests, then up.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (receiver.All.Count < 3 && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.True(receiver.All.Count >= 3, "no delivery was tried while the receiver was down");
        receiver.Failing = false;

        // Every event sent to the endpoint arrives (those before its registration, the demo's closes, are not for it), each once accepted, signed.
        List<string> stored;
        await using (var context = db.CreateContext())
        {
            stored = await context.WebhookEvents.Where(e => context.WebhookDeliveries.Any(d => d.EventId == e.Id)).Select(e => e.EventId).ToListAsync();
            Assert.Equal(7, stored.Count);
            await receiver.WaitForAsync(got => stored.All(id => got.Any(r => r.EventId == id)), seconds: 90);
            // The sender marks a delivery delivered when the receiver's answer reaches it, a moment
            // after the receiver has the event: wait for that too (a lost answer would be sent again).
            var settled = DateTime.UtcNow.AddSeconds(60);
            while (await context.WebhookDeliveries.CountAsync(d => d.State != "delivered") > 0 && DateTime.UtcNow < settled) await Task.Delay(100);
            Assert.Equal(0, await context.WebhookDeliveries.CountAsync(d => d.State != "delivered"));
        }
        var accepted = receiver.Accepted.ToList();
        Assert.Equal(stored.Order(StringComparer.Ordinal), accepted.Select(r => r.EventId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(receiver.All, r => Assert.True(r.SignatureValid, $"{r.Type} {r.EventId}: the signature does not verify"));
        // One event for each of the test's changes, carrying what changed.
        string Data(string type, string key, string value) =>
            accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(e => e.GetProperty("type").GetString() == type)
                .Select(e => e.GetProperty("data")).Single(d => d.GetProperty(key).ToString() == value).ToString();
        Assert.Contains("Hook Test", Data(WebhookEvents.MemberEnrolled, "handle", "hooked"), StringComparison.Ordinal);
        Assert.Contains("suspended", Data(WebhookEvents.MemberStatusChanged, "handle", "hooked"), StringComparison.Ordinal);
        Assert.Contains("hooked", Data(WebhookEvents.OrderPlaced, "number", number), StringComparison.Ordinal);
        Assert.Contains(number, Data(WebhookEvents.OrderReturned, "member", "hooked"), StringComparison.Ordinal);
        foreach (var type in new[] { WebhookEvents.PeriodClosed, WebhookEvents.PayoutsExported, WebhookEvents.PayoutsConfirmed })
        {
            Assert.Contains("2026-12", Data(type, "period", "2026-12"), StringComparison.Ordinal);
        }
        // Events the receiver refused while it was down came again later, with the same id and body.
        var retried = receiver.All.Where(r => !r.Answered200).ToList();
        Assert.NotEmpty(retried);
        Assert.All(retried, r => Assert.Contains(accepted, a => a.EventId == r.EventId && a.Body == r.Body));
        await admin.GotoAsync($"{site.BaseUrl}/admin/webhooks");
        Assert.Equal(Math.Min(100, stored.Count), await admin.Locator("#deliveries tr[data-state=delivered]").CountAsync());
        await admin.AssertAccessibleAsync();
        if (kind == "sqlite") await admin.ScreenshotAsync("admin-webhooks-en");
    }
}
