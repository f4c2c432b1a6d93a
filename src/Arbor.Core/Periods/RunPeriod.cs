using Arbor.Core.Transfer;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>
/// <c>commissions run --db</c> and <c>commissions explain --db</c>: a period of the database named
/// by its first and last day. The dates must be exactly one of the company's periods (a month, or
/// an ISO week, as the company's calendar says), and the period must be open: it is then computed
/// by <see cref="PeriodComputation"/>, the code path of preview and close, so the three agree line
/// for line, clawbacks included. A closed period is refused: what it paid is stored, and
/// recomputing it from today's data (ranks and carries already moved on by its close) would not give it.
/// </summary>
public static class RunPeriod
{
    /// <param name="planPath">A plan file to compute with instead of the version in force (a what-if run); null for the version in force.</param>
    /// <param name="directory">Where to write the files (as a preview writes them); null to write nothing.</param>
    /// <exception cref="Engine.InputException">The plan file, or stored data the engine refuses.</exception>
    public static async Task<Outcome<ComputedPeriod>> RunAsync(ArborDatabase database, DateOnly from, DateOnly to, string? planPath, string? directory, CancellationToken ct = default)
    {
        var key = await KeyAsync(database, from, to, ct);
        if (!key.Ok) return key.Problem!;
        var plan = planPath is null ? null : await PlanSource.ReadFileAsync(planPath, ct);
        var computed = await PeriodComputation.ComputeAsync(database, key.Value!.Key, plan, ct);
        if (computed.Ok && directory is not null) await PeriodFiles.WriteAsync(computed.Value!, directory, ct);
        return computed;
    }

    /// <summary>The company's period from <paramref name="from"/> to <paramref name="to"/>, or why those dates are not one.</summary>
    public static async Task<Outcome<PeriodKey>> KeyAsync(ArborDatabase database, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var company = await db.Company.AsNoTracking().SingleOrDefaultAsync(ct);
        if (company is null) return new Problem("company", "the company is not set up yet");
        var containing = PeriodKey.Containing(from, company.PeriodKind);
        if (!containing.Ok) return containing.Problem!;
        var key = containing.Value!;
        if (key.From == from && key.To == to) return key;
        return new Problem("period", $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd} is not one of the company's commission periods ({company.PeriodKind}s): " +
            $"{from:yyyy-MM-dd} is in {key.Key}, which runs from {key.From:yyyy-MM-dd} to {key.To:yyyy-MM-dd}");
    }
}
