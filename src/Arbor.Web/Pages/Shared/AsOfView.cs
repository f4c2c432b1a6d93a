using Arbor.Core;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Shared;

/// <summary>
/// The genealogy as it was at a closed period's close (<see cref="GenealogyAsOf"/>), as the office
/// and the back office show it (<c>_AsOf.cshtml</c>): the periods to choose from, the choice, and
/// the downline then or why there is none.
/// </summary>
public sealed class AsOfView
{
    public const int PageSize = 100;

    public IReadOnlyList<string> Periods { get; private init; } = [];
    public string? Period { get; private init; }
    public Tree Tree { get; private init; }
    public int Depth { get; private init; }
    public int PageNumber { get; private init; }
    public bool HasPlacement { get; private init; }
    public AsOfDownline? Downline { get; private init; }
    public Problem? Problem { get; private init; }

    /// <summary>The page's own address with other choices (paging keeps the period, tree and depth).</summary>
    public required string BasePath { get; init; }

    public int Pages => Downline is { } d ? Math.Max(1, (d.Total + PageSize - 1) / PageSize) : 1;

    public string Link(int page) =>
        $"{BasePath}?period={Uri.EscapeDataString(Period ?? "")}&tree={(Tree == Tree.Placement ? "placement" : "sponsor")}&depth={Depth}&page={page}";

    /// <param name="viewer">A member looking at its own past downline; null for staff.</param>
    public static async Task<AsOfView> LoadAsync(ArborContext db, string basePath, string handle, string? period, string? tree, int? depth, int? page, long? viewer, CancellationToken ct)
    {
        var asOf = new GenealogyAsOf(db);
        var periods = await asOf.PeriodsAsync(ct);
        var hasPlacement = (await db.Company.AsNoTracking().SingleAsync(ct)).Placement != "none";
        var chosen = period is { Length: > 0 } ? period : periods.FirstOrDefault();
        var which = hasPlacement && tree == "placement" ? Tree.Placement : Tree.Sponsor;
        var (levels, number) = (Math.Clamp(depth ?? 3, 1, 20), Math.Max(page ?? 1, 1));
        Outcome<AsOfDownline>? found = chosen is null ? null : (Outcome<AsOfDownline>?)await asOf.DownlineAsync(handle, chosen, which, levels, number, PageSize, viewer, ct);
        return new AsOfView
        {
            BasePath = basePath, Periods = periods, Period = chosen, Tree = which, Depth = levels, PageNumber = number, HasPlacement = hasPlacement,
            Downline = found is { Ok: true } f ? f.Value : null, Problem = found is { Ok: false } g ? g.Problem : null,
        };
    }
}
