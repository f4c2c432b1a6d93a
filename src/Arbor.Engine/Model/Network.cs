namespace Arbor.Engine.Model;

/// <summary>Placement side of a member under its placement parent.</summary>
public enum Side : byte
{
    /// <summary>Not placed (a placement root).</summary>
    None = 0,
    Left = 1,
    Right = 2,
}

/// <summary>
/// The members of one period's input, as parallel arrays indexed by dense member numbers
/// (0..Count-1, input order). Built by <see cref="NetworkBuilder"/>, which guarantees that
/// both trees are acyclic and every reference resolves.
/// </summary>
public sealed class Network
{
    internal Network(int count)
    {
        Count = count;
        Ids = new string[count];
        Lines = new int[count];
        Sponsor = new int[count];
        PlacementParent = new int[count];
        Side = new Side[count];
        JoinedOn = new int[count];
        Terminated = new bool[count];
        HighestRank = new int[count];
        CarryLeft = new decimal[count];
        CarryRight = new decimal[count];
    }

    /// <summary>Number of members.</summary>
    public int Count { get; }

    /// <summary>Member ids as given.</summary>
    public string[] Ids { get; }

    /// <summary>Where each member came from (the 1-based line of the members file, or a row number).</summary>
    public int[] Lines { get; }

    /// <summary>Sponsor's member number, or -1 for a root.</summary>
    public int[] Sponsor { get; }

    /// <summary>Placement parent's member number, or -1 for a placement root.</summary>
    public int[] PlacementParent { get; }

    /// <summary>Side under the placement parent.</summary>
    public Side[] Side { get; }

    /// <summary>Join date as <see cref="DateOnly.DayNumber"/>.</summary>
    public int[] JoinedOn { get; }

    /// <summary>True for terminated members: never active, never ranked, never paid.</summary>
    public bool[] Terminated { get; }

    /// <summary>Highest rank held before the period (rank index).</summary>
    public int[] HighestRank { get; }

    /// <summary>Binary carry-over volume brought into the period, left side.</summary>
    public decimal[] CarryLeft { get; }

    /// <summary>Binary carry-over volume brought into the period, right side.</summary>
    public decimal[] CarryRight { get; }

    private Dictionary<string, int>? _index;

    /// <summary>The member number of <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id) => IndexOf(id.AsSpan());

    /// <summary>The member number of <paramref name="id"/>, or -1, without allocating a string.</summary>
    public int IndexOf(ReadOnlySpan<char> id)
    {
        if (_index is null)
        {
            var index = new Dictionary<string, int>(Count, StringComparer.Ordinal);
            for (var i = 0; i < Count; i++) index[Ids[i]] = i;
            _index = index;
        }
        return _index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var m) ? m : -1;
    }

    internal void SetIndex(Dictionary<string, int> index) => _index = index;

    private Utf8IdIndex? _utf8Index;

    /// <summary>The member number of the id <paramref name="utf8"/> (UTF-8 bytes), or -1; safe from several threads.</summary>
    public int IndexOfUtf8(ReadOnlySpan<byte> utf8) =>
        LazyInitializer.EnsureInitialized(ref _utf8Index, () => new Utf8IdIndex(Ids)).IndexOf(utf8);
}
