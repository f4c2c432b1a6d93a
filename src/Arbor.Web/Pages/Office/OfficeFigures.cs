using Arbor.Core.Office;
using Arbor.Core.Periods;

namespace Arbor.Web.Pages.Office;

/// <summary>The open period's estimate as the office pages read it.</summary>
public static class OfficeFigures
{
    /// <summary>A lookup for <see cref="DownlineReport"/>: every member unknown when there is no estimate yet.</summary>
    public static Func<long, Figures?> Lookup(OpenEstimate? estimate) => estimate is null ? _ => null : estimate.Of;
}
