using Arbor.Engine.Computation;

namespace Arbor.Engine.Tests;

/// <summary>
/// Passes over the sponsor tree on every core (<see cref="Forest.WalkBottomUp"/>,
/// <see cref="Forest.WalkTopDown"/>): every member once, and never before what it depends on.
/// </summary>
public class ForestTests
{
    /// <summary>Random forests of a few roots, numbered parents first or not.</summary>
    private static int[] Parents(int size, int seed, bool shuffled)
    {
        var random = new Random(seed);
        var parent = new int[size];
        for (var i = 0; i < size; i++) parent[i] = i < 3 ? -1 : random.Next(4) == 0 ? random.Next(i) : i - 1 - random.Next(Math.Min(i, 30));
        if (!shuffled) return parent;
        var number = Enumerable.Range(0, size).ToArray();
        random.Shuffle(number);
        var renumbered = new int[size];
        for (var i = 0; i < size; i++) renumbered[number[i]] = parent[i] < 0 ? -1 : number[parent[i]];
        return renumbered;
    }

    /// <summary>Each call of the pass, in the order the calls started, with the members it got.</summary>
    private static (int[] Call, int[] Position, int Calls) Record(Action<Forest.Pass> walk, int size)
    {
        var call = new int[size];
        var position = new int[size];
        var seen = new int[size];
        var calls = 0;
        walk(members =>
        {
            var c = Interlocked.Increment(ref calls) - 1;
            for (var i = 0; i < members.Length; i++)
            {
                Interlocked.Increment(ref seen[members[i]]);
                call[members[i]] = c;
                position[members[i]] = i;
            }
        });
        Assert.All(seen, s => Assert.Equal(1, s));
        return (call, position, calls);
    }

    [Theory]
    [InlineData(50_000, 1, false)]
    [InlineData(50_000, 2, true)]
    [InlineData(Forest.MinMembersToCut + 1, 3, true)]
    [InlineData(100, 4, false)]
    public void BottomUp_ReachesEveryMemberOnce_ItsFrontlineBeforeIt(int size, int seed, bool shuffled)
    {
        var parent = Parents(size, seed, shuffled);
        var forest = new Forest(parent);
        var (call, position, calls) = Record(forest.WalkBottomUp, size);
        // A call's members are walked from its end, and the members above the cut come last.
        for (var m = 0; m < size; m++)
        {
            var p = parent[m];
            if (p < 0) continue;
            Assert.True(call[p] == call[m] ? position[p] < position[m] : call[p] == calls - 1, $"member {m} after its sponsor {p}");
        }
        if (size >= Forest.MinMembersToCut && Environment.ProcessorCount > 1) Assert.True(calls > 2, "a large forest is cut into groups");
    }

    [Theory]
    [InlineData(50_000, 5, false)]
    [InlineData(50_000, 6, true)]
    [InlineData(100, 7, true)]
    public void TopDown_ReachesEveryMemberOnce_ItsSponsorBeforeIt(int size, int seed, bool shuffled)
    {
        var parent = Parents(size, seed, shuffled);
        var forest = new Forest(parent);
        var (call, position, calls) = Record(forest.WalkTopDown, size);
        // The members above the cut come first.
        for (var m = 0; m < size; m++)
        {
            var p = parent[m];
            if (p < 0) continue;
            Assert.True(call[p] == call[m] ? position[p] < position[m] : call[p] == 0, $"member {m} before its sponsor {p}");
        }
        if (size >= Forest.MinMembersToCut && Environment.ProcessorCount > 1) Assert.True(calls > 2, "a large forest is cut into groups");
    }

    [Fact]
    public void NearestAncestorWhere_IsTheFirstSuchAncestorUp()
    {
        var parent = Parents(30_000, 8, shuffled: true);
        var forest = new Forest(parent);
        var up = forest.NearestAncestorWhere(m => m % 3 == 0);
        for (var m = 0; m < parent.Length; m++)
        {
            var u = parent[m];
            while (u >= 0 && u % 3 != 0) u = parent[u];
            Assert.Equal(u, up[m]);
        }
    }
}
