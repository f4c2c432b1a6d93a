using System.Numerics;
using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>How one member stands against one rank's requirements (section 4.4–4.5).</summary>
public readonly record struct RankCheck(
    bool ActiveOk,
    bool PvOk,
    decimal CappedGv,
    bool GvOk,
    int QualifiedLegs,
    bool LegsOk)
{
    /// <summary>True when every requirement holds.</summary>
    public bool Met => ActiveOk && PvOk && GvOk && LegsOk;
}

/// <summary>Section 4.4–4.7: paid-as ranks bottom-up, so leg conditions see this period's downline ranks.</summary>
internal sealed class Ranks(PeriodContext ctx)
{
    /// <summary>Per member, the highest paid-as rank in its subtree (the member included).</summary>
    public int[] BestInSubtree { get; } = new int[ctx.Network.Count];

    /// <summary>Per rank, its requirements in decimals.</summary>
    private readonly Limits<decimal>[] _limits = [.. ctx.Plan.Ranks.Select(r => Limits<decimal>.Of(r, v => v)!.Value)];

    /// <summary>
    /// Bottom-up on every core (<see cref="Forest.WalkBottomUp"/>): a member reads only its
    /// frontline's results. In ten-thousandths when the volumes are kept so (<see cref="PeriodContext.PvUnits"/>)
    /// and every requirement is a whole number of them, else in decimals: the same comparisons.
    /// </summary>
    public void Compute()
    {
        if (ctx.PvUnits is { } pv && ctx.GvUnits is { } gv && LimitsInUnits() is { } limits)
        {
            ctx.Sponsors.WalkBottomUp(topDown => Compute(topDown, pv, gv, limits));
        }
        else
        {
            ctx.Sponsors.WalkBottomUp(topDown => Compute(topDown, ctx.Pv, ctx.Gv, _limits));
        }
    }

    private Limits<long>[]? LimitsInUnits()
    {
        var limits = new Limits<long>[ctx.Plan.Ranks.Count];
        for (var r = 0; r < limits.Length; r++)
        {
            if (Limits<long>.Of(ctx.Plan.Ranks[r], Units) is not { } limit) return null;
            limits[r] = limit;
        }
        return limits;
    }

    /// <summary>An amount as ten-thousandths, or null when it is not a whole number of them (or too large).</summary>
    private static long? Units(decimal amount)
    {
        if (!Money.TrySplit(amount, out var mantissa, out var scale) || scale > 4) return null;
        for (; scale < 4; scale++) mantissa *= 10;
        return mantissa;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compute<T>(ReadOnlySpan<int> topDown, T[] pv, T[] gv, Limits<T>[] limits) where T : struct, INumber<T>
    {
        var active = ctx.Active;
        var rank = ctx.Rank;
        var bestInSubtree = BestInSubtree;
        var sponsors = ctx.Sponsors;
        for (var i = topDown.Length - 1; i >= 0; i--)
        {
            var m = topDown[i];
            var paidAs = 0;
            if (active[m])
            {
                for (var r = limits.Length - 1; r > 0; r--)
                {
                    // Capped GV never exceeds GV, so a member short of the rank's GV or PV fails without looking at legs.
                    ref readonly var limit = ref limits[r];
                    if (pv[m] < limit.MinPv || gv[m] < limit.MinGv) continue;
                    var (capped, legs) = Standing(m, pv, gv, limit);
                    if (capped >= limit.MinGv && legs >= limit.Legs)
                    {
                        paidAs = r;
                        break;
                    }
                }
            }
            rank[m] = paidAs;
            var best = paidAs;
            foreach (var c in sponsors.ChildrenOf(m)) best = Math.Max(best, bestInSubtree[c]);
            bestInSubtree[m] = best;
        }
    }

    /// <summary>
    /// Member <paramref name="m"/>'s GV with each frontline leg counted up to the rank's leg cap
    /// (its PV plus the capped legs; its GV when the rank has no cap), and its frontline legs
    /// holding the rank's leg rank or above.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (T Capped, int Legs) Standing<T>(int m, T[] pv, T[] gv, in Limits<T> limit) where T : struct, INumber<T>
    {
        var children = ctx.Sponsors.ChildrenOf(m);
        var capped = gv[m];
        if (limit.LegCap is { } cap)
        {
            capped = pv[m];
            foreach (var c in children) capped += T.Min(gv[c], cap);
        }
        var legs = 0;
        if (limit.LegRank != NoLegs)
        {
            foreach (var c in children)
            {
                if (BestInSubtree[c] >= limit.LegRank) legs++;
            }
        }
        return (capped, legs);
    }

    /// <summary>Checks every requirement of rank <paramref name="r"/> for member <paramref name="m"/>.</summary>
    public RankCheck Check(int m, int r)
    {
        var limit = _limits[r];
        var (capped, legs) = Standing(m, ctx.Pv, ctx.Gv, limit);
        return new RankCheck(
            ActiveOk: r == 0 || ctx.Active[m],
            PvOk: r == 0 || ctx.Pv[m] >= limit.MinPv,
            CappedGv: capped,
            GvOk: r == 0 || capped >= limit.MinGv,
            QualifiedLegs: legs,
            LegsOk: r == 0 || legs >= limit.Legs);
    }

    /// <summary>The leg rank of a rank without a legs requirement: no leg counts, and none is needed.</summary>
    private const int NoLegs = int.MaxValue;

    /// <summary>
    /// One rank's requirements in the numbers of a pass: minimum PV and GV, the leg cap (null for
    /// none), and how many legs of which rank (<see cref="NoLegs"/> for no requirement).
    /// </summary>
    private readonly record struct Limits<T>(T MinPv, T MinGv, T? LegCap, int Legs, int LegRank) where T : struct
    {
        /// <summary>Rank <paramref name="rank"/>'s requirements through <paramref name="convert"/>; null when one does not convert.</summary>
        public static Limits<T>? Of(Rank rank, Func<decimal, T?> convert)
        {
            if (convert(rank.MinPv) is not { } minPv || convert(rank.MinGv) is not { } minGv) return null;
            T? legCap = null;
            if (rank.LegCap is { } cap)
            {
                if (convert(cap) is not { } converted) return null;
                legCap = converted;
            }
            return new Limits<T>(minPv, minGv, legCap, rank.Legs?.Count ?? 0, rank.Legs?.MinRank ?? NoLegs);
        }
    }
}
