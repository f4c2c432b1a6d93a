namespace Arbor.Engine.Model;

/// <summary>
/// Collects orders from any source and builds an <see cref="OrderBook"/>, checking that
/// ids are unique. Row-level rules (kinds, signs, retail amounts) are the reader's.
/// </summary>
public sealed class OrderBookBuilder
{
    private readonly List<Row> _rows = [];

    /// <summary>Number of orders added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds one order of member number <paramref name="member"/>.</summary>
    public void Add(int line, string id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null) =>
        _rows.Add(new Row(line, id, date.DayNumber, member, kind, pv, cv, amount, wholesale, originalId));

    /// <summary>Appends <paramref name="other"/>'s rows after this builder's (chunks of one file, in order).</summary>
    public void AddRange(OrderBookBuilder other) => _rows.AddRange(other._rows);

    /// <summary>Builds the order book; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">Two orders share an id.</exception>
    public OrderBook Build(string source)
    {
        var book = new OrderBook(_rows.Count);
        for (var i = 0; i < _rows.Count; i++)
        {
            var r = _rows[i];
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
