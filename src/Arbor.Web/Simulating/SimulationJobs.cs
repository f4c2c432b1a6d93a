using System.Text.Json;
using Arbor.Core.Simulation;
using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Arbor.Web.Simulating;

/// <summary>What an admin asked to simulate: the plans (one, or two side by side), the scenario (and its YAML as stored), the size and the first seed.</summary>
public sealed record SimulationOrder(IReadOnlyList<Plan> Plans, Scenario Scenario, string ScenarioYaml, int Months, int Runs, int Seed)
{
    public string Title => string.Join(" against ", Plans.Select(p => p.Name));
}

/// <summary>A simulation, running or ended, as any app server sees it.</summary>
public sealed record SimulationJob(
    long Id, string Title, string Actor, DateTimeOffset Started, DateTimeOffset? Ended, int Months, int Runs, int Seed, string Scenario,
    int RunsDone, bool Done, bool Stopping, SimulationSummary? Summary, string? Problem)
{
    public bool Ok => Done && Summary is not null;
}

/// <summary>
/// Runs plan simulations (<see cref="MonteCarlo"/>) in the background for the back office, one at a
/// time across all app servers (lease <see cref="SimulationStore.Lease"/>), on all cores but one so
/// that the server keeps answering. The run is stored in <c>simulations</c>: the runs done are
/// written every few seconds, its summary and report files at its end, so any server shows it;
/// one whose server died shows as cut off once its lease runs out. Anyone may ask it to stop from
/// any server: its own server reads the request at its next heartbeat. Times are real time.
/// </summary>
public sealed class SimulationJobs(ArborDatabase database, IHostApplicationLifetime lifetime, ILogger<SimulationJobs> log)
{
    internal static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30), Heartbeat = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A simulation this server runs.</summary>
    private sealed class Running(long id, string holder, int runs)
    {
        private int _done;
        public long Id { get; } = id;
        public string Holder { get; } = holder;
        public int Runs { get; } = runs;
        public int Done => Volatile.Read(ref _done);
        public readonly CancellationTokenSource Stop = new();

        public void RunEnded() => Interlocked.Increment(ref _done);
    }

    private volatile Running? _mine;

    /// <summary>The latest simulations, newest first (the running one, if any, among them).</summary>
    public async Task<IReadOnlyList<SimulationJob>> LatestAsync(int count, CancellationToken ct = default) =>
        [.. (await SimulationStore.LatestAsync(database, TimeProvider.System.GetUtcNow(), count, ct)).Select(View)];

    public async Task<SimulationJob?> FindAsync(long id, CancellationToken ct = default) =>
        await SimulationStore.FindAsync(database, id, TimeProvider.System.GetUtcNow(), ct) is { } s ? View(s) : null;

    public Task<string?> FileAsync(long id, string name, CancellationToken ct = default) => SimulationStore.FileAsync(database, id, name, ct);

    /// <summary>Starts <paramref name="order"/>; null when a simulation is running on this or another server.</summary>
    public async Task<long?> StartAsync(SimulationOrder order, string actor, CancellationToken ct = default)
    {
        var holder = $"simulation:{Guid.NewGuid():N}";
        if (!await Leases.TryHoldAsync(database, SimulationStore.Lease, holder, TimeProvider.System.GetUtcNow(), LeaseLength, ct)) return null;
        var id = await SimulationStore.AddAsync(database, actor, holder, TimeProvider.System.GetUtcNow(), order.Title, order.Months, order.Runs, order.Seed, order.ScenarioYaml, ct);
        var job = new Running(id, holder, order.Runs);
        _mine = job;
        _ = Task.Run(() => RunAsync(job, order), CancellationToken.None);
        return id;
    }

    /// <summary>Asks simulation <paramref name="id"/> to stop; false when it is not running.</summary>
    public async Task<bool> StopAsync(long id, CancellationToken ct = default)
    {
        if (!await SimulationStore.RequestStopAsync(database, id, ct)) return false;
        if (_mine is { } mine && mine.Id == id) await mine.Stop.CancelAsync();
        return true;
    }

    private SimulationJob View(StoredSimulation s)
    {
        var summary = s.Summary is null ? null : JsonSerializer.Deserialize<SimulationSummary>(s.Summary, Json);
        // This server's own running simulation: its runs done from memory, not the last heartbeat.
        var done = _mine is { } mine && mine.Id == s.Id && !s.Done ? Math.Max(mine.Done, s.RunsDone) : s.RunsDone;
        var problem = s.Problem ?? (s.Alive ? null : "the app server running this simulation stopped before it ended: start it again");
        return new SimulationJob(s.Id, s.Title, s.Actor, s.Started, s.Ended, s.Months, s.Runs, s.Seed, s.Scenario, done, s.Done || !s.Alive,
            s.StopRequested && !s.Done, summary, problem);
    }

    private async Task RunAsync(Running job, SimulationOrder order)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(job.Stop.Token, lifetime.ApplicationStopping);
        using var beat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, beat.Token);
        string? summary = null, problem = null;
        IReadOnlyList<(string, string)> files = [];
        try
        {
            var report = MonteCarlo.Run(order.Scenario, order.Plans, order.Months, order.Runs, order.Seed,
                new Progress(job), Math.Max(1, Environment.ProcessorCount - 1), cancel.Token);
            files = SimulationFiles.Render(report);
            summary = JsonSerializer.Serialize(SimulationSummary.Of(report), Json);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            problem = lifetime.ApplicationStopping.IsCancellationRequested
                ? "the app server stopped before the simulation ended: start it again"
                : $"stopped on request after {job.Done} of {job.Runs} runs";
        }
        catch (Exception e)
        {
            log.LogError(e, "simulation {Id} failed", job.Id);
            problem = "the simulation failed: " + e.Message;
        }
        finally
        {
            await beat.CancelAsync();
            await heartbeat;
        }
        await FinishAsync(job, summary, problem, files);
    }

    private sealed class Progress(Running job) : IProgress<(int Done, int Runs)>
    {
        public void Report((int Done, int Runs) value) => job.RunEnded();
    }

    /// <summary>Keeps the lease, writes the runs done and reads whether someone asked to stop, every <see cref="Heartbeat"/>.</summary>
    private async Task HeartbeatAsync(Running job, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await Leases.TryHoldAsync(database, SimulationStore.Lease, job.Holder, TimeProvider.System.GetUtcNow(), LeaseLength, ct);
                    if (await SimulationStore.ProgressAsync(database, job.Id, job.Done, ct)) await job.Stop.CancelAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "simulation {Id}: the heartbeat failed; trying again", job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stores the end (one transaction), then gives the lease up; each retried a few times, as the end must not be lost to a busy database.</summary>
    private async Task FinishAsync(Running job, string? summary, string? problem, IReadOnlyList<(string, string)> files)
    {
        await RetriedAsync(job, "storing its end", () => SimulationStore.FinishAsync(database, job.Id, TimeProvider.System.GetUtcNow(), job.Done, summary, problem, files, CancellationToken.None));
        await RetriedAsync(job, "giving its lease up", () => Leases.ReleaseAsync(database, SimulationStore.Lease, job.Holder, CancellationToken.None));
    }

    private async Task RetriedAsync(Running job, string what, Func<Task> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                log.LogWarning(e, "simulation {Id}: {What} failed (attempt {Attempt}); retrying", job.Id, what, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
