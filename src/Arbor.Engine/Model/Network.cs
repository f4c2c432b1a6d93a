namespace Arbor.Engine.Model;

/// <summary>Placement side of a member under its placement parent.</summary>
public enum Side : byte
{
    /// <summary>Not placed (a placement root).</summary>
    None = 0,
    Left = 1,
    Right = 2,

    /// <summary>At a numbered position of a matrix (section 9.1): <see cref="Network.Position"/>.</summary>
    Numbered = 3,
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
        Lines = new int[count];
        Sponsor = new int[count];
        PlacementParent = new int[count];
        Side = new Side[count];
        Position = new int[count];
        JoinedOn = new int[count];
        Terminated = new bool[count];
        HighestRank = new int[count];
        CarryLeft = new decimal[count];
        CarryRight = new decimal[count];
    }

    /// <summary>Number of members.</summary>
    public int Count { get; }

    /// <summary>Member ids as given (invalid UTF-8 as U+FFFD).</summary>
    public IdList Ids { get; private set; } = IdList.Empty;

    /// <summary>Where each member came from (the 1-based line of the members file, or a row number).</summary>
    public int[] Lines { get; }

    /// <summary>Sponsor's member number, or -1 for a root.</summary>
    public int[] Sponsor { get; }

    /// <summary>Placement parent's member number, or -1 for a placement root.</summary>
    public int[] PlacementParent { get; }

    /// <summary>Side under the placement parent.</summary>
    public Side[] Side { get; }

    /// <summary>The numbered position (from 1) under the placement parent when <see cref="Side"/> is <see cref="Model.Side.Numbered"/>, else 0.</summary>
    public int[] Position { get; }

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

    private Utf8IdIndex? _index;

    /// <summary>Sets the ids and their index (<see cref="NetworkBuilder"/>).</summary>
    internal void SetIds(IdList ids, Utf8IdIndex index)
    {
        Ids = ids;
        _index = index;
    }

    /// <summary>The member number of <paramref name="id"/>, or -1.</summary>
    public int IndexOf(string id) => IndexOf(id.AsSpan());

    /// <summary>The member number of <paramref name="id"/>, or -1, without allocating a string.</summary>
    public int IndexOf(ReadOnlySpan<char> id)
    {
        // Ids are kept as UTF-8, with U+FFFD for what was not: encoded the same way, they match.
        Span<byte> buffer = stackalloc byte[256];
        var length = System.Text.Encoding.UTF8.GetByteCount(id);
        var utf8 = length <= buffer.Length ? buffer[..length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(id, utf8);
        return IndexOfUtf8(utf8);
    }

    /// <summary>The member number of the id <paramref name="utf8"/> (UTF-8 bytes), or -1; safe from several threads.</summary>
    public int IndexOfUtf8(ReadOnlySpan<byte> utf8) => _index?.IndexOf(utf8) ?? -1;

    /// <summary>The index of the ids when they are indexed by number (<c>M0</c> … <c>M999999</c>, see <see cref="Utf8IdIndex"/>), else null.</summary>
    internal Utf8IdIndex? NumberedIds => _index is { IsNumbered: true } index ? index : null;
}
