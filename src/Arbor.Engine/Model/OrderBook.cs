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
/// <see cref="OrderBookBuilder"/>; every order names an existing member.
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
        Amount = new decimal[count];
        Wholesale = new decimal[count];
        OriginalId = new string?[count];
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

    /// <summary>What the retail customer paid (retail orders only).</summary>
    public decimal[] Amount { get; }

    /// <summary>The member price of the same goods (retail orders only).</summary>
    public decimal[] Wholesale { get; }

    /// <summary>The returned order's id (returns only).</summary>
    public string?[] OriginalId { get; }

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
    internal void Set(int i, int line, int date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount, decimal wholesale, string? originalId, string? customerId = null)
    {
        if (customerId is not null) CustomerIds()[i] = customerId;
        Lines[i] = line;
        Date[i] = date;
        Member[i] = member;
        Kind[i] = kind;
        Pv[i] = pv;
        Cv[i] = cv;
        Amount[i] = amount;
        Wholesale[i] = wholesale;
        OriginalId[i] = originalId;
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
            Array.Copy(Amount, start, book.Amount, at, count);
            Array.Copy(Wholesale, start, book.Wholesale, at, count);
            Array.Copy(OriginalId, start, book.OriginalId, at, count);
            if (_customerId is not null) Array.Copy(_customerId, start, book.CustomerIds(), at, count);
            at += count;
        }
        return book;
    }

    /// <summary>The file (or other source) the orders came from, for messages.</summary>
    internal string Source { get; private set; } = "orders";

    /// <summary>Sets the ids, one per order, and ranks them in ordinal order; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">Two orders share an id.</exception>
    internal OrderBook Finish(string source, IdList ids)
    {
        if (ids.Count != Count) throw new ArgumentException($"{ids.Count} ids for {Count} orders", nameof(ids));
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
internal sealed class OrderBookRange(OrderBook book, int start) : IOrderRows
{
    public int Start { get; } = start;
    public int Count { get; private set; }

    /// <summary>The ids of this chunk's rows, in order.</summary>
    public IdList.Builder Ids { get; } = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int line, ReadOnlySpan<byte> id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null, string? customerId = null)
    {
        Ids.Add(id);
        book.Set(Start + Count++, line, date.DayNumber, member, kind, pv, cv, amount, wholesale, originalId, customerId);
    }
}
