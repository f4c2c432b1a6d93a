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
        foreach (var m in TopDown)
        {
            var p = Parent[m];
            up[m] = p < 0 ? -1 : stop(p) ? p : up[p];
        }
        return up;
    }
}
