using Arbor.Core.Office;
using Arbor.Engine.Plans;
using Arbor.Web.Estimates;

namespace Arbor.Web.Pages.Office;

/// <summary>The open period's estimate as the office pages read it: a member's figures by database id, rank names.</summary>
public static class OfficeFigures
{
    /// <summary>Member <paramref name="memberId"/>'s figures in the estimate; null when it is not in the period.</summary>
    public static Figures? Of(this Estimate estimate, long memberId)
    {
        if (estimate.IndexOf(memberId) is not { } i) return null;
        var r = estimate.Computed.Result;
        return new Figures(r.Pv[i], r.Gv[i], r.Active[i], r.Rank[i]);
    }

    /// <summary>A lookup for <see cref="DownlineReport"/>: every member unknown when there is no estimate yet.</summary>
    public static Func<long, Figures?> Lookup(Estimate? estimate) => estimate is null ? _ => null : id => estimate.Of(id);

    public static Plan Plan(this Estimate estimate) => estimate.Computed.Plan;

    public static string RankName(this Estimate estimate, int rank) => estimate.Computed.Plan.Ranks[rank].Name;
}
