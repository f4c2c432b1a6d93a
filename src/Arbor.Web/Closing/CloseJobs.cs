using System.Globalization;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Closing;

/// <summary>A stage a close passed (<see cref="ClosePeriod"/>'s checkpoint names) and when.</summary>
public sealed record CloseStage(string Name, DateTimeOffset At);

/// <summary>One close of a period, running or ended: its stages so far and its result.</summary>
public sealed class CloseJob(string period, string actor, DateTimeOffset started)
{
    private readonly List<CloseStage> _stages = [];

    public string Period { get; } = period;
    public string Actor { get; } = actor;
    public DateTimeOffset Started { get; } = started;
    public bool Done { get; internal set; }
    public CloseReport? Report { get; internal set; }
    public Problem? Problem { get; internal set; }

    public IReadOnlyList<CloseStage> Stages
    {
        get
        {
            lock (_stages) return [.. _stages];
        }
    }

    internal void Reached(string stage, DateTimeOffset at)
    {
        lock (_stages) _stages.Add(new CloseStage(stage, at));
    }
}

/// <summary>
/// Closes periods in the background for the back office, one close at a time: a close takes
/// longer than a request should, and the page polls its stages meanwhile. The last job stays
/// visible (its stages and result) until the next one starts.
/// </summary>
public sealed class CloseJobs(ArborDatabase database, TimeProvider clock, EstimateService estimates, IHostApplicationLifetime lifetime, ILogger<CloseJobs> log)
{
    private readonly Lock _gate = new();
    private CloseJob? _current;

    /// <summary>The running close, or the last one that ended; null before the first.</summary>
    public CloseJob? Current => _current;

    public bool Running => _current is { Done: false };

    /// <summary>Starts closing <paramref name="period"/>; null when another close is running (the running one is <see cref="Current"/>).</summary>
    public CloseJob? Start(string period, string actor)
    {
        CloseJob job;
        lock (_gate)
        {
            if (Running) return null;
            job = new CloseJob(period, actor, clock.GetUtcNow());
            _current = job;
        }
        _ = Task.Run(() => RunAsync(job, lifetime.ApplicationStopping));
        return job;
    }

    private async Task RunAsync(CloseJob job, CancellationToken ct)
    {
        try
        {
            var closed = await new ClosePeriod(database, clock).RunAsync(job.Period, stage => job.Reached(stage, clock.GetUtcNow()), ct);
            if (closed.Ok)
            {
                var r = closed.Value!;
                await new AuditLog(database, clock).RecordAsync(job.Actor, "period-close", r.Period,
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
            log.LogError(e, "closing period {Period} failed", job.Period);
            job.Problem = new Problem("close", e.Message);
        }
        finally
        {
            job.Done = true;
        }
    }
}
