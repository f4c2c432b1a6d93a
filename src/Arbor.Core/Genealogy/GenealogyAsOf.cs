using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Genealogy;

/// <summary>A member in the genealogy of a closed period, as its close read it: its place, rank and volumes then.</summary>
public sealed record AsOfMember(int Level, string Handle, string Name, string? Sponsor, string? Parent, string? Side, string Rank, string HighestRank,
    decimal Pv, decimal Gv, bool Active, bool Terminated);

/// <summary>A member's downline in a closed period: levels counted, and a page of its members level by level.</summary>
public sealed record AsOfDownline(string Period, AsOfMember Self, IReadOnlyList<(int Level, int Members)> Levels, IReadOnlyList<AsOfMember> Page, int Total);

/// <summary>
/// The genealogy as it was: for a closed period, the sponsor and placement trees, ranks and
/// volumes as its close read and stored them (<c>period_members</c>), whatever happened since —
/// sponsor changes, new enrollments, terminations. "Who was in my downline in March?" is answered
/// from March's close, not from today's tree. The same for the office, the back office, the API
/// and <c>arbor members levels --period</c>.
/// </summary>
public sealed class GenealogyAsOf(ArborContext db)
{
    /// <summary>
    /// <paramref name="handle"/>'s downline in <paramref name="period"/> down to <paramref name="maxDepth"/> levels: the members per
    /// level, and page <paramref name="page"/> of <paramref name="pageSize"/> members, level by level, then by handle.
    /// </summary>
    /// <param name="viewer">A member asking for itself: it must be <paramref name="handle"/> or have had it in its downline in that period. Null for staff.</param>
    public async Task<Outcome<AsOfDownline>> DownlineAsync(string handle, string period, Tree tree, int maxDepth, int page, int pageSize,
        long? viewer = null, CancellationToken ct = default)
    {
        if (maxDepth is < 1 or > 1000) return new Problem("depth", "depth is 1 to 1000");
        if (page is < 1 or > GenealogyQueries.MaxPage || pageSize is < 1 or > 1000) return new Problem("page", $"page is 1 to {GenealogyQueries.MaxPage}; page size is 1 to 1000");
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed: the genealogy as it was is kept by a close");
        if (!closed.TreeKept) return new Problem("period", $"period {period} was closed before Arbor kept the genealogy with each close (schema 13): its tree as it was is not known");
        var rows = await (from p in db.PeriodMembers.AsNoTracking()
                          join m in db.Members.AsNoTracking() on p.MemberId equals m.Id
                          where p.PeriodId == closed.Id
                          select new Row(p, m.Handle, m.Name)).ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.P.MemberId);
        var self = rows.FirstOrDefault(r => r.Handle == handle);
        if (self is null) return new Problem("member", $"{handle} was not a member in {period}");
        if (viewer is { } v && v != self.P.MemberId && !Above(v, self.P.MemberId))
        {
            return new Problem("member", $"{handle} was not in your downline in {period}");
        }
        var children = rows.Where(r => ParentOf(r.P) is not null).ToLookup(r => ParentOf(r.P)!.Value);

        AsOfMember View(int level, Row r) => new(level, r.Handle, r.Name, Handle(r.P.SponsorId), Handle(r.P.PlacementId), r.P.Side, r.P.Rank, r.P.HighestRank,
            r.P.Pv, r.P.Gv, r.P.Active, r.P.Terminated == true);

        var levels = new List<(int, int)>();
        var below = new List<AsOfMember>();
        var current = new List<long> { self.P.MemberId };
        for (var level = 1; level <= maxDepth && current.Count > 0; level++)
        {
            var next = current.SelectMany(id => children[id]).OrderBy(r => r.Handle, StringComparer.Ordinal).ToList();
            if (next.Count == 0) break;
            levels.Add((level, next.Count));
            below.AddRange(next.Select(r => View(level, r)));
            current = [.. next.Select(r => r.P.MemberId)];
        }
        return new AsOfDownline(period, View(0, self), levels, [.. below.Skip((page - 1) * pageSize).Take(pageSize)], below.Count);

        long? ParentOf(PeriodMember p) => tree == Tree.Sponsor ? p.SponsorId : p.PlacementId;
        string? Handle(long? id) => id is { } i && byId.TryGetValue(i, out var r) ? r.Handle : null;
        bool Above(long upper, long member)
        {
            // Up the period's tree from the member: found the viewer, or a root.
            for (var at = ParentOf(byId[member].P); at is { } a && byId.ContainsKey(a); at = ParentOf(byId[a].P))
            {
                if (a == upper) return true;
            }
            return false;
        }
    }

    private sealed record Row(PeriodMember P, string Handle, string Name);

    /// <summary>The closed periods whose genealogy is kept, newest first (the periods a page offers).</summary>
    public async Task<IReadOnlyList<string>> PeriodsAsync(CancellationToken ct = default) =>
        await db.Periods.AsNoTracking().Where(p => p.TreeKept).OrderByDescending(p => p.EndsOn).Select(p => p.Key).ToListAsync(ct);
}
