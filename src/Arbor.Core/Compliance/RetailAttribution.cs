namespace Arbor.Core.Compliance;

/// <summary>
/// How much of a stored payout line is based on retail sales (the Herbalife settlement's "verified
/// retail sales"), as a fraction of the line. docs/compliance.md gives the reasons.
/// <list type="bullet">
/// <item>Order-based lines (retail profit, fast start, unilevel, stairstep, and the clawbacks of
/// such lines): 1 when the order they were paid on is a retail order (a return counting as the
/// order it returns), else 0 — personal orders, and orders no longer stored.</item>
/// <item>binary: the retail share of the CV placed below the payee (its placement subtree without
/// itself), which is what binary pays on; in a company without a placement tree, of its sponsor group.</item>
/// <item>pool: the retail share of the company's CV, which the pool is a percent of.</item>
/// <item>matching and rank_advancement: the retail share of the CV of the source member's group
/// (the source member and its whole sponsor downline): matching pays on that member's bonuses, rank
/// advancement on the payee's own rank, reached with its group's volume.</item>
/// </list>
/// Shares here are of CV (what bonuses are paid on); returns are left out. No volume: 0.
/// </summary>
public static class RetailAttribution
{
    public static decimal Fraction(FactLine line, PeriodAnalysis period)
    {
        if (line.SourceKind is { } kind) return kind == "retail" ? 1m : 0m;
        var volume = line.Category switch
        {
            "binary" => period.PlacementCvBelow.TryGetValue(line.PayeeId, out var below) ? below
                : period.IsPlaced(line.PayeeId) ? default : Group(line.PayeeId, period),
            "pool" => period.CompanyCv,
            _ => Group(line.SourceMemberId, period),
        };
        return volume.RetailShare ?? 0m;
    }

    private static Volume Group(long member, PeriodAnalysis period) => period.GroupCv.GetValueOrDefault(member);
}
