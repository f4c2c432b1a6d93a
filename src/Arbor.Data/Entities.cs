namespace Arbor.Data;

// The rows of Arbor's tables. Thin by design: the rules live in Arbor.Core, one use case per class.
// Money and volume are decimal; dates are DateOnly.

/// <summary>The company's settings: one row.</summary>
public sealed class Company
{
    public int Id { get; set; } = 1;
    public required string Name { get; set; }
    public required string Currency { get; set; }

    /// <summary><c>none</c>, <c>binary</c> or <c>matrix</c>.</summary>
    public required string Placement { get; set; }

    /// <summary>Where a binary enrollment goes when the sponsor does not pick a spot: <c>extreme_left</c>, <c>extreme_right</c>, <c>weaker_leg</c>.</summary>
    public required string BinaryDefault { get; set; }
    public int MatrixWidth { get; set; }
    public int MatrixDepth { get; set; }
}

public sealed class Member
{
    public long Id { get; set; }

    /// <summary>The member's public id: unique, the <c>id</c> of the contract's batch files.</summary>
    public required string Handle { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    public required string Country { get; set; }
    public required string Language { get; set; }
    public DateOnly JoinedOn { get; set; }
    public long? SponsorId { get; set; }

    /// <summary>Materialized sponsor path: the ids from the root down to this member, each followed by '/'.</summary>
    public required string Path { get; set; }

    /// <summary>Depth in the sponsor tree: 0 for a root.</summary>
    public int Depth { get; set; }
    public long? PlacementParentId { get; set; }

    /// <summary>Binary: 0 left, 1 right. Matrix: 0 … width − 1, left to right.</summary>
    public int? PlacementPosition { get; set; }
    public string? PlacementPath { get; set; }
    public int? PlacementDepth { get; set; }
    public required string Status { get; set; }
    public DateOnly StatusSince { get; set; }
    public string? HighestRank { get; set; }
    public decimal CarryLeft { get; set; }
    public decimal CarryRight { get; set; }
}

public sealed class MemberStatusChange
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public required string Status { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public required string Reason { get; set; }
    public required string ChangedBy { get; set; }
}

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public required string Details { get; set; }
}

public sealed class Product
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public required string Currency { get; set; }
    public bool Active { get; set; }
}

/// <summary>A product's prices and points from a date on; the latest one not after an order's date applies.</summary>
public sealed class ProductPrice
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal RetailPrice { get; set; }
    public decimal MemberPrice { get; set; }
    public decimal Pv { get; set; }
    public decimal Cv { get; set; }
}

public sealed class Customer
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    /// <summary><c>retail</c> or <c>preferred</c>.</summary>
    public required string Kind { get; set; }
    public long ReferrerId { get; set; }
    public DateOnly CreatedOn { get; set; }
}

/// <summary>An order, immutable once placed: a correction is a return plus a new order.</summary>
public sealed class Order
{
    public long Id { get; set; }

    /// <summary>The order's public id, the <c>id</c> of the contract's orders file.</summary>
    public required string Number { get; set; }
    public DateOnly Date { get; set; }

    /// <summary><c>personal</c>, <c>retail</c> or <c>return</c>.</summary>
    public required string Kind { get; set; }
    public long MemberId { get; set; }
    public long? CustomerId { get; set; }
    public long? OriginalOrderId { get; set; }

    /// <summary>Returns: the returned order's number, kept even when that order is not in the database (imported history).</summary>
    public string? OriginalNumber { get; set; }

    /// <summary>Retail orders: what the customer paid; returns of retail orders: the negative refund.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Retail orders: the member price of the same goods.</summary>
    public decimal? Wholesale { get; set; }
    public decimal Pv { get; set; }
    public decimal Cv { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
}

public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long ProductId { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal UnitMemberPrice { get; set; }
    public decimal UnitPv { get; set; }
    public decimal UnitCv { get; set; }

    /// <summary>Return lines: the line returned.</summary>
    public long? OriginalLineId { get; set; }
}

public sealed class PlanVersion
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public required string Yaml { get; set; }
}

public sealed class Autoship
{
    public long Id { get; set; }
    public long? MemberId { get; set; }
    public long? CustomerId { get; set; }
    public int DayOfMonth { get; set; }
    public DateOnly StartsOn { get; set; }
    public bool Active { get; set; }
    public List<AutoshipItem> Items { get; set; } = [];
}

public sealed class AutoshipItem
{
    public long Id { get; set; }
    public long AutoshipId { get; set; }
    public long ProductId { get; set; }
    public int Quantity { get; set; }
}

/// <summary>One autoship's order for one due date: the key that makes a second run create nothing.</summary>
public sealed class AutoshipRun
{
    public long AutoshipId { get; set; }
    public DateOnly DueOn { get; set; }
    public long OrderId { get; set; }
}
