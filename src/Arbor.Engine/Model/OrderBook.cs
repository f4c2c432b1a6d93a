using System.Numerics;
using System.Runtime.CompilerServices;

namespace Arbor.Engine.Model;

/// <summary>The kind of an order (contract section 2).</summary>
public enum OrderKind : byte
{
    Personal,
    Retail,
    Return,
}

/// <summary>
/// Orders as parallel arrays indexed by dense order numbers (input order). Built by
/// <see cref="OrderBookBuilder"/>; every order names an existing member. What only some kinds
/// of order have (a retail order's amounts, a return's original) is kept for those orders
/// alone, in order, and found through a count of the orders of that kind before each order.
/// </summary>
public sealed class OrderBook
{
    internal OrderBook(int count)
    {
        Count = count;
        Lines = new int[count];
        Date = new int[count];
        Member = new int[count];
        Kind = new OrderKind[count];
        Pv = new decimal[count];
        Cv = new decimal[count];
        OrdinalRank = new int[count];
    }

    /// <summary>Number of orders.</summary>
    public int Count { get; }

    /// <summary>Order ids as given (invalid UTF-8 as U+FFFD), set by <see cref="Finish"/>.</summary>
    public IdList Ids { get; private set; } = IdList.Empty;

    /// <summary>Where each order came from (the 1-based line of the orders file, or a row number).</summary>
    public int[] Lines { get; }

    /// <summary>Order date as <see cref="DateOnly.DayNumber"/>.</summary>
    public int[] Date { get; }

    /// <summary>The member the order is attributed to.</summary>
    public int[] Member { get; }

    public OrderKind[] Kind { get; }
    public decimal[] Pv { get; }
    public decimal[] Cv { get; }

    /// <summary>What the retail customer paid for order <paramref name="o"/>; 0 unless it is a retail order.</summary>
    public decimal AmountOf(int o) => Kind[o] == OrderKind.Retail ? _retail.Of(_retailBefore.Before(o)).Amount : 0;

    /// <summary>The member price of order <paramref name="o"/>'s goods; 0 unless it is a retail order.</summary>
    public decimal WholesaleOf(int o) => Kind[o] == OrderKind.Retail ? _retail.Of(_retailBefore.Before(o)).Wholesale : 0;

    /// <summary>The id of the order that order <paramref name="o"/> returns, if given; null unless it is a return.</summary>
    public string? OriginalIdOf(int o) => Kind[o] == OrderKind.Return ? _originals.Of(_returnsBefore.Before(o)) : null;

    // Retail orders are a fifth of a large company's and returns fewer: kept per order, their
    // amounts and originals took 40 bytes of every order (120 MB of fresh memory for 3,000,000).
    private Parts<(decimal Amount, decimal Wholesale)> _retail = Parts<(decimal, decimal)>.Empty;
    private Parts<string?> _originals = Parts<string?>.Empty;
    private KindCount _retailBefore;
    private KindCount _returnsBefore;

    /// <summary>Position of each order's id in ordinal string order (ids are unique).</summary>
    public int[] OrdinalRank { get; }

    /// <summary>
    /// The retail customer of each order (retail orders only, the optional <c>customer_id</c> column; an
    /// extension of the contract's orders file, docs/compensation-decisions.md decision 18), or null
    /// when no order has one: the array is made by the first order that names a customer.
    /// </summary>
    public string?[]? CustomerId => _customerId;

    private string?[]? _customerId;

    /// <summary>The customer of order <paramref name="o"/>, or null.</summary>
    public string? CustomerOf(int o) => _customerId?[o];

    private string?[] CustomerIds()
    {
        if (_customerId is { } made) return made;
        // Chunks of a file fill one book at once: the first to need the array makes it.
        Interlocked.CompareExchange(ref _customerId, new string?[Count], null);
        return _customerId;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Set(int i, int line, int date, int member, OrderKind kind, decimal pv, decimal cv, string? customerId = null)
    {
        if (customerId is not null) CustomerIds()[i] = customerId;
        Lines[i] = line;
        Date[i] = date;
        Member[i] = member;
        Kind[i] = kind;
        Pv[i] = pv;
        Cv[i] = cv;
    }

    /// <summary>A book of the orders in <paramref name="ranges"/> of this one, in order (ranks not yet computed).</summary>
    internal OrderBook Compact(IReadOnlyList<(int Start, int Count)> ranges)
    {
        var book = new OrderBook(ranges.Sum(r => r.Count));
        var at = 0;
        foreach (var (start, count) in ranges)
        {
            Array.Copy(Lines, start, book.Lines, at, count);
            Array.Copy(Date, start, book.Date, at, count);
            Array.Copy(Member, start, book.Member, at, count);
            Array.Copy(Kind, start, book.Kind, at, count);
            Array.Copy(Pv, start, book.Pv, at, count);
            Array.Copy(Cv, start, book.Cv, at, count);
            if (_customerId is not null) Array.Copy(_customerId, start, book.CustomerIds(), at, count);
            at += count;
        }
        return book;
    }

    /// <summary>The file (or other source) the orders came from, for messages.</summary>
    internal string Source { get; private set; } = "orders";

    /// <summary>
    /// Sets the ids, one per order, and ranks them in ordinal order; <paramref name="source"/> names
    /// the file in error messages. <paramref name="retail"/> holds the retail orders' amounts and
    /// <paramref name="originals"/> the returns' originals, each in order of the orders, in parts
    /// (one per chunk of a file).
    /// </summary>
    /// <exception cref="InputException">Two orders share an id.</exception>
    internal OrderBook Finish(string source, IdList ids, Parts<(decimal Amount, decimal Wholesale)> retail, Parts<string?> originals)
    {
        if (ids.Count != Count) throw new ArgumentException($"{ids.Count} ids for {Count} orders", nameof(ids));
        (_retailBefore, _returnsBefore) = KindCount.Of(Kind);
        if (retail.Count != _retailBefore.Total || originals.Count != _returnsBefore.Total)
        {
            throw new ArgumentException($"{retail.Count} retail amounts for {_retailBefore.Total} retail orders, {originals.Count} originals for {_returnsBefore.Total} returns");
        }
        (_retail, _originals) = (retail, originals);
        Ids = ids;
        Source = source;
        var duplicates = OrdinalRanks.Compute(Ids, OrdinalRank);
        if (duplicates.Count > 0)
        {
            var errors = new ErrorList(source);
            foreach (var (first, again) in duplicates.OrderBy(d => Lines[d.Again]))
            {
                errors.Add(Lines[again], $"duplicate order id '{Ids[again]}' (already on line {Lines[first]})");
            }
            errors.ThrowIfAny();
        }
        return this;
    }
}

/// <summary>Where a reader puts the orders it reads; ids come as UTF-8.</summary>
internal interface IOrderRows
{
    void Add(int line, ReadOnlySpan<byte> id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null, string? customerId = null);
}

/// <summary>Rows of one chunk of a file, written straight into their place in a shared book.</summary>
internal sealed class OrderBookRange(OrderBook book, int start, int lines) : IOrderRows
{
    public int Start { get; } = start;
    public int Count { get; private set; }

    /// <summary>The ids of this chunk's rows, in order.</summary>
    public IdList.Builder Ids { get; } = new();

    // Room for every line to be a retail order, left uninitialized: of memory fresh from the
    // system only the pages written are backed, about a fifth of them in a large company.
    private readonly (decimal, decimal)[] _retail = GC.AllocateUninitializedArray<(decimal, decimal)>(lines);
    private readonly List<string?> _originals = [];
    private int _retailCount;

    /// <summary>The retail orders' amounts of this chunk's rows, in order.</summary>
    public ((decimal Amount, decimal Wholesale)[] Values, int Count) Retail => (_retail, _retailCount);

    /// <summary>The returns' originals of this chunk's rows, in order.</summary>
    public (string?[] Values, int Count) Originals => ([.. _originals], _originals.Count);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int line, ReadOnlySpan<byte> id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null, string? customerId = null)
    {
        Ids.Add(id);
        if (kind == OrderKind.Retail) _retail[_retailCount++] = (amount, wholesale);
        else if (kind == OrderKind.Return) _originals.Add(originalId);
        book.Set(Start + Count++, line, date.DayNumber, member, kind, pv, cv, customerId);
    }
}

/// <summary>
/// For each order, how many orders before it are of one kind: a bit per order and a count per 64
/// orders, so the k-th order of the kind is found with one count of bits.
/// </summary>
internal readonly struct KindCount
{
    private readonly ulong[] _bits;
    private readonly int[] _before;

    private KindCount(ulong[] bits, int[] before, int total) => (_bits, _before, Total) = (bits, before, total);

    /// <summary>Orders of the kind in all.</summary>
    public int Total { get; }

    /// <summary>Orders of the kind before order <paramref name="o"/>.</summary>
    public int Before(int o) => _before[o >> 6] + BitOperations.PopCount(_bits[o >> 6] & ((1UL << (o & 63)) - 1));

    /// <summary>The counts of retail orders and of returns.</summary>
    public static (KindCount Retail, KindCount Returns) Of(OrderKind[] kinds)
    {
        var words = (kinds.Length + 63) >> 6;
        var (retail, returns) = (new ulong[words], new ulong[words]);
        var (retailBefore, returnsBefore) = (new int[words], new int[words]);
        var (r, t) = (0, 0);
        for (var w = 0; w < words; w++)
        {
            (retailBefore[w], returnsBefore[w]) = (r, t);
            var (rb, tb) = (0UL, 0UL);
            var end = Math.Min(kinds.Length, (w + 1) << 6);
            for (var o = w << 6; o < end; o++)
            {
                rb |= (kinds[o] == OrderKind.Retail ? 1UL : 0UL) << (o & 63);
                tb |= (kinds[o] == OrderKind.Return ? 1UL : 0UL) << (o & 63);
            }
            (retail[w], returns[w]) = (rb, tb);
            r += BitOperations.PopCount(rb);
            t += BitOperations.PopCount(tb);
        }
        return (new KindCount(retail, retailBefore, r), new KindCount(returns, returnsBefore, t));
    }
}

/// <summary>
/// Values in order, in parts as the chunks of a file made them (each chunk keeps its own while
/// all are read at once); joined by looking up the part, not by copying into fresh memory.
/// </summary>
internal sealed class Parts<T>
{
    public static readonly Parts<T> Empty = new([]);

    private readonly T[][] _parts;
    private readonly int[] _starts;

    /// <param name="parts">Each part's values: its array, of which the first Count are used.</param>
    public Parts(IReadOnlyList<(T[] Values, int Count)> parts)
    {
        _parts = [.. parts.Select(p => p.Values)];
        _starts = new int[parts.Count + 1];
        for (var i = 0; i < parts.Count; i++) _starts[i + 1] = _starts[i] + parts[i].Count;
    }

    /// <summary>Values in all.</summary>
    public int Count => _starts[^1];

    /// <summary>The <paramref name="k"/>-th value.</summary>
    public T Of(int k)
    {
        var p = 0;
        while (_starts[p + 1] <= k) p++; // a part per chunk: two per core, at most 16
        return _parts[p][k - _starts[p]];
    }
}
