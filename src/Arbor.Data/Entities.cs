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

    /// <summary>Commission periods: <c>month</c> (keys like 2026-10) or <c>week</c> (ISO weeks, keys like 2026-W43).</summary>
    public string PeriodKind { get; set; } = "month";

    /// <summary>Balances below this are carried to later periods instead of paid.</summary>
    public decimal MinimumPayout { get; set; } = 20m;

    /// <summary>A member's shop link goes live only once it completed the income-claims course.</summary>
    public bool ShopRequiresTraining { get; set; }

    /// <summary>Closing a period, exporting and confirming its payouts each take two staff members: one prepares, another approves.</summary>
    public bool FourEyes { get; set; }

    /// <summary>Staff must sign in with a second factor (an authenticator app's code).</summary>
    public bool StaffTwoFactor { get; set; }
}

/// <summary>A step on the money prepared by one staff member for another to approve (docs/roles.md).</summary>
public sealed class Approval
{
    public long Id { get; set; }

    /// <summary><c>period-close</c>, <c>payouts-export</c> or <c>payouts-confirm</c>.</summary>
    public required string Step { get; set; }
    public required string Period { get; set; }
    public required string PreparedBy { get; set; }
    public DateTimeOffset PreparedAt { get; set; }

    /// <summary>The figures frozen when it was prepared, in words.</summary>
    public required string Summary { get; set; }

    /// <summary>The frozen figures, hashed: the approved step must come to the same.</summary>
    public required string Fingerprint { get; set; }

    /// <summary><c>pending</c>, <c>approved</c>, <c>rejected</c>, or <c>replaced</c> (prepared again).</summary>
    public required string State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>The thresholds of the compliance indicators (docs/compliance.md): one row. Shares are percent numbers.</summary>
public sealed class ComplianceThresholds
{
    public int Id { get; set; } = 1;
    public decimal OwnUsePv { get; set; }
    public decimal MinRetailSharePercent { get; set; }
    public decimal MinNonParticipantPercent { get; set; }
    public decimal MinResoldPercent { get; set; }
    public int MinRetailCustomers { get; set; }
    public decimal LoadingFactor { get; set; }
    public decimal FirstOrderMaxPv { get; set; }
    public decimal MaxRecruitingPercent { get; set; }
    public int RetentionMonths { get; set; }
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

    /// <summary>Where payouts go (an IBAN or the payment provider's reference).</summary>
    public string? BankReference { get; set; }
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

/// <summary>A country with its own currency and price list; <see cref="Rate"/> converts its money into the company's currency.</summary>
public sealed class Market
{
    public required string Country { get; set; }
    public required string Currency { get; set; }

    /// <summary>Company currency per one unit of <see cref="Currency"/>.</summary>
    public decimal Rate { get; set; }
}

/// <summary>A product's retail and member price in a market's currency from a date on (its PV and CV are the product's own, the same in every market).</summary>
public sealed class MarketPrice
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Country { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public decimal RetailPrice { get; set; }
    public decimal MemberPrice { get; set; }
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

    /// <summary>The market's currency when the order was priced from a market's list; null: the company's currency.</summary>
    public string? Currency { get; set; }

    /// <summary>Retail orders priced from a market's list: what the customer paid in <see cref="Currency"/> (<see cref="Amount"/> is the same in the company's currency); returns: the negative refund.</summary>
    public decimal? LocalAmount { get; set; }
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

    /// <summary>Orders priced from a market's list: what one unit cost in the order's <see cref="Order.Currency"/> (<see cref="UnitPrice"/> is the same converted).</summary>
    public decimal? UnitLocalPrice { get; set; }

    /// <summary>Return lines: the line returned.</summary>
    public long? OriginalLineId { get; set; }
}

public sealed class PlanVersion
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public required string Yaml { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
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

/// <summary>A closed (or paid) commission period. Open periods have no row.</summary>
public sealed class CommissionPeriod
{
    public long Id { get; set; }

    /// <summary>2026-10 (a month) or 2026-W43 (an ISO week).</summary>
    public required string Key { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }

    /// <summary><c>closed</c> or <c>paid</c>.</summary>
    public required string State { get; set; }
    public long PlanId { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public decimal TotalCv { get; set; }
    public decimal TotalPayout { get; set; }

    /// <summary>Whether its member rows keep the genealogy as the close read it (every close since schema 13).</summary>
    public bool TreeKept { get; set; }
}

/// <summary>A member's figures in a closed period.</summary>
public sealed class PeriodMember
{
    public long PeriodId { get; set; }
    public long MemberId { get; set; }
    public decimal Pv { get; set; }
    public decimal Gv { get; set; }
    public bool Active { get; set; }
    public required string Rank { get; set; }
    public required string HighestRank { get; set; }
    public decimal CarryLeft { get; set; }
    public decimal CarryRight { get; set; }
    public decimal Earnings { get; set; }

    /// <summary>The genealogy as the close read it (null in periods closed before it was kept: <see cref="CommissionPeriod.TreeKept"/>).</summary>
    public long? SponsorId { get; set; }
    public long? PlacementId { get; set; }

    /// <summary><c>L</c>, <c>R</c>, a matrix position from 1, or null (not placed).</summary>
    public string? Side { get; set; }
    public bool? Terminated { get; set; }
}

/// <summary>A stored payout line of a closed period; clawbacks name the line they reverse.</summary>
public sealed class StoredPayoutLine
{
    public long Id { get; set; }
    public long PeriodId { get; set; }
    public long PayeeId { get; set; }
    public required string Bonus { get; set; }
    public decimal Amount { get; set; }
    public long? SourceOrderId { get; set; }
    public long SourceMemberId { get; set; }
    public int Level { get; set; }
    public long? OriginalLineId { get; set; }
}

/// <summary>The first time a member reached a rank.</summary>
public sealed class RankReached
{
    public long MemberId { get; set; }
    public required string Rank { get; set; }
    public DateOnly ReachedOn { get; set; }
    public long PeriodId { get; set; }
}

public sealed class Adjustment
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public decimal Amount { get; set; }
    public required string Reason { get; set; }
    public required string MadeBy { get; set; }
    public DateOnly MadeOn { get; set; }
}

public sealed class PayoutBatch
{
    public long Id { get; set; }
    public long PeriodId { get; set; }
    public DateOnly CreatedOn { get; set; }
    public DateOnly? ConfirmedOn { get; set; }
    public required string Currency { get; set; }
    public List<PayoutBatchLine> Lines { get; set; } = [];
}

public sealed class PayoutBatchLine
{
    public long BatchId { get; set; }
    public long MemberId { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>One side of a double-entry ledger transaction; append-only (the database refuses updates and deletes).</summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }

    /// <summary><c>member:ID</c>, <c>company:commissions</c>, <c>company:adjustments</c> or <c>company:bank</c>.</summary>
    public required string Account { get; set; }
    public long? MemberId { get; set; }

    /// <summary><c>commission</c>, <c>clawback</c>, <c>adjustment</c> or <c>payout</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Credit (positive) or debit (negative) of the account.</summary>
    public decimal Amount { get; set; }
    public DateOnly PostedOn { get; set; }
    public long? PeriodId { get; set; }
    public long? AdjustmentId { get; set; }
    public long? PayoutBatchId { get; set; }
    public required string Memo { get; set; }
}

/// <summary>A personal access token of the REST API: only the SHA-256 of its secret is kept.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The secret's first characters, to tell tokens apart in lists.</summary>
    public required string Hint { get; set; }

    /// <summary><c>read</c> or <c>write</c> (write includes read).</summary>
    public required string Scope { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The response of a POST made with an <c>Idempotency-Key</c>, replayed when the same key comes again.</summary>
public sealed class ApiRequest
{
    /// <summary>Who asked: <c>token:ID</c> or <c>user:NAME</c>; keys are per principal.</summary>
    public required string Principal { get; set; }
    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the method, path and body: the same key with another request is refused.</summary>
    public required string Fingerprint { get; set; }
    public int Status { get; set; }
    public string? Location { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One of the web app's data-protection keys (XML as ASP.NET Core writes it), shared by all app servers.</summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}

/// <summary>A message to send (e-mail), written with the change it tells about; <see cref="SentAt"/> once a sender sent it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary><c>order-confirmation</c>, <c>shipping-request</c>, …</summary>
    public required string Kind { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>A member's prospect: someone it talks to. Personal fields are null once erased (<see cref="ErasedOn"/>).</summary>
public sealed class Prospect
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Source { get; set; }

    /// <summary><c>new</c>, <c>contacted</c>, <c>presented</c>, <c>follow_up</c>, <c>customer</c>, <c>enrolled</c> or <c>not_interested</c>.</summary>
    public required string Stage { get; set; }
    public DateOnly? NextFollowUp { get; set; }

    /// <summary>The day it agreed to be contacted; null: no consent recorded.</summary>
    public DateOnly? ConsentOn { get; set; }
    public DateOnly CreatedOn { get; set; }
    public long? CustomerId { get; set; }
    public long? EnrolledMemberId { get; set; }
    public DateOnly? ErasedOn { get; set; }
}

public sealed class ProspectNote
{
    public long Id { get; set; }
    public long ProspectId { get; set; }
    public DateOnly WrittenOn { get; set; }
    public required string Text { get; set; }
}

/// <summary>A team message: from the company (<see cref="SenderId"/> null) or from a member to its downline.</summary>
public sealed class TeamMessage
{
    public long Id { get; set; }
    public long? SenderId { get; set; }
    public required string SentBy { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// <summary>The targeting as chosen, e.g. <c>rank=Gold;country=NL</c> or <c>level=1</c>; empty: everyone it could reach.</summary>
    public required string Audience { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>One recipient of a team message; <see cref="ReadAt"/> is its read receipt.</summary>
public sealed class MessageRecipient
{
    public long MessageId { get; set; }
    public long MemberId { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>A member that does not want messages from <see cref="SenderId"/>.</summary>
public sealed class MessageMute
{
    public long MemberId { get; set; }
    public long SenderId { get; set; }
}

public sealed class Course
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }

    /// <summary><c>new</c> (every member), a rank's name (members whose highest rank it is), or null (optional).</summary>
    public string? RequiredFor { get; set; }

    /// <summary>The income-claims course: with the company's setting on, a member's shop opens only once it is complete.</summary>
    public bool IncomeClaims { get; set; }
    public int Position { get; set; }
}

public sealed class Lesson
{
    public long Id { get; set; }
    public long CourseId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }

    /// <summary>Markdown.</summary>
    public required string Body { get; set; }
    public string? VideoUrl { get; set; }
    public string? Question { get; set; }

    /// <summary>The check's choices, one a line.</summary>
    public string? Choices { get; set; }

    /// <summary>The right choice, 0-based.</summary>
    public int? Answer { get; set; }
}

public sealed class LessonProgress
{
    public long MemberId { get; set; }
    public long LessonId { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
}

/// <summary>A receiver of webhooks: its address, the event types it wants (comma-separated, or <c>*</c>), the secret that signs them.</summary>
public sealed class WebhookEndpoint
{
    public long Id { get; set; }
    public required string Url { get; set; }
    public required string Events { get; set; }
    public required string Secret { get; set; }
    public bool Active { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long CreatedAt { get; set; }
}

/// <summary>An event of the outbox, written in the transaction of the change it reports.</summary>
public sealed class WebhookEvent
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public long OccurredAt { get; set; }
    public required string Payload { get; set; }
}

/// <summary>One event to one endpoint: pending until the endpoint answers 2xx, retried with backoff.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long EndpointId { get; set; }
    public required string State { get; set; }
    public int Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public long? ClaimedUntil { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public long? DeliveredAt { get; set; }
}
