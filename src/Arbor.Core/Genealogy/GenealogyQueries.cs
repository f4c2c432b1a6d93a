using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Genealogy;

/// <summary>A member as genealogy shows it.</summary>
public sealed record TreeMember(long Id, string Handle, string Name, int Level, string Status, DateOnly JoinedOn);

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

    private Task<Member?> Find(string handle, CancellationToken ct) => db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);

    private static Outcome<T> Unknown<T>(string handle) => Outcome<T>.Fail("member", $"unknown member '{handle}'");

    private static TreeMember View(Member m, int level) => new(m.Id, m.Handle, m.Name, level, m.Status, m.JoinedOn);
}
