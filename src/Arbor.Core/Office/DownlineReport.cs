using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Office;

/// <summary>A member's figures in the open period as the estimate has them: volumes, activity and paid-as rank index.</summary>
public sealed record Figures(decimal Pv, decimal Gv, bool Active, int Rank);

/// <summary>One row of the downline report; <see cref="Figures"/> is null for a member the estimate does not hold (not in the period).</summary>
public sealed record DownlineRow(TreeMember Member, Figures? Figures)
{
    public bool Active => Figures?.Active ?? false;
    public int Rank => Figures?.Rank ?? 0;
    public decimal Pv => Figures?.Pv ?? 0;
    public decimal Gv => Figures?.Gv ?? 0;
}

public enum DownlineSort
{
    Level,
    Name,
    Rank,
    Pv,
    Gv,
    Joined,
}

/// <summary>
/// What the downline report shows: members at <see cref="Level"/> (1 = frontline; null for all),
/// active or not, of one paid-as rank, whose name or handle contains <see cref="Text"/>; sorted.
/// </summary>
public sealed record DownlineFilter(int? Level = null, bool? Active = null, int? Rank = null, string? Text = null, DownlineSort Sort = DownlineSort.Level, bool Descending = false);

/// <summary>One page of the report, and how many rows the filter holds in all.</summary>
public sealed record DownlinePage(IReadOnlyList<DownlineRow> Rows, int Total, int Page, int Pages);

/// <summary>
/// A member's downline as a filtered, sorted table. Membership, level and text are filtered in
/// the database (one scan of the downline's path range, only the columns shown); the open
/// period's figures come from the caller's estimate, so activity and rank filter and sort here.
/// </summary>
public sealed class DownlineReport(ArborContext db)
{
    public const int PageSize = 50;

    /// <summary>Every row of <paramref name="viewer"/>'s downline that <paramref name="filter"/> keeps, in its order.</summary>
    public async Task<IReadOnlyList<DownlineRow>> RowsAsync(Member viewer, DownlineFilter filter, Func<long, Figures?> figures, CancellationToken ct = default)
    {
        var (from, to) = (viewer.Path, TreePath.UpperBound(viewer.Path));
        var query = db.Members.AsNoTracking().Where(m => string.Compare(m.Path, from) > 0 && string.Compare(m.Path, to) < 0);
        if (filter.Level is { } level)
        {
            var depth = viewer.Depth + level;
            query = query.Where(m => m.Depth == depth);
        }
        if (filter.Text?.Trim().ToLowerInvariant() is { Length: > 0 } needle)
        {
            query = query.Where(m => m.Name.ToLower().Contains(needle) || m.Handle.ToLower().Contains(needle));
        }
        var top = viewer.Depth;
        var members = await query
            .Select(m => new TreeMember(m.Id, m.Handle, m.Name, m.Depth - top, m.Status, m.JoinedOn))
            .ToListAsync(ct);
        IEnumerable<DownlineRow> rows = members.Select(m => new DownlineRow(m, figures(m.Id)));
        if (filter.Active is { } active) rows = rows.Where(r => r.Active == active);
        if (filter.Rank is { } rank) rows = rows.Where(r => r.Rank == rank);
        return Sorted(rows, filter).ToList();
    }

    /// <summary>Page <paramref name="page"/> (from 1; clamped to the pages there are) of <paramref name="rows"/>.</summary>
    public static DownlinePage Page(IReadOnlyList<DownlineRow> rows, int page)
    {
        var pages = Math.Max(1, (rows.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        return new DownlinePage([.. rows.Skip((page - 1) * PageSize).Take(PageSize)], rows.Count, page, pages);
    }

    private static IOrderedEnumerable<DownlineRow> Sorted(IEnumerable<DownlineRow> rows, DownlineFilter filter)
    {
        var sorted = filter.Sort switch
        {
            DownlineSort.Level => Order(rows, r => r.Member.Level, filter.Descending),
            DownlineSort.Name => filter.Descending ? rows.OrderByDescending(r => r.Member.Name, StringComparer.CurrentCulture) : rows.OrderBy(r => r.Member.Name, StringComparer.CurrentCulture),
            DownlineSort.Rank => Order(rows, r => r.Rank, filter.Descending),
            DownlineSort.Pv => Order(rows, r => r.Pv, filter.Descending),
            DownlineSort.Gv => Order(rows, r => r.Gv, filter.Descending),
            DownlineSort.Joined => Order(rows, r => r.Member.JoinedOn, filter.Descending),
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
        // Ties in a stable, visible order: by name, then handle.
        return sorted.ThenBy(r => r.Member.Name, StringComparer.CurrentCulture).ThenBy(r => r.Member.Handle, StringComparer.Ordinal);
    }

    private static IOrderedEnumerable<DownlineRow> Order<TKey>(IEnumerable<DownlineRow> rows, Func<DownlineRow, TKey> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
}
