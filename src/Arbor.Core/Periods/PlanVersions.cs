using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>
/// Plan versions: a plan's YAML, validated with the engine's own reader, stored unchanged with the
/// date it takes effect. A period is computed with the version in force on its first day.
/// Versions are never edited; a change is a new version from a later date.
/// </summary>
public sealed class PlanVersions(ArborContext db, TimeProvider clock)
{
    /// <exception cref="Engine.InputException">The YAML is not a valid plan (FILE:LINE:COLUMN messages).</exception>
    public async Task<Outcome<PlanVersion>> UploadAsync(string yaml, string source, DateOnly effectiveFrom, CancellationToken ct = default)
    {
        var plan = PlanReader.Parse(yaml, source);
        if (await db.Plans.AnyAsync(p => p.EffectiveFrom == effectiveFrom, ct))
        {
            return new Problem("from", $"a plan version already takes effect on {effectiveFrom:yyyy-MM-dd}; versions are never replaced: choose another date");
        }
        var lastClosed = await db.Periods.MaxAsync(p => (DateOnly?)p.EndsOn, ct);
        if (lastClosed is { } end && effectiveFrom <= end)
        {
            return new Problem("from", $"periods up to {end:yyyy-MM-dd} are closed: a new plan can take effect from {end.AddDays(1):yyyy-MM-dd} on");
        }
        var version = new PlanVersion { Name = plan.Name, EffectiveFrom = effectiveFrom, Yaml = yaml, UploadedAt = clock.GetUtcNow() };
        db.Plans.Add(version);
        await db.SaveChangesAsync(ct);
        return version;
    }

    public async Task<IReadOnlyList<PlanVersion>> ListAsync(CancellationToken ct = default) =>
        await db.Plans.AsNoTracking().OrderBy(p => p.EffectiveFrom).ToListAsync(ct);

    /// <summary>The version in force on <paramref name="day"/>, or null. Reads no clock: a query needs no instance.</summary>
    public static Task<PlanVersion?> InForceAsync(ArborContext db, DateOnly day, CancellationToken ct = default) =>
        db.Plans.AsNoTracking().Where(p => p.EffectiveFrom <= day).OrderByDescending(p => p.EffectiveFrom).FirstOrDefaultAsync(ct);
}
