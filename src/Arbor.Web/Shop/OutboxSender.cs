using Arbor.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Shop;

/// <summary>
/// STAND-IN for an e-mail sender: drains the outbox (order confirmations, shipping requests)
/// every few seconds and writes each message to the log instead of sending it. A real sender
/// replaces the log line with an SMTP or API call; claiming stays as it is (one server per message).
/// </summary>
public sealed class OutboxSender(ArborDatabase database, TimeProvider clock, ILogger<OutboxSender> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var m in await OutboxStore.ClaimAsync(database, clock.GetUtcNow(), 50, stoppingToken))
                {
                    log.LogInformation("outbox {Id} ({Kind}) to {Recipient}: {Subject}", m.Id, m.Kind, m.Recipient, m.Subject);
                }
            }
            catch (System.Data.Common.DbException e)
            {
                log.LogWarning(e, "draining the outbox failed; trying again");
            }
            await Task.Delay(Every, stoppingToken);
        }
    }
}
