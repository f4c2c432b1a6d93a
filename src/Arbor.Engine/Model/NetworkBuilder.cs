using System.Runtime.CompilerServices;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Model;

/// <summary>
/// Collects member rows from any source (a batch file, a database) and builds a
/// <see cref="Network"/>, checking what the contract requires of the whole set: unique
/// ids, sponsors and placement parents that exist, no cycle in either tree, at most one
/// member per side of a placement parent. Errors name the source and the row's line.
/// </summary>
public sealed class NetworkBuilder
{
    private readonly List<Row> _rows;

    // Ids and references as UTF-8, one per row (an empty reference is none): no string per member.
    private readonly IdList.Builder _ids = new();
    private readonly IdList.Builder _sponsors = new();
    private readonly IdList.Builder _placements = new();

    /// <summary>A builder with room for <paramref name="capacity"/> members before it grows.</summary>
    public NetworkBuilder(int capacity = 0) => _rows = new List<Row>(capacity);

    /// <summary>Number of rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds one member. <paramref name="line"/> locates it in error messages.</summary>
    public void Add(int line, string id, string? sponsorId, DateOnly joinedOn, bool terminated,
        string? placementId, Side side, int highestRank, decimal carryLeft, decimal carryRight, int position = 0)
    {
        _ids.Add(id);
        _sponsors.Add(sponsorId ?? "");
        _placements.Add(placementId ?? "");
        _rows.Add(new Row(line, side, position, joinedOn.DayNumber, terminated, highestRank, carryLeft, carryRight));
    }

    /// <summary>Adds one member, its id and references as UTF-8 (empty for none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(int line, ReadOnlySpan<byte> id, ReadOnlySpan<byte> sponsorId, DateOnly joinedOn, bool terminated,
        ReadOnlySpan<byte> placementId, Side side, int highestRank, decimal carryLeft, decimal carryRight, int position = 0)
    {
        _ids.Add(id);
        _sponsors.Add(sponsorId);
        _placements.Add(placementId);
        _rows.Add(new Row(line, side, position, joinedOn.DayNumber, terminated, highestRank, carryLeft, carryRight));
    }

    /// <summary>Builds the network; <paramref name="source"/> names the file (or other source) in error messages.</summary>
    /// <exception cref="InputException">The rows do not form valid trees.</exception>
    public Network Build(string source) => Build([this], source);

    /// <summary>
    /// Builds one network of the rows of <paramref name="parts"/> in order (a file read in chunks).
    /// Every source (files, the database's snapshot) comes through here, so a failure on one of the
    /// cores reaches the caller as itself, not wrapped in an <see cref="AggregateException"/>.
    /// </summary>
    /// <exception cref="InputException">The rows do not form valid trees.</exception>
    internal static Network Build(IReadOnlyList<NetworkBuilder> parts, string source) =>
        Runtime.WorkerExceptions.Unwrapped(() => BuildParts(parts, source));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Network BuildParts(IReadOnlyList<NetworkBuilder> parts, string source)
    {
        var errors = new ErrorList(source);
        var count = parts.Sum(p => p.Count);
        var network = new Network(count);
        var ids = IdList.Concat([.. parts.Select(p => p._ids)]);
        // The references are joined on another core while the ids are indexed.
        var joining = Task.Run(() => (IdList.Concat([.. parts.Select(p => p._sponsors)]), IdList.Concat([.. parts.Select(p => p._placements)])));
        var duplicates = new List<(int First, int Again)>();
        var index = new Utf8IdIndex(ids, duplicates);
        network.SetIds(ids, index);
        var firsts = new int[parts.Count];
        for (var p = 1; p < parts.Count; p++) firsts[p] = firsts[p - 1] + parts[p - 1].Count;
        Parallel.For(0, parts.Count, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int p) =>
        {
            var rows = parts[p]._rows;
            for (int r = 0, i = firsts[p]; r < rows.Count; r++, i++)
            {
                var row = rows[r];
                network.Lines[i] = row.Line;
                network.JoinedOn[i] = row.JoinedOn;
                network.Terminated[i] = row.Terminated;
                network.HighestRank[i] = row.HighestRank;
                network.CarryLeft[i] = row.CarryLeft;
                network.CarryRight[i] = row.CarryRight;
                network.Side[i] = row.Side;
                network.Position[i] = row.Position;
            }
        });
        foreach (var (first, again) in duplicates)
        {
            errors.Add(network.Lines[again], $"duplicate member id '{ids[again]}' (already on line {network.Lines[first]})");
        }

        // References are resolved on every core, each range of rows into its own errors, joined in row order.
        var (sponsors, placements) = joining.GetAwaiter().GetResult();
        var ranges = Math.Clamp(count / 65_536, 1, Cores.Parts);
        var rangeErrors = new ErrorList[ranges];
        Parallel.For(0, ranges, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int r) =>
        {
            var found = rangeErrors[r] = new ErrorList(source);
            var (from, to) = (Cores.RangeStart(count, r, ranges), Cores.RangeStart(count, r + 1, ranges));
            index.Resolve(sponsors, from, to, network.Sponsor);
            index.Resolve(placements, from, to, network.PlacementParent);
            for (var i = from; i < to; i++)
            {
                CheckFound(network.Sponsor, sponsors, i, "sponsor_id", network.Lines[i], ids, found);
                CheckFound(network.PlacementParent, placements, i, "placement_id", network.Lines[i], ids, found);
                if (network.PlacementParent[i] >= 0 && network.Side[i] == Side.None)
                {
                    found.Add(network.Lines[i], $"member '{ids[i]}' has a placement_id but no side (expected L, R or a position number)");
                }
            }
        });
        foreach (var found in rangeErrors) errors.AddRange(found);
        errors.ThrowIfAny();

        // The three checks side by side, each into its own errors, joined in this order.
        ErrorList sponsorCycles = new(source), placementCycles = new(source), sides = new(source);
        Parallel.Invoke(
            () => FindCycles(network, network.Sponsor, "sponsor", sponsorCycles),
            () => FindCycles(network, network.PlacementParent, "placement", placementCycles),
            () => CheckSides(network, sides));
        foreach (var found in new[] { sponsorCycles, placementCycles, sides }) errors.AddRange(found);
        errors.ThrowIfAny();
        return network;
    }

    /// <summary>Reports member <paramref name="i"/>'s reference in <paramref name="column"/> when it names no member, and leaves it empty (-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckFound(int[] parent, IdList references, int i, string column, int line, IdList ids, ErrorList errors)
    {
        if (parent[i] != Utf8IdIndex.NamesNoMember) return;
        errors.Add(line, $"{column} '{references[i]}' of member '{ids[i]}' does not name any member in the file");
        parent[i] = -1;
    }

    /// <summary>Reports each cycle of a parent array once, at the line of its member that comes first in the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FindCycles(Network network, int[] parent, string tree, ErrorList errors)
    {
        var state = new byte[network.Count]; // 0 unseen, 1 on the current path, 2 done
        var path = new List<int>();
        for (var start = 0; start < network.Count; start++)
        {
            if (state[start] != 0) continue;
            path.Clear();
            var m = start;
            while (m >= 0 && state[m] == 0)
            {
                state[m] = 1;
                path.Add(m);
                m = parent[m];
            }
            if (m >= 0 && state[m] == 1)
            {
                var from = path.IndexOf(m);
                var cycle = path.GetRange(from, path.Count - from);
                var first = cycle.MinBy(c => network.Lines[c]);
                var at = cycle.IndexOf(first);
                var names = cycle.Skip(at).Concat(cycle.Take(at)).Select(c => $"'{network.Ids[c]}'").ToList();
                names.Add(names[0]);
                var relation = tree == "sponsor" ? "sponsors" : "is placed under";
                errors.Add(network.Lines[first],
                    $"{tree} cycle: {string.Join(" → ", names)} (each {relation} the next, so the tree has no top)");
            }
            foreach (var p in path) state[p] = 2;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckSides(Network network, ErrorList errors)
    {
        var left = new int[network.Count];
        var right = new int[network.Count];
        Array.Fill(left, -1);
        Array.Fill(right, -1);
        var positions = new Dictionary<(int Parent, int Position), int>();
        for (var i = 0; i < network.Count; i++)
        {
            var p = network.PlacementParent[i];
            if (p < 0) continue;
            if (network.Side[i] == Side.Numbered)
            {
                // Numbered positions of a matrix: few per parent, and rarer than L and R.
                if (!positions.TryAdd((p, network.Position[i]), i))
                {
                    var holder = positions[(p, network.Position[i])];
                    errors.Add(network.Lines[i],
                        $"member '{network.Ids[i]}' is placed at position {network.Position[i]} of '{network.Ids[p]}', which member '{network.Ids[holder]}' (line {network.Lines[holder]}) already holds");
                }
                continue;
            }
            var slots = network.Side[i] == Side.Left ? left : right;
            if (slots[p] >= 0)
            {
                var other = slots[p];
                var side = network.Side[i] == Side.Left ? "L" : "R";
                errors.Add(network.Lines[i],
                    $"member '{network.Ids[i]}' is placed on side {side} of '{network.Ids[p]}', which member '{network.Ids[other]}' (line {network.Lines[other]}) already holds");
            }
            else slots[p] = i;
        }
    }

    private readonly record struct Row(
        int Line, Side Side, int Position, int JoinedOn, bool Terminated, int HighestRank, decimal CarryLeft, decimal CarryRight);
}
