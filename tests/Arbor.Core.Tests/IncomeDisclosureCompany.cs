using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Data;

namespace Arbor.Core.Tests;

/// <summary>
/// A company written straight into the tables the income disclosure reads (members, status
/// changes, closed periods, payout lines, ranks reached, orders), so that a test knows every
/// stored figure. The plan is the demo's (ranks Member, Bronze, Silver, Gold, …).
/// </summary>
internal sealed class IncomeDisclosureCompany(ArborContext db)
{
    private readonly Dictionary<string, long> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _periods = new(StringComparer.Ordinal);
    private long _plan, _product;
    private int _orders;

    public static async Task<IncomeDisclosureCompany> CreateAsync(ArborContext db, string periodKind = "month")
    {
        db.Company.Add(new Company { Name = "Disclosure Co", Currency = "EUR", Placement = "none", BinaryDefault = "weaker_leg", PeriodKind = periodKind });
        var plan = new PlanVersion { Name = "Sample hybrid plan", EffectiveFrom = new DateOnly(2020, 1, 1), Yaml = DemoCompany.SamplePlanYaml() };
        var product = new Product { Sku = "SHAKE", Name = "Shake", Description = "", Currency = "EUR", Active = true };
        db.Plans.Add(plan);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return new IncomeDisclosureCompany(db) { _plan = plan.Id, _product = product.Id };
    }

    public long Id(string handle) => _members[handle];

    public async Task MemberAsync(string handle, DateOnly joined, DateOnly? terminated = null)
    {
        var m = new Member
        {
            Handle = handle, Email = $"{handle}@test", Name = handle, Country = "NL", Language = "nl", JoinedOn = joined, Path = "",
            Status = terminated is null ? "active" : "terminated", StatusSince = terminated ?? joined,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        _members[handle] = m.Id;
        db.MemberStatusChanges.Add(new MemberStatusChange { MemberId = m.Id, Status = "active", EffectiveOn = joined, Reason = "enrolled", ChangedBy = "test" });
        if (terminated is { } t) db.MemberStatusChanges.Add(new MemberStatusChange { MemberId = m.Id, Status = "terminated", EffectiveOn = t, Reason = "test", ChangedBy = "test" });
        await db.SaveChangesAsync();
    }

    /// <summary>Stores the period as closed (no figures but its lines).</summary>
    public async Task PeriodAsync(string key)
    {
        var k = PeriodKey.Parse(key).Unwrap();
        var p = new CommissionPeriod { Key = key, StartsOn = k.From, EndsOn = k.To, State = "closed", PlanId = _plan, ClosedAt = new DateTimeOffset(k.To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1) };
        db.Periods.Add(p);
        await db.SaveChangesAsync();
        _periods[key] = p.Id;
    }

    public void Line(string period, string payee, string bonus, decimal amount) =>
        db.PayoutLines.Add(new StoredPayoutLine { PeriodId = _periods[period], PayeeId = _members[payee], Bonus = bonus, Amount = amount, SourceMemberId = _members[payee], Level = 0 });

    public void Reached(string member, string rank, DateOnly on, string period) =>
        db.RankHistory.Add(new RankReached { MemberId = _members[member], Rank = rank, ReachedOn = on, PeriodId = _periods[period] });

    /// <summary>An order of <paramref name="quantity"/> items at <paramref name="unit"/> each; a return takes them off (kind <c>return</c>, no customer: a personal order's return).</summary>
    public void Order(string member, DateOnly date, string kind, int quantity, decimal unit, long? customer = null) =>
        db.Orders.Add(new Order
        {
            Number = $"T{++_orders:D6}", Date = date, Kind = kind, MemberId = _members[member], CustomerId = customer,
            Amount = customer is null ? null : quantity * unit, Wholesale = customer is null ? null : quantity * unit,
            Pv = kind == "return" ? -quantity : quantity, Cv = kind == "return" ? -quantity : quantity,
            Lines = [new OrderLine { ProductId = _product, Quantity = quantity, UnitPrice = unit, UnitMemberPrice = unit, UnitPv = 1, UnitCv = 1 }],
        });

    public async Task<long> CustomerAsync(string referrer)
    {
        var c = new Customer { Name = "Customer", Email = "c@test", Kind = "retail", ReferrerId = _members[referrer], CreatedOn = new DateOnly(2025, 1, 1) };
        db.Customers.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public Task SaveAsync() => db.SaveChangesAsync();
}
