using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine.Explain;

namespace Arbor.Core.Tests;

/// <summary>The open period's estimate computed on one app server and read on the others: the lease, the store, the stored form.</summary>
public class SharedEstimateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(15);

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Request_counts_add_up_within_a_window_start_again_in_the_next_and_ignore_a_late_server(string kind)
    {
        using var test = TestDatabase.Create(kind);
        var db = test.Database;
        Assert.Equal(10, await RequestCounts.AddAsync(db, "token:1", 1_000, 10));
        Assert.Equal(20, await RequestCounts.AddAsync(db, "token:1", 1_000, 10));
        Assert.Equal(5, await RequestCounts.AddAsync(db, "token:2", 1_000, 5));
        // The next window starts from what it adds; a server whose clock is still in the last window adds nothing.
        Assert.Equal(3, await RequestCounts.AddAsync(db, "token:1", 2_000, 3));
        Assert.Null(await RequestCounts.AddAsync(db, "token:1", 1_000, 10));
        Assert.Equal(4, await RequestCounts.AddAsync(db, "token:1", 2_000, 1));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_lease_has_one_holder_until_it_runs_out_or_is_given_up(string kind)
    {
        using var test = TestDatabase.Create(kind);
        var db = test.Database;
        Assert.True(await Leases.TryHoldAsync(db, "job", "a", Noon, Length));
        Assert.False(await Leases.TryHoldAsync(db, "job", "b", Noon.AddSeconds(14), Length));
        Assert.True(await Leases.TryHoldAsync(db, "other-job", "b", Noon, Length));

        // The holder renews it: at 14 s it runs until 29 s, so b is still refused at 20 s.
        Assert.True(await Leases.TryHoldAsync(db, "job", "a", Noon.AddSeconds(14), Length));
        Assert.False(await Leases.TryHoldAsync(db, "job", "b", Noon.AddSeconds(20), Length));

        // Run out (a holder that died): b takes it, and a, come back, is refused.
        Assert.True(await Leases.TryHoldAsync(db, "job", "b", Noon.AddSeconds(30), Length));
        Assert.False(await Leases.TryHoldAsync(db, "job", "a", Noon.AddSeconds(31), Length));

        // Given up: free at once.
        await Leases.ReleaseAsync(db, "job", "a", default); // not a's: nothing happens
        Assert.False(await Leases.TryHoldAsync(db, "job", "a", Noon.AddSeconds(32), Length));
        await Leases.ReleaseAsync(db, "job", "b", default);
        Assert.True(await Leases.TryHoldAsync(db, "job", "a", Noon.AddSeconds(32), Length));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Only_the_lease_holder_stores_an_estimate_and_each_store_is_a_new_version(string kind)
    {
        using var test = TestDatabase.Create(kind);
        var db = test.Database;
        Assert.Equal(0, await SharedEstimates.VersionAsync(db));
        Assert.Null(await SharedEstimates.StoreAsync(db, "a", [1, 2, 3]));
        Assert.Null(await SharedEstimates.ReadAsync(db));

        Assert.True(await Leases.TryHoldAsync(db, SharedEstimates.Lease, "a", Noon, Length));
        Assert.Equal(1, await SharedEstimates.StoreAsync(db, "a", [1, 2, 3]));
        Assert.Null(await SharedEstimates.StoreAsync(db, "b", [9]));
        Assert.Equal(2, await SharedEstimates.StoreAsync(db, "a", [4, 5]));
        var stored = (await SharedEstimates.ReadAsync(db))!.Value;
        Assert.Equal(2, stored.Version);
        Assert.Equal([4, 5], stored.Data);
        Assert.Equal(2, await SharedEstimates.VersionAsync(db));
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task A_stored_estimate_reads_back_as_every_members_figures_earnings_and_next_rank_gaps_of_the_computation(string kind)
    {
        using var test = TestDatabase.Create(kind);
        (await new DemoCompany(test.Database).SeedAsync(new DemoOptions(300, 5, new DateOnly(2026, 10, 31)))).Unwrap();
        var computed = (await PeriodComputation.ComputeAsync(test.Database, "2026-10")).Unwrap();
        var stamp = await ChangeStamp.ReadAsync(test.Database);
        var written = OpenEstimate.From(computed, stamp, Noon, TimeSpan.FromMilliseconds(1234));
        using var bytes = new MemoryStream();
        written.WriteTo(bytes);
        bytes.Position = 0;
        var read = OpenEstimate.ReadFrom(bytes);

        var r = computed.Result;
        Assert.Equal(("2026-10", Noon, TimeSpan.FromMilliseconds(1234), stamp), (read.Period, read.ComputedAt, read.Elapsed, read.Stamp));
        Assert.Equal(computed.Plan.Ranks.Select(k => k.Name), read.RankNames);
        Assert.Equal((r.TotalCv, r.TotalPayoutCents + computed.Clawbacks.Sum(c => c.Cents), r.ActiveMembers), (read.TotalCv, read.TotalPayoutCents, read.ActiveMembers));
        Assert.Equal(300, read.Count);
        var earnedSomething = 0;
        for (var m = 0; m < r.Network.Count; m++)
        {
            var i = read.IndexOf(computed.Snapshot.MemberIds[m])!.Value;
            Assert.Equal((r.Pv[m], r.Gv[m], r.Active[m], r.Rank[m], r.HighestRank[m], r.EarningsCents[m]),
                (read.Pv(i), read.Gv(i), read.Active(i), read.Rank(i), read.HighestRank(i), read.EarningsCents(i)));
            var byBonus = r.Lines.Where(l => l.Payee == m).GroupBy(l => l.Bonus).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(l => l.Cents))).ToArray();
            Assert.Equal(byBonus, read.ByBonus(i).ToArray());
            Assert.Equal(NextRank.Of(r, m), read.Next(i));
            if (byBonus.Length > 1) earnedSomething++;
        }
        Assert.True(earnedSomething > 10, $"only {earnedSomething} members earn from two bonuses or more: the check above says little");
        Assert.Null(read.IndexOf(-1));
    }
}
