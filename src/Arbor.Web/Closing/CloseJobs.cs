using System.Globalization;
using System.Text.Json;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Closing;

/// <summary>One close of a period, running or ended, as any app server sees it: its stages so far (<see cref="ClosePeriod"/>'s checkpoint names) and its result.</summary>
public sealed record CloseJob(string Period, string Actor, DateTimeOffset Started, IReadOnlyList<string> Stages, bool Done, CloseReport? Report, Problem? Problem);

/// <summary>
/// Closes periods in the background for the back office, one close at a time across all app
/// servers: a close takes longer than a request should, and the page polls its stages meanwhile.
/// The close is stored in <c>close_jobs</c> (<see cref="CloseJobStore"/>) and holds the
/// <see cref="CloseJobStore.Lease"/> lease while it runs, renewing it every few seconds and writing
/// the stages it passed; so any server shows it, and a close whose server died (its transaction
/// stored nothing) shows as cut off once the lease runs out, and a new one can start. The server
/// running a close answers from memory, so its own pages see each stage at once. The last close
/// stays visible until the next one starts. Lease times are real time (the servers' clocks), not
/// the app's business clock.
/// </summary>
public sealed class CloseJobs(ArborDatabase database, TimeProvider clock, EstimateService estimates, IHostApplicationLifetime lifetime, ILogger<CloseJobs> log)
{
    internal static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30), Heartbeat = TimeSpan.FromSeconds(3);

    /// <summary>A close this server runs (or ran last).</summary>
    private sealed class Running(long id, string holder, string period, string actor, DateTimeOffset started)
    {
        private readonly List<string> _stages = [];
        public long Id { get; } = id;
        public string Holder { get; } = holder;
        public volatile bool Done;
        public CloseReport? Report;
        public Problem? Problem;

        public IReadOnlyList<string> Stages
        {
            get
            {
                lock (_stages) return [.. _stages];
            }
        }

        public void Reached(string stage)
        {
            lock (_stages) _stages.Add(stage);
        }

        public CloseJob View() => new(period, actor, started, Stages, Done, Report, Problem);
    }

    private volatile Running? _mine;

    /// <summary>The running close, or the last one that ended, on any server; null before the first.</summary>
    public async Task<CloseJob?> CurrentAsync(CancellationToken ct = default)
    {
        var stored = await CloseJobStore.LatestAsync(database, TimeProvider.System.GetUtcNow(), ct);
        if (stored is null) return null;
        if (_mine is { } mine && mine.Id == stored.Id) return mine.View();
        var report = stored.Report is null ? null : JsonSerializer.Deserialize<CloseReport>(stored.Report);
        var problem = stored.Problem is { } p ? new Problem("close", p)
            : stored.Alive ? null
            : new Problem("close", $"the app server closing {stored.Period} stopped before the close ended: nothing was stored; start the close again");
        return new CloseJob(stored.Period, stored.Actor, stored.Started, stored.Stages, stored.Done || !stored.Alive, report, problem);
    }

    /// <summary>Starts closing <paramref name="period"/>; false when a close is running on this or another server (then it is <see cref="CurrentAsync"/>).</summary>
    public async Task<bool> StartAsync(string period, string actor, CancellationToken ct = default)
    {
        var holder = $"close:{Guid.NewGuid():N}";
        if (!await Leases.TryHoldAsync(database, CloseJobStore.Lease, holder, TimeProvider.System.GetUtcNow(), LeaseLength, ct)) return false;
        var started = clock.GetUtcNow();
        var id = await CloseJobStore.AddAsync(database, period, actor, holder, started, ct);
        var job = new Running(id, holder, period, actor, started);
        _mine = job;
        _ = Task.Run(() => RunAsync(job, period, actor, lifetime.ApplicationStopping), CancellationToken.None);
        return true;
    }

    private async Task RunAsync(Running job, string period, string actor, CancellationToken ct)
    {
        using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeat = HeartbeatAsync(job, beat.Token);
        try
        {
            // The actor approves the close when the company asks for four eyes (the page checked they did not prepare it).
            var closed = await new ClosePeriod(database, clock).RunAsync(period, job.Reached, ct, approver: actor);
            if (closed.Ok)
            {
                var r = closed.Value!;
                await new AuditLog(database, clock).RecordAsync(actor, "period-close", r.Period,
                    string.Create(CultureInfo.InvariantCulture, $"{r.Members} members, {r.Lines} payout lines, {r.Clawbacks} clawbacks, total payout {r.TotalPayout:0.00}"), ct);
                job.Report = r;
                // The open period reads the closed one's carries and ranks: its estimates change.
                estimates.Changed();
            }
            else
            {
                job.Problem = closed.Problem;
            }
        }
        catch (Exception e)
        {
            // The close's transaction was not committed: the period stays open.
            log.LogError(e, "closing period {Period} failed", period);
            job.Problem = new Problem("close", e.Message);
        }
        finally
        {
            await beat.CancelAsync();
            await heartbeat;
            job.Done = true;
            await FinishAsync(job);
        }
    }

    /// <summary>Keeps the lease and writes the stages passed, every <see cref="Heartbeat"/>, while the close runs.</summary>
    private async Task HeartbeatAsync(Running job, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await Leases.TryHoldAsync(database, CloseJobStore.Lease, job.Holder, TimeProvider.System.GetUtcNow(), LeaseLength, ct);
                    await CloseJobStore.SaveAsync(database, job.Id, job.Stages, done: false, null, null, ct);
                }
                catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
                {
                    // SQLite: the close's own transaction holds the one write lock; this server shows the stages from memory meanwhile.
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stores how the close ended and gives the lease up; retried a few times, as the end must not be lost to a busy database.</summary>
    private async Task FinishAsync(Running job)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CloseJobStore.SaveAsync(database, job.Id, job.Stages, done: true,
                    job.Report is { } r ? JsonSerializer.Serialize(r) : null, job.Report is null ? job.Problem?.Message ?? "the close ended without a result" : null, CancellationToken.None);
                await Leases.ReleaseAsync(database, CloseJobStore.Lease, job.Holder, CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                log.LogWarning(e, "storing the end of the close of {Period} failed (attempt {Attempt}); retrying", job.View().Period, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
