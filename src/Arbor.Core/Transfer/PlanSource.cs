using Arbor.Data;
using Arbor.Engine;
using Arbor.Engine.Plans;

namespace Arbor.Core.Transfer;

/// <summary>A plan and the YAML it was read from.</summary>
public sealed record PlanText(Plan Plan, string Yaml, string Source);

/// <summary>Where a command's plan comes from: a file when one is named, else the database's plan in force.</summary>
public static class PlanSource
{
    /// <summary>Reads <paramref name="path"/>, or the database's plan in force on <paramref name="on"/>; a Problem when there is none.</summary>
    /// <exception cref="InputException">The plan's YAML is invalid (FILE:LINE:COLUMN messages).</exception>
    public static async Task<Outcome<PlanText>> ResolveAsync(ArborDatabase database, string? path, DateOnly on, CancellationToken ct = default)
    {
        if (path is not null) return await ReadFileAsync(path, ct);
        await using var db = database.CreateContext();
        var stored = await Periods.PlanVersions.InForceAsync(db, on, ct);
        if (stored is null) return new Problem("plan", $"the database holds no plan in force on {on:yyyy-MM-dd}: pass --plan PLAN.yaml");
        var source = $"plan '{stored.Name}' (database, from {stored.EffectiveFrom:yyyy-MM-dd})";
        return new PlanText(PlanReader.Parse(stored.Yaml, source), stored.Yaml, source);
    }

    /// <summary>Reads the plan file <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The plan's YAML is invalid (FILE:LINE:COLUMN messages).</exception>
    public static async Task<PlanText> ReadFileAsync(string path, CancellationToken ct = default)
    {
        var plan = PlanReader.ReadFile(path);
        return new PlanText(plan, await File.ReadAllTextAsync(path, ct), path);
    }
}
