using Arbor.Core.Members;
using Arbor.Core.Placement;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Tests;

public class PlacementTests
{
    private static async Task<Dictionary<string, (string? Parent, int? Position)>> SlotsAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var members = await db.Members.AsNoTracking().ToListAsync();
        var handles = members.ToDictionary(m => m.Id, m => m.Handle);
        return members.ToDictionary(m => m.Handle, m => (m.PlacementParentId is { } p ? handles[p] : null, m.PlacementPosition));
    }

    private static async Task<Outcome<Data.Member>> EnrollAsync(TestDatabase t, string handle, string sponsor, PlacementRequest? placement = null)
    {
        await using var db = t.Context();
        return await new EnrollMember(db).RunAsync(MemberTests.Person(handle, sponsor) with { Placement = placement });
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Binary_ExtremeLeftAndRight_FollowTheOutsideEdge(string kind)
    {
        using var t = await MemberTests.CompanyAsync(kind, "binary", "extreme_left");
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("C", "ROOT"));
        (await EnrollAsync(t, "R1", "ROOT", new PlacementRequest(BinaryPlacement.ExtremeRight))).Unwrap();
        (await EnrollAsync(t, "R2", "ROOT", new PlacementRequest(BinaryPlacement.ExtremeRight))).Unwrap();
        // B's own extreme left is under B: B has no children yet, so B's left.
        (await EnrollAsync(t, "B1", "B")).Unwrap();

        var slots = await SlotsAsync(t);
        Assert.Equal(("ROOT", 0), slots["A"]);
        Assert.Equal(("A", 0), slots["B"]);
        Assert.Equal(("B", 0), slots["C"]);
        Assert.Equal(("ROOT", 1), slots["R1"]);
        Assert.Equal(("R1", 1), slots["R2"]);
        Assert.Equal(("C", 0), slots["B1"]);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Binary_WeakerLeg_FillsFreeSidesThenTheSmallerLegBreadthFirst(string kind)
    {
        using var t = await MemberTests.CompanyAsync(kind, "binary", "weaker_leg");
        // A left, B right (free sides first); C: legs 1 and 1, tie → left leg, first free spot: A's left.
        // D: legs 2 and 1 → right leg: B's left. E: legs 2 and 2 → left: A's right.
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("C", "ROOT"), ("D", "ROOT"), ("E", "ROOT"));
        var slots = await SlotsAsync(t);
        Assert.Equal(("ROOT", 0), slots["A"]);
        Assert.Equal(("ROOT", 1), slots["B"]);
        Assert.Equal(("A", 0), slots["C"]);
        Assert.Equal(("B", 0), slots["D"]);
        Assert.Equal(("A", 1), slots["E"]);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Binary_Manual_OnlyInsideTheSponsorsSubtree_AndOnlyFreeSpots(string kind)
    {
        using var t = await MemberTests.CompanyAsync(kind, "binary", "extreme_left");
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"));
        (await EnrollAsync(t, "B", "ROOT", PlacementRequest.Manual("ROOT", 1))).Unwrap();
        var taken = await EnrollAsync(t, "C", "ROOT", PlacementRequest.Manual("ROOT", 1));
        Assert.Equal(new Problem("placement", "the right spot under 'ROOT' is taken"), taken.Problem);
        var outside = await EnrollAsync(t, "D", "A", PlacementRequest.Manual("B", 0));
        Assert.Equal(new Problem("placement", "'B' is not in the placement subtree of the sponsor 'A'"), outside.Problem);
        (await EnrollAsync(t, "E", "A", PlacementRequest.Manual("A", 1))).Unwrap();
        var slots = await SlotsAsync(t);
        Assert.Equal(("A", 1), slots["E"]);
        Assert.Equal(4, slots.Count);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task Matrix_FillsBreadthFirstLeftToRight(string kind)
    {
        using var t = await MemberTests.CompanyAsync(kind, "matrix", width: 3);
        await MemberTests.EnrollAsync(t, ("ROOT", null), ("A", "ROOT"), ("B", "ROOT"), ("C", "ROOT"), ("D", "ROOT"), ("E", "ROOT"), ("F", "B"), ("G", "ROOT"));
        var slots = await SlotsAsync(t);
        Assert.Equal([("ROOT", 0), ("ROOT", 1), ("ROOT", 2), ("A", 0), ("A", 1)], new[] { "A", "B", "C", "D", "E" }.Select(h => slots[h]));
        // F is sponsored by B: the first free spot under B is B's first position.
        Assert.Equal(("B", 0), slots["F"]);
        Assert.Equal(("A", 2), slots["G"]);
        var manual = await EnrollAsync(t, "H", "ROOT", PlacementRequest.Manual("C", 0));
        Assert.Equal("placement", manual.Problem?.Where);
    }

    [Theory]
    [OnSqlite, OnPostgres]
    public async Task ParallelEnrollments_NeverTakeTheSameSlot(string kind)
    {
        using var t = await MemberTests.CompanyAsync(kind, "binary", "weaker_leg");
        await MemberTests.EnrollAsync(t, ("ROOT", null));
        var handles = Enumerable.Range(1, 24).Select(i => $"P{i:D2}").ToList();
        await Parallel.ForEachAsync(handles, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (h, ct) => (await EnrollAsync(t, h, "ROOT")).Unwrap());

        var slots = await SlotsAsync(t);
        Assert.Equal(25, slots.Count);
        var placed = slots.Where(s => s.Key != "ROOT").Select(s => s.Value).ToList();
        Assert.Equal(placed.Count, placed.Distinct().Count());
        Assert.All(placed, s => Assert.True(s.Parent == "ROOT" || slots.ContainsKey(s.Parent!)));
    }
}
