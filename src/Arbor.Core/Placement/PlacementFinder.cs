using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Placement;

/// <summary>
/// Finds a free slot in the company's placement tree (binary or forced matrix). The database's
/// unique (parent, position) key is the last word: when two enrollments race for one slot,
/// one insert fails and <see cref="Members.EnrollMember"/> asks again.
/// </summary>
internal sealed class PlacementFinder(ArborContext db, Company company)
{
    private int Width => company.Placement == "binary" ? 2 : company.MatrixWidth;

    public async Task<Outcome<PlacementSlot>> FindAsync(Member sponsor, PlacementRequest request, CancellationToken ct)
    {
        if (sponsor.PlacementPath is null) return Outcome<PlacementSlot>.Fail("sponsor", $"sponsor '{sponsor.Handle}' has no place in the placement tree");
        if (company.Placement == "matrix")
        {
            if (request.Mode == BinaryPlacement.Manual) return Outcome<PlacementSlot>.Fail("placement", "a forced matrix places members itself: manual placement is not allowed");
            return await FirstFreeBreadthFirstAsync(sponsor, ct);
        }
        var mode = request.Mode == BinaryPlacement.Default ? ParseDefault(company.BinaryDefault) : request.Mode;
        return mode switch
        {
            BinaryPlacement.Manual => await ManualAsync(sponsor, request, ct),
            BinaryPlacement.ExtremeLeft => await ExtremeAsync(sponsor, 0, ct),
            BinaryPlacement.ExtremeRight => await ExtremeAsync(sponsor, 1, ct),
            BinaryPlacement.WeakerLeg => await WeakerLegAsync(sponsor, ct),
            BinaryPlacement.Default => throw new InvalidOperationException("resolved above"),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };
    }

    private static BinaryPlacement ParseDefault(string value) => value switch
    {
        "extreme_left" => BinaryPlacement.ExtremeLeft,
        "extreme_right" => BinaryPlacement.ExtremeRight,
        _ => BinaryPlacement.WeakerLeg,
    };

    private async Task<Outcome<PlacementSlot>> ManualAsync(Member sponsor, PlacementRequest request, CancellationToken ct)
    {
        if (request.ParentHandle is null || request.Position is not (0 or 1)) return Outcome<PlacementSlot>.Fail("placement", "manual placement needs a parent and a side, L or R");
        var parent = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == request.ParentHandle, ct);
        if (parent?.PlacementPath is null) return Outcome<PlacementSlot>.Fail("placement", $"unknown placement parent '{request.ParentHandle}'");
        if (!parent.PlacementPath.StartsWith(sponsor.PlacementPath!, StringComparison.Ordinal))
        {
            return Outcome<PlacementSlot>.Fail("placement", $"'{parent.Handle}' is not in the placement subtree of the sponsor '{sponsor.Handle}'");
        }
        var position = request.Position.Value;
        if (await db.Members.AnyAsync(m => m.PlacementParentId == parent.Id && m.PlacementPosition == position, ct))
        {
            return Outcome<PlacementSlot>.Fail("placement", $"the {(position == 0 ? "left" : "right")} spot under '{parent.Handle}' is taken");
        }
        return Slot(parent, position);
    }

    private async Task<Outcome<PlacementSlot>> ExtremeAsync(Member sponsor, int side, CancellationToken ct)
    {
        var node = (Id: sponsor.Id, Path: sponsor.PlacementPath!, Depth: sponsor.PlacementDepth ?? 0);
        while (true)
        {
            var id = node.Id;
            var child = await db.Members.AsNoTracking()
                .Where(m => m.PlacementParentId == id && m.PlacementPosition == side)
                .Select(m => new { m.Id, m.PlacementPath, m.PlacementDepth })
                .SingleOrDefaultAsync(ct);
            if (child is null) return new PlacementSlot(node.Id, side, TreePath.PlacementChild(node.Path, side), node.Depth + 1);
            node = (child.Id, child.PlacementPath!, child.PlacementDepth ?? 0);
        }
    }

    private async Task<Outcome<PlacementSlot>> WeakerLegAsync(Member sponsor, CancellationToken ct)
    {
        var sponsorId = sponsor.Id;
        var children = await db.Members.AsNoTracking().Where(m => m.PlacementParentId == sponsorId)
            .Select(m => new { m.Id, m.PlacementPosition, m.PlacementPath, m.PlacementDepth, m.Handle }).ToListAsync(ct);
        for (var side = 0; side < 2; side++)
        {
            if (children.All(c => c.PlacementPosition != side)) return Slot(sponsor, side);
        }
        // Both sides taken: the leg with fewer members (left on a tie), first free spot breadth-first.
        var sizes = new long[2];
        foreach (var c in children) sizes[c.PlacementPosition!.Value] = await CountSubtreeAsync(c.PlacementPath!, ct);
        var weaker = children.Single(c => c.PlacementPosition == (sizes[1] < sizes[0] ? 1 : 0));
        var head = await db.Members.AsNoTracking().SingleAsync(m => m.Id == weaker.Id, ct);
        return await FirstFreeBreadthFirstAsync(head, ct);
    }

    private Task<int> CountSubtreeAsync(string path, CancellationToken ct)
    {
        var upper = TreePath.UpperBound(path);
        return db.Members.CountAsync(m => string.Compare(m.PlacementPath, path) >= 0 && string.Compare(m.PlacementPath, upper) < 0, ct);
    }

    /// <summary>The shallowest, then leftmost, member of the subtree with a free position; its first free position.</summary>
    private async Task<Outcome<PlacementSlot>> FirstFreeBreadthFirstAsync(Member head, CancellationToken ct)
    {
        var width = Width;
        var path = head.PlacementPath!;
        var upper = TreePath.UpperBound(path);
        // Placement paths sort level by level from left to right, so (depth, path) is breadth-first order.
        while (true)
        {
            var open = await db.Members.AsNoTracking()
                .Where(m => string.Compare(m.PlacementPath, path) >= 0 && string.Compare(m.PlacementPath, upper) < 0)
                .Where(m => db.Members.Count(c => c.PlacementParentId == m.Id) < width)
                .OrderBy(m => m.PlacementDepth).ThenBy(m => m.PlacementPath)
                .FirstAsync(ct);
            var openId = open.Id;
            var taken = await db.Members.Where(c => c.PlacementParentId == openId).Select(c => c.PlacementPosition!.Value).ToListAsync(ct);
            // A parallel enrollment may have filled the spot between the two reads: look again.
            var free = Enumerable.Range(0, width).Where(p => !taken.Contains(p)).ToList();
            if (free.Count > 0) return Slot(open, free[0]);
        }
    }

    private static PlacementSlot Slot(Member parent, int position) =>
        new(parent.Id, position, TreePath.PlacementChild(parent.PlacementPath!, position), (parent.PlacementDepth ?? 0) + 1);
}
