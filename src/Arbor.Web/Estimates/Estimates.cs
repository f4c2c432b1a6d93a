using System.Diagnostics;
using Arbor.Core;
using Arbor.Core.Periods;
using Arbor.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Estimates;

/// <summary>
/// The open period's estimates that pages and the API show, kept fresh and computed once across
/// all app servers on the database. The server that holds the <c>estimate</c> lease computes:
/// at start, after orders, returns or enrollments change (<see cref="Changed"/>; debounced, a
/// burst of orders costs one computation, <see cref="Quiet"/> after the last), and when another
/// program changed the data (a cheap <see cref="ChangeStamp"/> read every <see cref="Tick"/>). It
/// stores each estimate in the database; every other server reads the stored one when its version
/// changes. Pages never wait for a computation: they show the last one with its time. When the
/// holder dies, another server takes the lease once it has run out (<see cref="LeaseLength"/>).
/// </summary>
public sealed class EstimateService(ArborDatabase database, TimeProvider clock, ILogger<EstimateService> log) : BackgroundService
{
    /// <summary>How long after the last change a recomputation starts.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the lease is renewed or sought, and the database asked for changes (holder) or a newer stored estimate (others).</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    /// <summary>How long a holder that stopped renewing keeps the lease.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(15);

    /// <summary>The longest a computation waits for quiet: under a steady stream of orders the estimate is still renewed this often.</summary>
    public static readonly TimeSpan MostDelay = TimeSpan.FromSeconds(5);

    private const byte StoredEstimate = 0;
    private const byte StoredProblem = 1;

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _signal = new(0, 1);
    private volatile OpenEstimate? _latest;
    private long _changes;
    private long _computedThrough = -1;
    private long _version;
    private ChangeStamp? _computedStamp;

    /// <summary>The last computed estimate; null until the first computation ends (or when there is no company or no plan).</summary>
    public OpenEstimate? Latest => _latest;

    /// <summary>The last problem that stopped a computation (no plan in force, say); null after a success.</summary>
    public Problem? Problem { get; private set; }

    /// <summary>True while this server holds the lease and so computes the estimates for all.</summary>
    public bool Computes { get; private set; }

    /// <summary>How many changes were reported since start.</summary>
    public long ChangeCount => Interlocked.Read(ref _changes);

    /// <summary>Whether the latest estimate includes every change reported so far.</summary>
    public bool Fresh => Interlocked.Read(ref _computedThrough) >= ChangeCount;

    /// <summary>Orders, returns or members changed: recompute soon (on the holder; another server's holder notices within <see cref="Tick"/>).</summary>
    public void Changed()
    {
        Interlocked.Increment(ref _changes);
        Wake();
    }

    /// <summary>Completes when an estimate that includes every change reported so far is in place (tests and benchmarks).</summary>
    public async Task WaitFreshAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var until = Stopwatch.StartNew();
        while (!Fresh || _latest is null && Problem is null)
        {
            if (until.Elapsed > timeout) throw new TimeoutException($"no fresh estimate within {timeout.TotalSeconds:F0} s");
            await Task.Delay(20, ct);
        }
    }

    private void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the pending computation will include this change.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Changed();
        while (!stoppingToken.IsCancellationRequested)
        {
            // The holder wakes on changes; the others only every tick (a change here concerns the holder, which reads the stamp).
            bool signalled;
            if (Computes || _version == 0 && _latest is null)
            {
                signalled = await _signal.WaitAsync(Tick, stoppingToken);
            }
            else
            {
                await Task.Delay(Tick, stoppingToken);
                signalled = false;
            }
            try
            {
                Computes = await Leases.TryHoldAsync(database, SharedEstimates.Lease, _holder, clock.GetUtcNow(), LeaseLength, stoppingToken);
                if (Computes) await ComputeIfStaleAsync(signalled, stoppingToken);
                else await FollowAsync(stoppingToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
            {
                // SQLite busy with another writer: the lease outlasts many ticks, the next one tries again.
                log.LogDebug(e, "the estimate lease waited for another writer");
            }
            catch (System.Data.Common.DbException e)
            {
                log.LogWarning(e, "the estimate lease or the stored estimate could not be reached");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!Computes) return;
        try
        {
            await Leases.ReleaseAsync(database, SharedEstimates.Lease, _holder, cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            log.LogWarning(e, "giving up the estimate lease failed; another server takes it when it runs out");
        }
    }

    private async Task ComputeIfStaleAsync(bool signalled, CancellationToken ct)
    {
        if (!signalled && _computedStamp is not null && await ChangeStamp.ReadAsync(database, ct) == _computedStamp && await SharedEstimates.VersionAsync(database, ct) == _version) return;
        // Debounce: wait until no change has come for Quiet, or MostDelay at most.
        var waited = Stopwatch.StartNew();
        long seen;
        do
        {
            seen = ChangeCount;
            await Task.Delay(Quiet, ct);
        }
        while (ChangeCount != seen && waited.Elapsed < MostDelay);
        // Keep the lease while computing (a big company takes seconds), so no other server starts the same work.
        using var computing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(computing.Token);
        try
        {
            await ComputeAsync(seen, ct);
        }
        finally
        {
            await computing.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Tick, ct);
                await Leases.TryHoldAsync(database, SharedEstimates.Lease, _holder, clock.GetUtcNow(), LeaseLength, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The computation ended.
        }
        catch (System.Data.Common.DbException e)
        {
            log.LogWarning(e, "renewing the estimate lease failed");
        }
    }

    private async Task ComputeAsync(long through, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var stamp = _computedStamp = await ChangeStamp.ReadAsync(database, ct);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var period = await OpenPeriod.OnAsync(database, today, ct);
            var computed = period.Ok ? await PeriodComputation.ComputeAsync(database, period.Value!.Key, plan: null, ct) : Outcome<ComputedPeriod>.Fail(period.Problem!);
            if (computed.Ok) await PublishAsync(OpenEstimate.From(computed.Value!, stamp, clock.GetUtcNow(), started.Elapsed), null, through, ct);
            else await PublishAsync(null, computed.Problem, through, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed computation keeps the last estimate; the next change tries again.
            log.LogError(e, "computing the open period's estimates failed");
            Problem = new Problem("estimates", e.Message);
        }
        Interlocked.Exchange(ref _computedThrough, through);
    }

    /// <summary>Shows the estimate (or the problem) here and stores it for the other servers.</summary>
    private async Task PublishAsync(OpenEstimate? estimate, Problem? problem, long through, CancellationToken ct)
    {
        if (estimate is not null) _latest = estimate;
        Problem = problem;
        Interlocked.Exchange(ref _computedThrough, through);
        using var bytes = new MemoryStream();
        if (estimate is not null)
        {
            bytes.WriteByte(StoredEstimate);
            estimate.WriteTo(bytes);
        }
        else
        {
            bytes.WriteByte(StoredProblem);
            using var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(problem!.Where);
            w.Write(problem.Message);
        }
        if (await SharedEstimates.StoreAsync(database, _holder, bytes.ToArray(), ct) is { } version) _version = version;
    }

    /// <summary>Not the holder: read the stored estimate when it is newer than the one shown.</summary>
    private async Task FollowAsync(CancellationToken ct)
    {
        var seen = ChangeCount;
        if (await SharedEstimates.VersionAsync(database, ct) != _version && await SharedEstimates.ReadAsync(database, ct) is { } stored)
        {
            using var bytes = new MemoryStream(stored.Data);
            if (bytes.ReadByte() == StoredEstimate)
            {
                _latest = OpenEstimate.ReadFrom(bytes);
                Problem = null;
            }
            else
            {
                using var r = new BinaryReader(bytes);
                Problem = new Problem(r.ReadString(), r.ReadString());
            }
            _version = stored.Version;
        }
        if (!Fresh && (_latest is null ? Problem is not null : await ChangeStamp.ReadAsync(database, ct) == _latest.Stamp))
        {
            Interlocked.Exchange(ref _computedThrough, seen);
        }
    }
}
