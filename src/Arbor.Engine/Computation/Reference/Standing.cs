using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>
/// Contract section 4, member by member: the period's orders, PV, GV, activity and paid-as
/// ranks. What every bonus reads.
/// </summary>
internal sealed class Standing
{
    private readonly Plan _plan;
    private readonly Company _company;
    private readonly Dictionary<string, decimal> _pv = [];
    private readonly Dictionary<string, decimal> _gv = [];
    private readonly Dictionary<string, int> _rank = [];
    private readonly Dictionary<string, decimal> _retailPv = [];
    private readonly Dictionary<string, decimal> _personalPv = [];
    private readonly Dictionary<string, HashSet<string?>> _customers = [];

    public Standing(Plan plan, Company company, Period period)
    {
        _plan = plan;
        _company = company;
        // Section 1: only orders dated inside the period (an inclusive range) count.
        PeriodOrders = [.. company.Orders.Where(o => o.Date >= period.From && o.Date <= period.To)];
        // 4.1: PV is the sum of pv of the member's orders, all kinds.
        foreach (var m in company.Members) _pv[m.Id] = 0m;
        foreach (var o in PeriodOrders) _pv[o.MemberId] += o.Pv;
        TotalPv = PeriodOrders.Aggregate(0m, (sum, o) => sum + o.Pv);
        // Decision 18: retail and personal PV, and retail customers, from the period's orders of those kinds.
        foreach (var m in company.Members) (_retailPv[m.Id], _personalPv[m.Id]) = (0m, 0m);
        foreach (var o in PeriodOrders)
        {
            if (o.Kind == OrderKind.Retail)
            {
                _retailPv[o.MemberId] += o.Pv;
                if (!_customers.TryGetValue(o.MemberId, out var set)) _customers[o.MemberId] = set = new HashSet<string?>(StringComparer.Ordinal);
                set.Add(o.CustomerId);
            }
            else if (o.Kind == OrderKind.Personal) _personalPv[o.MemberId] += o.Pv;
        }
        TotalCv = PeriodOrders.Aggregate(0m, (sum, o) => sum + o.Cv);
    }

    public Company Company => _company;

    /// <summary>The orders dated inside the period, in input order.</summary>
    public IReadOnlyList<Order> PeriodOrders { get; }

    /// <summary>The orders order-based bonuses are paid on: the period's, less those settled elsewhere.</summary>
    public IEnumerable<Order> BonusOrders => PeriodOrders.Where(o => !o.SettledElsewhere);

    public decimal TotalPv { get; }
    public decimal TotalCv { get; }

    /// <summary>4.1: the sum of pv of the member's orders in the period.</summary>
    public decimal Pv(string id) => _pv[id];

    /// <summary>4.2: PV plus the GV of each frontline member: the whole downline, whatever anyone's status.</summary>
    public decimal Gv(string id)
    {
        if (_gv.TryGetValue(id, out var known)) return known;
        var gv = Pv(id);
        foreach (var c in _company.Frontline(id)) gv += Gv(c.Id);
        return _gv[id] = gv;
    }

    /// <summary>
    /// 4.3: status active and PV at least <c>active.min_pv</c>; and (issue 17) the retail
    /// conditions of <c>active</c>, if the plan has them.
    /// </summary>
    public bool Active(string id) => !_company[id].Terminated && Pv(id) >= _plan.ActiveMinPv && Meets(id, _plan.ActiveQualification);

    /// <summary>
    /// Section 5 with issue 17: <paramref name="bonus"/> pays a member only if it is active and
    /// meets the bonus's own retail conditions. For that bonus a member that misses them is an
    /// inactive member (compression skips it, a differential passes it by; decision 18).
    /// </summary>
    public bool Paid(string id, Bonus bonus) => Active(id) && Meets(id, bonus.Qualification);

    /// <summary>Decision 18: the PV of the member's retail orders dated in the period (returns left out).</summary>
    public decimal RetailPv(string id) => _retailPv[id];

    /// <summary>Decision 18: the PV of the member's personal orders dated in the period, its own purchases (returns left out).</summary>
    public decimal PersonalPv(string id) => _personalPv[id];

    /// <summary>Decision 18: distinct customers of the member's retail orders dated in the period.</summary>
    public int RetailCustomers(string id) => _customers.TryGetValue(id, out var set) ? set.Count : 0;

    /// <summary>
    /// Decision 18: retail share = retail PV / (retail PV + personal PV), 0 when nothing was bought;
    /// it meets <c>min_retail_share</c> when it is at least that percent. Retail customers meet
    /// <c>min_retail_customers</c> when there are at least that many.
    /// </summary>
    private bool Meets(string id, Qualification q)
    {
        if (q.MinRetailShare is { } minShare)
        {
            var (retail, personal) = (RetailPv(id), PersonalPv(id));
            var bought = retail + personal;
            // share × 100 >= min, as retail × 100 >= min × bought (the share itself may not be exact in
            // decimal); with nothing bought the share is 0.
            var met = bought > 0 ? retail * 100m >= minShare * bought : 0m >= minShare;
            if (!met) return false;
        }
        return q.MinRetailCustomers is not { } minCustomers || RetailCustomers(id) >= minCustomers;
    }

    /// <summary>4.6: the highest rank the member meets; the first rank is always met.</summary>
    public int Rank(string id)
    {
        if (_rank.TryGetValue(id, out var known)) return known;
        var paidAs = 0;
        for (var r = _plan.Ranks.Count - 1; r > 0; r--)
        {
            if (!Meets(id, r)) continue;
            paidAs = r;
            break;
        }
        return _rank[id] = paidAs;
    }

    /// <summary>4.7: the higher of the highest rank before the period and the paid-as rank.</summary>
    public int HighestRankAfter(string id) => Math.Max(_company[id].HighestRank, Rank(id));

    /// <summary>4.5: whether the member meets rank <paramref name="r"/> (not the first).</summary>
    private bool Meets(string id, int r)
    {
        var rank = _plan.Ranks[r];
        if (!Active(id) || Pv(id) < rank.MinPv) return false;
        // 4.4: each frontline leg counts for at most max_leg_percent % of min_gv.
        var cappedGv = Pv(id);
        foreach (var leg in _company.Frontline(id))
        {
            cappedGv += rank.MaxLegPercent is { } percent ? Math.Min(Gv(leg.Id), percent / 100m * rank.MinGv) : Gv(leg.Id);
        }
        if (cappedGv < rank.MinGv) return false;
        if (rank.Legs is not { } legs) return true;
        // Distinct frontline legs, each holding a member (its head included) of the leg rank or above.
        var qualified = _company.Frontline(id).Count(leg => LegHolds(leg, legs.MinRank));
        return qualified >= legs.Count;
    }

    /// <summary>True when <paramref name="head"/> or anyone below it has paid-as rank <paramref name="minRank"/> or above.</summary>
    private bool LegHolds(Member head, int minRank) =>
        Rank(head.Id) >= minRank || _company.Frontline(head.Id).Any(c => LegHolds(c, minRank));
}
