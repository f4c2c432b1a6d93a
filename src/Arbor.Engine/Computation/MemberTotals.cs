namespace Arbor.Engine.Computation;

/// <summary>
/// What one member's lines add up to, in cents, as the bonuses are computed, and how many
/// there are: side by side, so that adding a line to them touches one place in memory.
/// </summary>
internal struct MemberTotals
{
    /// <summary>The lines caps apply to: every bonus but retail profit.</summary>
    public long Capped;

    /// <summary>The lines of the bonuses matching pays on.</summary>
    public long Matched;

    /// <summary>How many non-zero lines it has (caps take off those they round to zero): the output sort places lines by these counts.</summary>
    public int Lines;
}
