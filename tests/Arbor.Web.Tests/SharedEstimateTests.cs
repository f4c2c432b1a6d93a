using Arbor.Core.Orders;
using Arbor.Core.Tests;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Tests;

/// <summary>Two app servers on one database: the open period's estimate computed once (one holds the lease and computes, the other reads what it stored); a close started on one seen on the other.</summary>
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

    [Theory, OnSqlite, OnPostgres]
    public async Task A_close_started_on_one_server_is_seen_on_the_other_and_one_cut_off_with_its_server_frees_the_way(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 40);
        site.Clock.Now = new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero);
        var second = WebApp.Build(new WebOptions(site.Database, ["http://127.0.0.1:0"]) { Clock = site.Clock });
        await second.StartAsync();
        try
        {
            var here = site.App.Services.GetRequiredService<Closing.CloseJobs>();
            var there = second.Services.GetRequiredService<Closing.CloseJobs>();
            Assert.Null(await there.CurrentAsync());
            Assert.True(await here.StartAsync("2026-12", "admin"));

            // The other server reads the close from the database: its period, then its stages and report once it ended.
            Assert.Equal("2026-12", (await there.CurrentAsync())!.Period);
            Closing.CloseJob? seen = null;
            await UntilAsync(async () => (seen = await there.CurrentAsync()) is { Done: true }, "the other server to see the close end");
            var mine = (await here.CurrentAsync())!;
            Assert.Equal(("2026-12", "admin", true), (seen!.Period, seen.Actor, seen.Done));
            Assert.Equal(mine.Report, seen.Report);
            Assert.Equal(mine.Stages, seen.Stages);
            Assert.NotEmpty(seen.Stages);
            Assert.Null(seen.Problem);
            await using (var db = site.Database.CreateContext())
            {
                Assert.Equal(seen.Report!.TotalPayout, (await db.Periods.SingleAsync(p => p.Key == "2026-12")).TotalPayout);
            }

            // A close whose server died: started, never ended, its lease gone. Both servers say so, and a new close may start.
            await Data.CloseJobStore.AddAsync(site.Database, "2027-01", "ghost", "close:dead-server", site.Clock.GetUtcNow());
            var cut = (await there.CurrentAsync())!;
            Assert.Equal(("2027-01", true), (cut.Period, cut.Done));
            Assert.Null(cut.Report);
            Assert.Contains("stopped before the close ended: nothing was stored", cut.Problem!.Message, StringComparison.Ordinal);
            Assert.True(await there.StartAsync("2027-01", "admin"));
            await UntilAsync(async () => await here.CurrentAsync() is { Done: true, Actor: "admin" }, "the new close to end");
            // January 2027 has not ended on 2 January: the close refuses, and says why, on both servers.
            var refused = (await here.CurrentAsync())!;
            Assert.Null(refused.Report);
            Assert.DoesNotContain("stopped before", refused.Problem!.Message, StringComparison.Ordinal);
            Assert.Equal(refused.Problem.Message, (await there.CurrentAsync())!.Problem!.Message);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"waited 60 s for {what}");
            await Task.Delay(100);
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
