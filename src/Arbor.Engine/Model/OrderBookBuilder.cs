namespace Arbor.Engine.Model;

/// <summary>
/// Collects orders from any source and builds an <see cref="OrderBook"/>, checking that
/// ids are unique. Row-level rules (kinds, signs, retail amounts) are the reader's.
/// </summary>
public sealed class OrderBookBuilder : IOrderRows
{
    private readonly List<Row> _rows = [];

    /// <summary>Number of orders added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds one order of member number <paramref name="member"/>.</summary>
    /// <param name="amount">What the retail customer paid: kept for a retail order only.</param>
    /// <param name="wholesale">The member price: kept for a retail order only.</param>
    /// <param name="originalId">The returned order's id: kept for a return only.</param>
    /// <param name="customerId">The retail customer (retail orders only), or null.</param>
    public void Add(int line, string id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount = 0, decimal wholesale = 0, string? originalId = null, string? customerId = null) =>
        _rows.Add(new Row(line, id, date.DayNumber, member, kind, pv, cv, amount, wholesale, originalId, customerId));

    void IOrderRows.Add(int line, ReadOnlySpan<byte> id, DateOnly date, int member, OrderKind kind, decimal pv, decimal cv,
        decimal amount, decimal wholesale, string? originalId, string? customerId) =>
        Add(line, System.Text.Encoding.UTF8.GetString(id), date, member, kind, pv, cv, amount, wholesale, originalId, customerId);

    /// <summary>Builds the order book; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">Two orders share an id.</exception>
    public OrderBook Build(string source)
    {
        var book = new OrderBook(Count);
        var i = 0;
        foreach (var r in _rows)
        {
            book.Set(i++, r.Line, r.Date, r.Member, r.Kind, r.Pv, r.Cv, r.CustomerId);
        }
        (decimal, decimal)[] retail = [.. _rows.Where(r => r.Kind == OrderKind.Retail).Select(r => (r.Amount, r.Wholesale))];
        string?[] originals = [.. _rows.Where(r => r.Kind == OrderKind.Return).Select(r => r.OriginalId)];
        return book.Finish(source, IdList.Of(_rows.Select(r => r.Id)), new([(retail, retail.Length)]), new([(originals, originals.Length)]));
    }

    private readonly record struct Row(
        int Line, string Id, int Date, int Member, OrderKind Kind, decimal Pv, decimal Cv,
        decimal Amount, decimal Wholesale, string? OriginalId, string? CustomerId);
}
