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

    /// <summary>Per rank, its <see cref="Rank.LegCap"/>, worked out once rather than per member.</summary>
    private readonly decimal?[] _legCaps = [.. ctx.Plan.Ranks.Select(r => r.LegCap)];

    /// <summary>Bottom-up on every core (<see cref="Forest.WalkBottomUp"/>): a member reads only its frontline's results.</summary>
    public void Compute() => ctx.Sponsors.WalkBottomUp(Compute);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compute(ReadOnlySpan<int> topDown)
    {
        var ranks = ctx.Plan.Ranks;
        var active = ctx.Active;
        var pv = ctx.Pv;
        var gv = ctx.Gv;
        var rank = ctx.Rank;
        var bestInSubtree = BestInSubtree;
        var sponsors = ctx.Sponsors;
        for (var i = topDown.Length - 1; i >= 0; i--)
        {
            var m = topDown[i];
            var paidAs = 0;
            if (active[m])
            {
                for (var r = ranks.Count - 1; r > 0; r--)
                {
                    // Capped GV never exceeds GV, so a member short of the rank's GV or PV fails without looking at legs.
                    var candidate = ranks[r];
                    if (pv[m] < candidate.MinPv || gv[m] < candidate.MinGv) continue;
                    if (Check(m, r).Met)
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

    /// <summary>Checks every requirement of rank <paramref name="r"/> for member <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RankCheck Check(int m, int r)
    {
        var rank = ctx.Plan.Ranks[r];
        var children = ctx.Sponsors.ChildrenOf(m);
        var capped = ctx.Gv[m];
        if (_legCaps[r] is { } cap)
        {
            capped = ctx.Pv[m];
            foreach (var c in children) capped += Math.Min(ctx.Gv[c], cap);
        }
        var legs = 0;
        if (rank.Legs is { } need)
        {
            foreach (var c in children)
            {
                if (BestInSubtree[c] >= need.MinRank) legs++;
            }
        }
        return new RankCheck(
            ActiveOk: r == 0 || ctx.Active[m],
            PvOk: r == 0 || ctx.Pv[m] >= rank.MinPv,
            CappedGv: capped,
            GvOk: r == 0 || capped >= rank.MinGv,
            QualifiedLegs: legs,
            LegsOk: r == 0 || rank.Legs is null || legs >= rank.Legs.Count);
    }
}
