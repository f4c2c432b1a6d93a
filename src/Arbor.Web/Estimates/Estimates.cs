using System.Diagnostics;
using Arbor.Core;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Estimates;

/// <summary>The open period as last computed: the preview a close would store now, and when it was computed.</summary>
public sealed class Estimate(ComputedPeriod computed, DateTimeOffset computedAt, TimeSpan elapsed)
{
    private readonly Dictionary<long, int> _index = Index(computed.Snapshot.MemberIds);

    public ComputedPeriod Computed { get; } = computed;
    public string Period => Computed.Key.Key;
    public DateTimeOffset ComputedAt { get; } = computedAt;
    /// <summary>How long the computation took.</summary>
    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>The engine's number of a member (its index in the result's arrays); null when the member is not in the period (joined later, terminated).</summary>
    public int? IndexOf(long memberId) => _index.TryGetValue(memberId, out var i) ? i : null;

    /// <summary>A member's estimated earnings by bonus (by the engine's number), in bonus order; the lines are grouped once per estimate, at the first ask.</summary>
    public IReadOnlyList<(BonusType Bonus, long Cents)> ByBonus(int member) =>
        _byBonus.Value.TryGetValue(member, out var earned) ? earned : [];

    private readonly Lazy<Dictionary<int, (BonusType Bonus, long Cents)[]>> _byBonus = new(() =>
        computed.Result.Lines.GroupBy(l => l.Payee)
            .ToDictionary(p => p.Key, p => p.GroupBy(l => l.Bonus).Select(g => (g.Key, g.Sum(l => l.Cents))).OrderBy(b => b.Key).ToArray()));

    private static Dictionary<long, int> Index(long[] ids)
    {
        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++) index[ids[i]] = i;
        return index;
    }
}

/// <summary>
/// The open period's estimates that pages show, kept fresh: computed at start, and again in the
/// background after orders, returns or enrollments change (<see cref="Changed"/>). Changes are
/// debounced (a burst of orders costs one computation, <see cref="Quiet"/> after the last) and
/// computations run one at a time; pages never wait for one, they show the last with its time.
/// Changes made elsewhere (the command line, another server) are noticed by a cheap
/// <see cref="ChangeStamp"/> read every <see cref="Poll"/>.
/// </summary>
public sealed class EstimateService(ArborDatabase database, TimeProvider clock, ILogger<EstimateService> log) : BackgroundService
{
    /// <summary>How long after the last change a recomputation starts.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the database is asked whether anything changed behind the app's back.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    private ChangeStamp? _stamp;

    private readonly SemaphoreSlim _signal = new(0, 1);
    private volatile Estimate? _latest;
    private long _changes;
    private long _computedThrough = -1;

    /// <summary>The last computed estimate; null until the first computation ends (or when there is no company or no plan).</summary>
    public Estimate? Latest => _latest;

    /// <summary>The last problem that stopped a computation (no plan in force, say); null after a success.</summary>
    public Problem? Problem { get; private set; }

    /// <summary>How many changes were reported since start.</summary>
    public long ChangeCount => Interlocked.Read(ref _changes);

    /// <summary>Whether the latest estimate includes every change reported so far.</summary>
    public bool Fresh => Interlocked.Read(ref _computedThrough) >= ChangeCount;

    /// <summary>Orders, returns or members changed: recompute soon.</summary>
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
            if (!await _signal.WaitAsync(Poll, stoppingToken))
            {
                if (await ChangedElsewhereAsync(stoppingToken)) Interlocked.Increment(ref _changes);
                else continue;
            }
            // Debounce: wait until no change has come for Quiet.
            long seen;
            do
            {
                seen = ChangeCount;
                await Task.Delay(Quiet, stoppingToken);
            }
            while (ChangeCount != seen);
            await ComputeAsync(seen, stoppingToken);
        }
    }

    private async Task<bool> ChangedElsewhereAsync(CancellationToken ct)
    {
        try
        {
            return await ChangeStamp.ReadAsync(database, ct) != _stamp;
        }
        catch (System.Data.Common.DbException e)
        {
            log.LogWarning(e, "reading the change stamp failed");
            return false;
        }
    }

    private async Task ComputeAsync(long through, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            _stamp = await ChangeStamp.ReadAsync(database, ct);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var period = await OpenPeriod.OnAsync(database, today, ct);
            var computed = period.Ok ? await PeriodComputation.ComputeAsync(database, period.Value!.Key, plan: null, ct) : Outcome<ComputedPeriod>.Fail(period.Problem!);
            if (computed.Ok)
            {
                _latest = new Estimate(computed.Value!, clock.GetUtcNow(), started.Elapsed);
                Problem = null;
            }
            else
            {
                Problem = computed.Problem;
            }
            Interlocked.Exchange(ref _computedThrough, through);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed computation keeps the last estimate; the next change tries again.
            log.LogError(e, "computing the open period's estimates failed");
            Problem = new Problem("estimates", e.Message);
            Interlocked.Exchange(ref _computedThrough, through);
        }
    }
}
