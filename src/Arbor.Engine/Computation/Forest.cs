using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// A forest over member numbers given by a parent array: children in compressed rows
/// (input order) and a top-down order (every parent before its children): member order when
/// every parent's number is below its children's, else breadth first. Reversed, the order is
/// a bottom-up pass. The parent array must be acyclic (the builders check it).
/// </summary>
internal sealed class Forest
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Forest(int[] parent)
    {
        var n = parent.Length;
        Parent = parent;
        ChildStart = new int[n + 1];
        foreach (var p in parent)
        {
            if (p >= 0) ChildStart[p + 1]++;
        }
        for (var i = 0; i < n; i++) ChildStart[i + 1] += ChildStart[i];
        Children = new int[ChildStart[n]];
        var fill = ChildStart.AsSpan(0, n).ToArray();
        for (var i = 0; i < n; i++)
        {
            var p = parent[i];
            if (p >= 0) Children[fill[p]++] = i;
        }

        TopDown = new int[n];
        Depth = new int[n];
        if (ParentsFirst(parent))
        {
            // Members numbered in order of joining (sponsors before their recruits): member order
            // is a top-down order, so bottom-up passes read the members' arrays in order.
            for (var i = 0; i < n; i++)
            {
                TopDown[i] = i;
                Depth[i] = parent[i] < 0 ? 0 : Depth[parent[i]] + 1;
            }
            return;
        }
        var head = 0;
        var tail = 0;
        for (var i = 0; i < n; i++)
        {
            if (parent[i] < 0) TopDown[tail++] = i;
        }
        while (head < tail)
        {
            var m = TopDown[head++];
            for (var c = ChildStart[m]; c < ChildStart[m + 1]; c++)
            {
                var child = Children[c];
                Depth[child] = Depth[m] + 1;
                TopDown[tail++] = child;
            }
        }
        if (tail != n) throw new InvalidOperationException("The parent array has a cycle; build the network with NetworkBuilder.");
    }

    private static bool ParentsFirst(int[] parent)
    {
        for (var i = 0; i < parent.Length; i++)
        {
            if (parent[i] >= i) return false;
        }
        return true;
    }

    /// <summary>A pass over members given in top-down order (walked from the end for a bottom-up pass).</summary>
    public delegate void Pass(ReadOnlySpan<int> topDown);

    /// <summary>
    /// Runs a bottom-up pass on every core: <paramref name="pass"/> gets groups of whole
    /// subtrees side by side, then the members above them. Each call's members have their
    /// children in the same call or an earlier one, so a member may read what the pass wrote
    /// for its children but write only its own values.
    /// </summary>
    public void WalkBottomUp(Pass pass)
    {
        var (top, groups) = Cut;
        Parallel.For(0, groups.Length, g => pass(groups[g]));
        pass(top);
    }

    /// <summary>
    /// Runs a top-down pass on every core: <paramref name="pass"/> gets the members above the
    /// cut subtrees first, then the groups of whole subtrees side by side. A member may read
    /// what the pass wrote for its ancestors but write only its own values.
    /// </summary>
    public void WalkTopDown(Pass pass)
    {
        var (top, groups) = Cut;
        pass(top);
        Parallel.For(0, groups.Length, g => pass(groups[g]));
    }

    /// <summary>
    /// The forest cut for passes on every core: whole subtrees of at most 1/16 of the members
    /// per core in groups of about equal size, one per core (members in top-down order), and the
    /// members above them (those with larger subtrees). Small forests are not cut.
    /// </summary>
    private (int[] Top, int[][] Groups) Cut => _cut ??= CutIntoGroups();

    private (int[] Top, int[][] Groups)? _cut;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int[] Top, int[][] Groups) CutIntoGroups()
    {
        var n = Parent.Length;
        var cores = Runtime.Cores.Parts;
        if (cores == 1 || n < MinMembersToCut) return (TopDown, []);
        var size = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var m = TopDown[i];
            size[m]++;
            if (Parent[m] >= 0) size[Parent[m]] += size[m];
        }
        // Top-down: a member whose subtree is small enough while its parent's is not starts a
        // piece, given to the group with the fewest members so far; its subtree follows it.
        var limit = Math.Max(1, n / (16 * cores));
        var group = new int[n];
        var members = new int[cores];
        var topCount = 0;
        foreach (var m in TopDown)
        {
            var p = Parent[m];
            if (size[m] > limit)
            {
                group[m] = -1;
                topCount++;
            }
            else if (p >= 0 && size[p] <= limit) group[m] = group[p];
            else
            {
                var g = 0;
                for (var k = 1; k < cores; k++) if (members[k] < members[g]) g = k;
                group[m] = g;
                members[g] += size[m];
            }
        }
        var top = new int[topCount];
        var groups = new int[cores][];
        for (var g = 0; g < cores; g++) groups[g] = new int[members[g]];
        var filled = new int[cores];
        topCount = 0;
        foreach (var m in TopDown)
        {
            var g = group[m];
            if (g < 0) top[topCount++] = m;
            else groups[g][filled[g]++] = m;
        }
        return (top, groups);
    }

    /// <summary>Below this many members, passes run on one core.</summary>
    internal const int MinMembersToCut = 4096;

    public int[] Parent { get; }
    public int[] ChildStart { get; }
    public int[] Children { get; }
    public int[] TopDown { get; }
    public int[] Depth { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> ChildrenOf(int m) => Children.AsSpan(ChildStart[m], ChildStart[m + 1] - ChildStart[m]);

    /// <summary>
    /// For every member, the nearest strict ancestor for which <paramref name="stop"/> holds, or -1:
    /// a jump pointer that lets upline walks skip members that cannot be paid.
    /// </summary>
    public int[] NearestAncestorWhere(Func<int, bool> stop)
    {
        var up = new int[Parent.Length];
        WalkTopDown([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            foreach (var m in topDown)
            {
                var p = Parent[m];
                up[m] = p < 0 ? -1 : stop(p) ? p : up[p];
            }
        });
        return up;
    }
}
