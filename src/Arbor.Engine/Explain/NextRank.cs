using Arbor.Engine.Computation;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Explain;

/// <summary>
/// What a member lacks for a rank, as numbers a page can put in words ("400 GV more, each leg
/// counting at most 2,000; one more leg with a Bronze"). Zero or null for a requirement already met.
/// </summary>
/// <param name="Rank">The rank index the gaps are for.</param>
/// <param name="ActivePv">PV more to be active (the plan's <see cref="Plan.ActiveMinPv"/>); 0 when active.</param>
/// <param name="Pv">PV more for the rank's own minimum.</param>
/// <param name="Gv">GV more, counted as the rank counts it (legs capped).</param>
/// <param name="LegCap">The most one frontline leg counts toward the rank's GV; null when the rank has no cap.</param>
/// <param name="Legs">Frontline legs more that must hold <paramref name="LegRank"/> or above.</param>
/// <param name="LegRank">The rank those legs need; null when the rank has no legs requirement.</param>
public sealed record RankGaps(int Rank, decimal ActivePv, decimal Pv, decimal Gv, decimal? LegCap, int Legs, int? LegRank)
{
    /// <summary>
    /// The member's retail share in percent when it is below the plan's <c>active.min_retail_share</c>
    /// (a condition of activity, so of every rank above the first); null when met or not asked (issue 17).
    /// </summary>
    public decimal? RetailShare { get; init; }

    /// <summary>The plan's <c>active.min_retail_share</c> when <see cref="RetailShare"/> is set.</summary>
    public decimal? MinRetailShare { get; init; }

    /// <summary>Retail customers more that <c>active.min_retail_customers</c> asks for; 0 when met or not asked.</summary>
    public int RetailCustomers { get; init; }

    /// <summary>True when nothing is missing: the member holds the rank.</summary>
    public bool None => ActivePv == 0 && Pv == 0 && Gv == 0 && Legs == 0 && RetailShare is null && RetailCustomers == 0;
}

/// <summary>
/// The next rank's gaps, from the same checks the engine ranks with (<see cref="PeriodResult.CheckRank"/>),
/// so that what the office says is missing is exactly what the computation would ask for.
/// </summary>
public static class NextRank
{
    /// <summary>
    /// The gaps of member <paramref name="m"/> for the rank above its paid-as rank; null when it
    /// holds the plan's highest rank.
    /// </summary>
    public static RankGaps? Of(PeriodResult result, int m)
    {
        var next = result.Rank[m] + 1;
        if (next >= result.Plan.Ranks.Count) return null;
        var gaps = Gaps(result.Plan, next, result.CheckRank(m, next), result.Pv[m]);
        var q = result.Plan.ActiveQualification;
        if (q.IsNone || !result.HasRetailFigures || result.Network.Terminated[m]) return gaps;
        var (retail, personal) = (result.RetailPv[m], result.PersonalPv[m]);
        return gaps with
        {
            RetailShare = q.ShareMet(retail, personal) ? null : RetailFigures.SharePercent(retail, personal),
            MinRetailShare = q.ShareMet(retail, personal) ? null : q.MinRetailShare,
            RetailCustomers = q.MinRetailCustomers is { } min ? Math.Max(0, min - result.RetailCustomersOf(m)) : 0,
        };
    }

    /// <summary>What <paramref name="check"/> of rank <paramref name="rank"/> leaves missing for a member with <paramref name="pv"/>.</summary>
    public static RankGaps Gaps(Plan plan, int rank, RankCheck check, decimal pv)
    {
        var req = plan.Ranks[rank];
        return new RankGaps(
            Rank: rank,
            ActivePv: check.ActiveOk ? 0 : Math.Max(0, plan.ActiveMinPv - pv),
            Pv: check.PvOk ? 0 : req.MinPv - pv,
            Gv: check.GvOk ? 0 : req.MinGv - check.CappedGv,
            LegCap: req.LegCap,
            Legs: check.LegsOk || req.Legs is null ? 0 : req.Legs.Count - check.QualifiedLegs,
            LegRank: req.Legs?.MinRank);
    }
}
