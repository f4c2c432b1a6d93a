using Arbor.Core.Orders;
using Arbor.Core.Tests;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Tests;

/// <summary>Two app servers on one database compute the open period's estimate once: one holds the lease and computes, the other reads what it stored.</summary>
public sealed class SharedEstimateTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task One_server_computes_the_estimate_the_other_reads_it_and_takes_over_when_the_first_stops(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        var first = site.App.Services.GetRequiredService<EstimateService>();
        await first.WaitFreshAsync(TimeSpan.FromSeconds(60));
        Assert.True(first.Computes);

        var second = WebApp.Build(new WebOptions(site.Database, ["http://127.0.0.1:0"]) { Clock = site.Clock });
        await second.StartAsync();
        try
        {
            Assert.NotNull(second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>());
            var other = second.Services.GetRequiredService<EstimateService>();
            await other.WaitFreshAsync(TimeSpan.FromSeconds(30));
            Assert.False(other.Computes);
            // Read, not computed: the very estimate the first server made, down to its time.
            Assert.Equal((first.Latest!.Period, first.Latest.ComputedAt, first.Latest.Stamp), (other.Latest!.Period, other.Latest.ComputedAt, other.Latest.Stamp));

            // An order stored by another program: the holder notices it, computes, and the second server shows the new figure.
            await using var db = site.Database.CreateContext();
            var member = await db.Members.AsNoTracking().Where(m => m.Status == "active" && m.SponsorId != null).OrderBy(m => m.Id).FirstAsync();
            var i = other.Latest.IndexOf(member.Id)!.Value;
            var before = other.Latest.Pv(i);
            var order = (await new PlaceOrder(db).RunAsync(new OrderRequest(TestSite.Today, [new Item("BOOST", 1)], MemberHandle: member.Handle))).Unwrap();
            await Until(() => other.Latest.Pv(other.Latest.IndexOf(member.Id)!.Value) == before + order.Pv, "the second server to show the order's PV");
            Assert.Equal(first.Latest.ComputedAt, other.Latest.ComputedAt);
            Assert.False(other.Computes);

            // The holder stops (and gives the lease up): the second server computes from then on.
            await site.App.StopAsync();
            await Until(() => other.Computes, "the second server to take the lease");
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"waited 30 s for {what}");
            await Task.Delay(50);
        }
    }
}
