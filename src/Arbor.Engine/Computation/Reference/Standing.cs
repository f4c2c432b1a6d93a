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

    /// <summary>4.3: status active and PV at least <c>active.min_pv</c>.</summary>
    public bool Active(string id) => !_company[id].Terminated && Pv(id) >= _plan.ActiveMinPv;

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
