namespace Arbor.Engine.Model;

/// <summary>
/// Collects orders from any source and builds an <see cref="OrderBook"/>, checking that
/// ids are unique. Row-level rules (kinds, signs, retail amounts) are the reader's.
/// </summary>
public sealed class OrderBookBuilder
{
    // Rows in segments: appending another builder's rows shares its segments instead of copying them.
    private readonly List<List<Row>> _segments;

    /// <summary>A builder with room for <paramref name="capacity"/> orders before it grows.</summary>
    public OrderBookBuilder(int capacity = 0) => _segments = [new List<Row>(capacity)];

    /// <summary>Number of orders added so far.</summary>
    public int Count => _segments.Sum(s => s.Count);

    /// <summary>Adds one order of member number <paramref name="member"/>.</summary>
    public void Add(int line, string id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null) =>
        _segments[^1].Add(new Row(line, id, date.DayNumber, member, kind, pv, cv, amount, wholesale, originalId));

    /// <summary>
    /// Appends <paramref name="other"/>'s rows after this builder's (chunks of one file, in order).
    /// The rows are shared, not copied: <paramref name="other"/> must not be used afterwards.
    /// </summary>
    public void AddRange(OrderBookBuilder other)
    {
        _segments.AddRange(other._segments.Where(s => s.Count > 0));
        _segments.Add([]);
    }

    /// <summary>Builds the order book; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">Two orders share an id.</exception>
    public OrderBook Build(string source)
    {
        var book = new OrderBook(Count);
        var i = 0;
        foreach (var r in _segments.SelectMany(s => s))
        {
            book.Ids[i] = r.Id;
            book.Lines[i] = r.Line;
            book.Date[i] = r.Date;
            book.Member[i] = r.Member;
            book.Kind[i] = r.Kind;
            book.Pv[i] = r.Pv;
            book.Cv[i] = r.Cv;
            book.Amount[i] = r.Amount;
            book.Wholesale[i] = r.Wholesale;
            book.OriginalId[i] = r.OriginalId;
            i++;
        }
        var duplicates = OrdinalRanks.Compute(book.Ids, book.OrdinalRank);
        if (duplicates.Count > 0)
        {
            var errors = new ErrorList(source);
            foreach (var (first, again) in duplicates.OrderBy(d => book.Lines[d.Again]))
            {
                errors.Add(book.Lines[again], $"duplicate order id '{book.Ids[again]}' (already on line {book.Lines[first]})");
            }
            errors.ThrowIfAny();
        }
        return book;
    }

    private readonly record struct Row(
        int Line, string Id, int Date, int Member, OrderKind Kind, decimal Pv, decimal Cv,
        decimal Amount, decimal Wholesale, string? OriginalId);
}
