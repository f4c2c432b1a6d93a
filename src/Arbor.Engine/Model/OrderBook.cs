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
        Ids = new string[count];
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

    /// <summary>Order ids as given.</summary>
    public string[] Ids { get; }

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
}
