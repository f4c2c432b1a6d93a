using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Genealogy;

/// <summary>A member as genealogy shows it.</summary>
public sealed record TreeMember(long Id, string Handle, string Name, int Level, string Status, DateOnly JoinedOn);

/// <summary>A member in a tree as the office expands it: the member and how many children it has there.</summary>
public sealed record TreeNode(TreeMember Member, int Children);

/// <summary>The two trees a company may keep: who sponsored whom, and (binary or matrix) where each was placed.</summary>
public enum Tree
{
    Sponsor,
    Placement,
}

/// <summary>One frontline leg: its head, its size (head included) and its PV in a date range.</summary>
public sealed record Leg(string HeadHandle, int Members, decimal Pv);

/// <summary>
/// Genealogy over materialized sponsor paths: a downline is one index range scan
/// (docs/decisions/0002-genealogy-materialized-paths.md).
/// </summary>
public sealed class GenealogyQueries(ArborContext db)
{
    /// <summary>The sponsors of a member, nearest first, up to the root.</summary>
    public async Task<Outcome<IReadOnlyList<TreeMember>>> UplineAsync(string handle, CancellationToken ct = default)
    {
        var member = await Find(handle, ct);
        if (member is null) return Unknown<IReadOnlyList<TreeMember>>(handle);
        var ids = member.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Where(id => id != member.Id).ToList();
        var rows = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        return rows.OrderByDescending(m => m.Depth).Select(m => View(m, member.Depth - m.Depth)).ToList();
    }

    /// <summary>The last page a downline query may ask for: page × size stays far inside an int.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>A page of a member's downline down to <paramref name="maxDepth"/> levels, level by level, then by path.</summary>
    public async Task<Outcome<IReadOnlyList<TreeMember>>> DownlineAsync(string handle, int maxDepth, int page, int pageSize, CancellationToken ct = default)
    {
        if (maxDepth < 1) return Outcome<IReadOnlyList<TreeMember>>.Fail("depth", "depth must be at least 1");
        if (page is < 1 or > MaxPage || pageSize is < 1 or > 1000) return Outcome<IReadOnlyList<TreeMember>>.Fail("page", $"page is 1 to {MaxPage}; page size is 1 to 1000");
        var member = await Find(handle, ct);
        if (member is null) return Unknown<IReadOnlyList<TreeMember>>(handle);
        var (from, to, deepest) = (member.Path, TreePath.UpperBound(member.Path), member.Depth + maxDepth);
        var rows = await db.Members.AsNoTracking()
            .Where(m => string.Compare(m.Path, from) > 0 && string.Compare(m.Path, to) < 0 && m.Depth <= deepest)
            .OrderBy(m => m.Depth).ThenBy(m => m.Path)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return rows.Select(m => View(m, m.Depth - member.Depth)).ToList();
    }

    /// <summary>How many members sit at each level below a member (level 1 = frontline).</summary>
    public async Task<Outcome<IReadOnlyList<(int Level, int Members)>>> CountsPerLevelAsync(string handle, CancellationToken ct = default)
    {
        var member = await Find(handle, ct);
        if (member is null) return Unknown<IReadOnlyList<(int, int)>>(handle);
        var (from, to) = (member.Path, TreePath.UpperBound(member.Path));
        var counts = await db.Members.AsNoTracking()
            .Where(m => string.Compare(m.Path, from) > 0 && string.Compare(m.Path, to) < 0)
            .GroupBy(m => m.Depth)
            .Select(g => new { Depth = g.Key, Count = g.Count() })
            .OrderBy(g => g.Depth)
            .ToListAsync(ct);
        return counts.Select(c => (c.Depth - member.Depth, c.Count)).ToList();
    }

    /// <summary>
    /// Each frontline leg of a member: its size and its PV from orders dated in [from, to].
    /// Two grouped queries over the member's path range, whatever the number of legs: a member's
    /// leg is the prefix of its path that ends one level below the member.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<Leg>>> LegsAsync(string handle, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var member = await Find(handle, ct);
        if (member is null) return Unknown<IReadOnlyList<Leg>>(handle);
        var memberId = member.Id;
        var heads = await db.Members.AsNoTracking().Where(m => m.SponsorId == memberId).Select(m => new { m.Handle, m.Path }).ToListAsync(ct);
        var upper = TreePath.UpperBound(member.Path);
        var sizes = await LegQueries.SizesAsync(db, member.Path, upper, ct);
        var volumes = await LegQueries.VolumesAsync(db, member.Path, upper, from, to, ct);
        return heads.OrderBy(h => h.Handle, StringComparer.Ordinal)
            .Select(h => new Leg(h.Handle, sizes.GetValueOrDefault(h.Path), volumes.GetValueOrDefault(h.Path)))
            .ToList();
    }

    /// <summary>The most members a downline search returns.</summary>
    public const int MaxSearch = 50;

    /// <summary>
    /// The children of <paramref name="parent"/> in <paramref name="tree"/> that <paramref name="viewer"/>
    /// may see, each with its own number of such children. Sponsor children come by the sponsor index;
    /// placement children by a placement path range one level deep. A placement tree holds members
    /// placed under the viewer by its upline (spillover) that are not its downline: they are left out,
    /// because a member sees only its sponsor downline (<see cref="Visibility"/>).
    /// </summary>
    public async Task<IReadOnlyList<TreeNode>> ChildrenAsync(Member viewer, Member parent, Tree tree, CancellationToken ct = default)
    {
        var (from, to) = (viewer.Path, TreePath.UpperBound(viewer.Path));
        var level = parent.Depth - viewer.Depth + 1;
        if (tree == Tree.Sponsor)
        {
            var parentId = parent.Id;
            var rows = await db.Members.AsNoTracking().Where(m => m.SponsorId == parentId).OrderBy(m => m.JoinedOn).ThenBy(m => m.Id).ToListAsync(ct);
            var ids = rows.Select(m => m.Id).ToList();
            var counts = await db.Members.AsNoTracking().Where(m => m.SponsorId != null && ids.Contains(m.SponsorId.Value))
                .GroupBy(m => m.SponsorId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            return rows.Select(m => new TreeNode(View(m, level), counts.GetValueOrDefault(m.Id))).ToList();
        }
        if (parent.PlacementPath is not { } path) return [];
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        var width = company.Placement == "binary" ? 2 : Math.Clamp(company.MatrixWidth, 0, TreePath.MaxWidth);
        // The children's and grandchildren's placement paths are known: exact lookups in the placement path index.
        var childPaths = Enumerable.Range(0, width).Select(p => TreePath.PlacementChild(path, p)).ToList();
        var grandPaths = childPaths.SelectMany(c => Enumerable.Range(0, width).Select(p => TreePath.PlacementChild(c, p))).ToList();
        var children = await db.Members.AsNoTracking()
            .Where(m => m.PlacementPath != null && childPaths.Contains(m.PlacementPath))
            .Where(m => string.Compare(m.Path, from) >= 0 && string.Compare(m.Path, to) < 0)
            .OrderBy(m => m.PlacementPosition).ToListAsync(ct);
        var grand = await db.Members.AsNoTracking()
            .Where(m => m.PlacementPath != null && grandPaths.Contains(m.PlacementPath))
            .Where(m => string.Compare(m.Path, from) >= 0 && string.Compare(m.Path, to) < 0)
            .Select(m => m.PlacementParentId).ToListAsync(ct);
        return children.Select(c => new TreeNode(View(c, c.Depth - viewer.Depth), grand.Count(g => g == c.Id))).ToList();
    }

    /// <summary>
    /// Members of <paramref name="viewer"/>'s downline whose name or handle contains <paramref name="text"/>
    /// (any case), nearest levels first, at most <see cref="MaxSearch"/>: one scan of the downline's path range.
    /// </summary>
    public async Task<IReadOnlyList<TreeMember>> SearchAsync(Member viewer, string text, CancellationToken ct = default)
    {
        var needle = text.Trim().ToLowerInvariant();
        if (needle.Length == 0) return [];
        var (from, to) = (viewer.Path, TreePath.UpperBound(viewer.Path));
        var rows = await db.Members.AsNoTracking()
            .Where(m => string.Compare(m.Path, from) > 0 && string.Compare(m.Path, to) < 0)
            .Where(m => m.Name.ToLower().Contains(needle) || m.Handle.ToLower().Contains(needle))
            .OrderBy(m => m.Depth).ThenBy(m => m.Name).ThenBy(m => m.Id)
            .Take(MaxSearch)
            .ToListAsync(ct);
        return rows.Select(m => View(m, m.Depth - viewer.Depth)).ToList();
    }

    private Task<Member?> Find(string handle, CancellationToken ct) => db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);

    private static Outcome<T> Unknown<T>(string handle) => Outcome<T>.Fail("member", $"unknown member '{handle}'");

    private static TreeMember View(Member m, int level) => new(m.Id, m.Handle, m.Name, level, m.Status, m.JoinedOn);
}
