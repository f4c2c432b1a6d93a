using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Arbor.Core.Office;
using Arbor.Core.Orders;
using Arbor.Data;

namespace Arbor.Web.Api;

// The API's JSON: money and volumes as exact decimal numbers, dates as yyyy-MM-dd, members by handle.

public sealed record MemberJson(string Handle, string Name, string Email, string Country, string Language, DateOnly JoinedOn, string? Sponsor, int Depth, string Status, DateOnly StatusSince)
{
    public static MemberJson From(MemberSummary m) => new(m.Handle, m.Name, m.Email, m.Country, m.Language, m.JoinedOn, m.Sponsor, m.Depth, m.Status, m.StatusSince);
}

public sealed record TreeMemberJson(string Handle, string Name, int Level, string Status, DateOnly JoinedOn)
{
    public static TreeMemberJson From(TreeMember m) => new(m.Handle, m.Name, m.Level, m.Status, m.JoinedOn);
}

public sealed record LevelJson(int Level, int Members);

/// <summary>A member in a closed period's genealogy, as its close read it.</summary>
public sealed record AsOfMemberJson(string Handle, string Name, int Level, string? Sponsor, string? PlacementParent, string? Side, string Rank, string HighestRank,
    decimal Pv, decimal Gv, bool Active, bool Terminated)
{
    public static AsOfMemberJson From(AsOfMember m) => new(m.Handle, m.Name, m.Level, m.Sponsor, m.Parent, m.Side, m.Rank, m.HighestRank, m.Pv, m.Gv, m.Active, m.Terminated);
}

/// <summary>A member's downline at a period's close: members per level, and a page of them (<c>next</c>: the cursor of the next page).</summary>
public sealed record AsOfDownlineJson(string Period, AsOfMemberJson Member, IReadOnlyList<LevelJson> Levels, IReadOnlyList<AsOfMemberJson> Items, int Total, string? Next);

public sealed record LegJson(string Head, int Members, decimal Pv)
{
    public static LegJson From(Leg l) => new(l.HeadHandle, l.Members, l.Pv);
}

public sealed record PriceJson(DateOnly EffectiveFrom, decimal Retail, decimal Member, decimal Pv, decimal Cv)
{
    public static PriceJson? From(ProductPrice? p) => p is null ? null : new(p.EffectiveFrom, p.RetailPrice, p.MemberPrice, p.Pv, p.Cv);
}

/// <summary>A market: a country with its own currency and price list; <c>rate</c> is company currency per unit of <c>currency</c>; <c>prices</c> in force on the day asked.</summary>
public sealed record MarketJson(string Country, string Currency, decimal Rate, IReadOnlyList<MarketPriceJson> Prices);

/// <summary>A product's price in a market, in the market's currency (PV and CV are the product's own).</summary>
public sealed record MarketPriceJson(string Sku, DateOnly EffectiveFrom, decimal Retail, decimal Member);

public sealed record ProductJson(string Sku, string Name, string Description, string Currency, bool Active, PriceJson? Price, PriceJson? NextPrice);

public sealed record OrderJson(string Number, DateOnly Date, string Kind, string Member, string? Original, decimal Pv, decimal Cv, decimal? Amount)
{
    public static OrderJson From(OrderListing o) => new(o.Number, o.Date, o.Kind, o.MemberHandle, o.OriginalNumber, o.Pv, o.Cv, o.Amount);
}

/// <summary>An order line; <c>unitLocalPrice</c>: in an order priced in a market's currency, what one unit cost in it (<c>unitPrice</c> is in the company's currency).</summary>
public sealed record OrderLineJson(string Sku, string Name, int Quantity, decimal UnitPrice, decimal UnitPv, decimal UnitCv, decimal? UnitLocalPrice);

/// <summary>An order with its lines. Money is in the company's currency; an order priced from a market's list also gives <c>currency</c> (the market's) and, for a retail order, <c>localAmount</c>, what the customer paid in it.</summary>
public sealed record OrderDetailJson(string Number, DateOnly Date, string Kind, string Member, string? Customer, string? Original, decimal Pv, decimal Cv, decimal? Amount, decimal? Wholesale, IReadOnlyList<OrderLineJson> Lines, string? Currency, decimal? LocalAmount)
{
    public static OrderDetailJson From(OrderDetail d) => new(
        d.Order.Number, d.Order.Date, d.Order.Kind, d.Order.MemberHandle, d.CustomerEmail, d.Order.OriginalNumber, d.Order.Pv, d.Order.Cv, d.Order.Amount, d.Wholesale,
        [.. d.Lines.Select(l => new OrderLineJson(l.Sku, l.Name, l.Quantity, l.UnitPrice, l.UnitPv, l.UnitCv, l.UnitLocalPrice))], d.Currency, d.LocalAmount);
}

public sealed record CustomerJson(string Name, string Email, string Kind, string Referrer, DateOnly CreatedOn);

public sealed record PeriodJson(string Key, DateOnly StartsOn, DateOnly EndsOn, string State, DateTimeOffset ClosedAt, decimal TotalCv, decimal TotalPayout)
{
    public static PeriodJson From(CommissionPeriod p) => new(p.Key, p.StartsOn, p.EndsOn, p.State, p.ClosedAt, p.TotalCv, p.TotalPayout);
}

public sealed record EarnedLineJson(string Bonus, decimal Amount, int Level, string SourceMember, string? SourceOrder, bool Clawback);

public sealed record PeriodResultJson(string Period, string Member, decimal Pv, decimal Gv, bool Active, string Rank, string HighestRank, decimal Earnings, IReadOnlyList<EarnedLineJson> Lines)
{
    public static PeriodResultJson From(string member, PeriodResult r) => new(
        r.Figures.Period, member, r.Figures.Pv, r.Figures.Gv, r.Figures.Active, r.Figures.Rank, r.Figures.HighestRank, r.Figures.Earnings,
        [.. r.Lines.Select(l => new EarnedLineJson(l.Bonus, l.Amount, l.Level, l.SourceMember, l.SourceOrder, l.Clawback))]);
}

public sealed record LedgerEntryJson(DateOnly PostedOn, string Kind, decimal Amount, decimal Balance, string Memo);

public sealed record LedgerJson(string Member, decimal Balance, IReadOnlyList<LedgerEntryJson> Entries);

public sealed record PayoutJson(string Period, DateOnly EndsOn, string State, decimal TotalPayout, int? Members, decimal? Total, string? Currency, bool? Confirmed);

public sealed record AutoshipJson(long Id, string Owner, int DayOfMonth, DateOnly StartsOn, bool Active, IReadOnlyList<ItemJson> Items);

// Request bodies: every field nullable, so that a missing one is refused by the use case with its own message.

public sealed record ItemJson(string? Sku, int? Quantity);

public sealed record EnrollBody(string? Handle, string? Email, string? Name, string? Country, string? Language, DateOnly? JoinedOn, string? Sponsor);

public sealed record StatusBody(string? Status, DateOnly? EffectiveOn, string? Reason);

public sealed record OrderBody(string? Member, string? Customer, DateOnly? Date, string? Number, IReadOnlyList<ItemJson>? Items);

public sealed record ReturnBody(DateOnly? Date, string? Number, IReadOnlyList<ItemJson>? Items);

public sealed record CustomerBody(string? Name, string? Email, string? Kind, string? Referrer);

public sealed record BonusTotalJson(string Bonus, decimal Amount, int Lines);

public sealed record EarnerJson(string Member, string Name, decimal Amount);

/// <summary>A computed open period: what its close would store now.</summary>
public sealed record PreviewJson(string Period, int Members, int Active, decimal TotalCv, decimal TotalPayout, decimal? PayoutRatio,
    IReadOnlyList<BonusTotalJson> ByBonus, IReadOnlyList<EarnerJson> TopEarners, int Clawbacks);

public sealed record BonusAmountJson(string Bonus, decimal Amount);

/// <summary>What the rank above still needs; zero or null for what is met.</summary>
public sealed record NextRankJson(string Rank, decimal ActivePv, decimal Pv, decimal Gv, decimal? LegCap, int Legs, string? LegRank,
    decimal? RetailShare, decimal? MinRetailShare, int RetailCustomers);

/// <summary>A member's figures in the open period as last estimated (see <c>computedAt</c>).</summary>
public sealed record EstimateJson(string Period, DateTimeOffset ComputedAt, string Member, decimal Pv, decimal Gv, bool Active, string Rank, string HighestRank,
    decimal Earnings, IReadOnlyList<BonusAmountJson> ByBonus, NextRankJson? Next);
