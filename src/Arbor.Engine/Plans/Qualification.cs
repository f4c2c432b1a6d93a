namespace Arbor.Engine.Plans;

/// <summary>
/// Retail conditions of pay (issue 17, docs/plan-format.md#qualifications): a minimum retail share
/// and a minimum number of distinct retail customers in the period. Null means no condition.
/// </summary>
/// <param name="MinRetailShare">Percent (0–100) of the member's retail PV in its retail and personal PV.</param>
/// <param name="MinRetailCustomers">Distinct customers with a retail order of the period attributed to the member.</param>
public sealed record Qualification(decimal? MinRetailShare, int? MinRetailCustomers)
{
    /// <summary>No condition.</summary>
    public static readonly Qualification None = new(null, null);

    /// <summary>True when there is no condition.</summary>
    public bool IsNone => MinRetailShare is null && MinRetailCustomers is null;

    /// <summary>True when the retail share condition holds (or there is none).</summary>
    public bool ShareMet(decimal retailPv, decimal personalPv) => MinRetailShare is not { } min || RetailFigures.ShareAtLeast(retailPv, personalPv, min);

    /// <summary>True when the retail customers condition holds (or there is none).</summary>
    public bool CustomersMet(int customers) => MinRetailCustomers is not { } min || customers >= min;

    /// <summary>True when both conditions hold.</summary>
    public bool Met(decimal retailPv, decimal personalPv, int customers) => ShareMet(retailPv, personalPv) && CustomersMet(customers);
}

/// <summary>
/// The 70 % rule as the plan infers it (Amway): the share of a member's purchases resold or
/// consumed is s = (retail PV + min(personal PV, <paramref name="OwnUsePv"/>)) / (retail PV +
/// personal PV). Below <paramref name="Percent"/> %, the member's lines of every bonus but retail
/// profit are paid in proportion, s / (percent / 100), before the caps.
/// </summary>
public sealed record SalesRule(decimal Percent, decimal OwnUsePv)
{
    /// <summary>The percent the rule takes when the plan gives none.</summary>
    public const decimal DefaultPercent = 70m;

    /// <summary>
    /// The factor a member's lines are multiplied by, as numerator and denominator (exact decimals),
    /// or null when the rule does not cut its pay: s at or above the percent, nothing bought
    /// (retail PV + personal PV of 0 or less: s = 1), or a percent of 0.
    /// The factor is (retail + min(personal, own use)) × 100 / ((retail + personal) × percent), the
    /// numerator never below 0.
    /// </summary>
    public (decimal Numerator, decimal Denominator)? Factor(decimal retailPv, decimal personalPv)
    {
        var bought = retailPv + personalPv;
        if (bought <= 0 || Percent == 0) return null;
        var resold = Math.Max(0m, retailPv + Math.Min(personalPv, OwnUsePv));
        // s < percent / 100 ⇔ resold × 100 < percent × bought (bought > 0): no division.
        if (resold * 100m >= Percent * bought) return null;
        return (resold, bought);
    }

    /// <summary>The resold-or-consumed share s in percent, for messages: 100 when nothing was bought.</summary>
    public decimal SharePercent(decimal retailPv, decimal personalPv)
    {
        var bought = retailPv + personalPv;
        return bought <= 0 ? 100m : Math.Max(0m, retailPv + Math.Min(personalPv, OwnUsePv)) * 100m / bought;
    }
}

/// <summary>The shared definitions of a member's retail figures (docs/compensation-decisions.md, decision 18).</summary>
public static class RetailFigures
{
    /// <summary>
    /// Retail share in percent: retail PV × 100 / (retail PV + personal PV); 0 when that sum is 0
    /// or less (nothing bought; negative only through unusual negative volumes).
    /// </summary>
    public static decimal SharePercent(decimal retailPv, decimal personalPv)
    {
        var bought = retailPv + personalPv;
        return bought <= 0 ? 0m : retailPv * 100m / bought;
    }

    /// <summary>True when the retail share is at least <paramref name="minPercent"/> %, compared without division.</summary>
    public static bool ShareAtLeast(decimal retailPv, decimal personalPv, decimal minPercent)
    {
        var bought = retailPv + personalPv;
        return bought <= 0 ? minPercent <= 0 : retailPv * 100m >= minPercent * bought;
    }
}
