using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Compliance;

/// <summary>
/// The company's thresholds for the per-member compliance indicators (docs/compliance.md).
/// Shares are percent numbers (50 means 50 %), as in plan files; volumes are PV per period.
/// </summary>
/// <param name="OwnUsePv">What a member plausibly consumes itself in a period (the 70 % rule and inventory loading).</param>
/// <param name="MinRetailSharePercent">Retail share at or above this passes.</param>
/// <param name="MinNonParticipantPercent">The Vemma order: a member's and its downline's volume bought by non-participants must be MORE than this.</param>
/// <param name="MinResoldPercent">The Amway 70 % rule: at least this share of a rewarded member's purchases resold or consumed.</param>
/// <param name="MinRetailCustomers">The Amway ten-customer rule: a rewarded member sells to at least this many customers.</param>
/// <param name="LoadingFactor">A period's own purchases above this many times (retail PV + own use) are inventory loading.</param>
/// <param name="FirstOrderMaxPv">A member's first own order above this PV is inventory loading.</param>
/// <param name="MaxRecruitingPercent">Recruiting-tied rewards at most this share of a member's earnings pass.</param>
/// <param name="RetentionMonths">The scorecard's retention looks this many months back from a period's end.</param>
public sealed record ComplianceSettings(
    decimal OwnUsePv = 100m,
    decimal MinRetailSharePercent = 50m,
    decimal MinNonParticipantPercent = 50m,
    decimal MinResoldPercent = 70m,
    int MinRetailCustomers = 10,
    decimal LoadingFactor = 2m,
    decimal FirstOrderMaxPv = 200m,
    decimal MaxRecruitingPercent = 50m,
    int RetentionMonths = 12)
{
    /// <summary>The defaults, as migration 0005 stores them.</summary>
    public static ComplianceSettings Default { get; } = new();

    /// <summary>Why these settings cannot be stored; null when they can.</summary>
    public Problem? Check()
    {
        foreach (var (where, what, value) in new[]
        {
            ("min_retail_share_percent", "the minimum retail share", MinRetailSharePercent),
            ("min_non_participant_percent", "the non-participant share", MinNonParticipantPercent),
            ("min_resold_percent", "the resold-or-consumed share", MinResoldPercent),
            ("max_recruiting_percent", "the maximum recruiting share", MaxRecruitingPercent),
        })
        {
            if (Limits.Check(where, what, value, 0, 100, Limits.VolumeDecimals) is { } p) return p;
        }
        if (Limits.Check("own_use_pv", "the own use", OwnUsePv, 0, Limits.UnitPrice, Limits.VolumeDecimals) is { } own) return own;
        if (Limits.Check("first_order_max_pv", "the first-order limit", FirstOrderMaxPv, 0, Limits.UnitPrice, Limits.VolumeDecimals) is { } first) return first;
        if (Limits.Check("loading_factor", "the loading factor", LoadingFactor, 1, 1000, Limits.VolumeDecimals) is { } factor) return factor;
        if (MinRetailCustomers is < 0 or > 10_000) return new Problem("min_retail_customers", $"the minimum number of retail customers must be 0 to 10,000, not {MinRetailCustomers}");
        if (RetentionMonths is < 1 or > 120) return new Problem("retention_months", $"the retention window must be 1 to 120 months, not {RetentionMonths}");
        return null;
    }

    internal static ComplianceSettings From(ComplianceThresholds row) => new(row.OwnUsePv, row.MinRetailSharePercent, row.MinNonParticipantPercent, row.MinResoldPercent,
        row.MinRetailCustomers, row.LoadingFactor, row.FirstOrderMaxPv, row.MaxRecruitingPercent, row.RetentionMonths);
}

/// <summary>Reads and changes the company's compliance thresholds (<c>arbor compliance settings</c>).</summary>
public sealed class ComplianceSettingsStore(ArborContext db)
{
    /// <summary>The stored thresholds; the defaults when the row is missing.</summary>
    public async Task<ComplianceSettings> GetAsync(CancellationToken ct = default) =>
        await db.ComplianceSettings.AsNoTracking().SingleOrDefaultAsync(ct) is { } row ? ComplianceSettings.From(row) : ComplianceSettings.Default;

    /// <summary>Stores <paramref name="settings"/>, or refuses them (nothing written).</summary>
    public async Task<Outcome<ComplianceSettings>> ChangeAsync(ComplianceSettings settings, CancellationToken ct = default)
    {
        if (settings.Check() is { } problem) return problem;
        var row = await db.ComplianceSettings.SingleOrDefaultAsync(ct);
        if (row is null)
        {
            row = new ComplianceThresholds();
            db.ComplianceSettings.Add(row);
        }
        row.OwnUsePv = settings.OwnUsePv;
        row.MinRetailSharePercent = settings.MinRetailSharePercent;
        row.MinNonParticipantPercent = settings.MinNonParticipantPercent;
        row.MinResoldPercent = settings.MinResoldPercent;
        row.MinRetailCustomers = settings.MinRetailCustomers;
        row.LoadingFactor = settings.LoadingFactor;
        row.FirstOrderMaxPv = settings.FirstOrderMaxPv;
        row.MaxRecruitingPercent = settings.MaxRecruitingPercent;
        row.RetentionMonths = settings.RetentionMonths;
        await db.SaveChangesAsync(ct);
        return settings;
    }
}
