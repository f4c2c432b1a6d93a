using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>The working state of one period's computation, shared by its phases.</summary>
internal sealed class PeriodContext
{
    public PeriodContext(Plan plan, Network network, OrderBook orders, Period period, bool[]? settledElsewhere = null)
    {
        Plan = plan;
        Network = network;
        Orders = orders;
        Period = period;
        var n = network.Count;
        Pv = new decimal[n];
        Gv = new decimal[n];
        OwnCv = new decimal[n];
        Active = new bool[n];
        Rank = new int[n];
        CapBase = new long[n];
        MatchingBase = new long[n];
        Sponsors = new Forest(network.Sponsor);
        MemberOrdinalRank = new int[n];
        var duplicates = OrdinalRanks.Compute(network.Ids, MemberOrdinalRank);
        if (duplicates.Count > 0) throw new InvalidOperationException("Member ids must be unique; build the network with NetworkBuilder.");
        MembersInOrdinalOrder = Invert(MemberOrdinalRank);
        PeriodOrders = SelectPeriodOrders(orders, period);
        BonusOrders = settledElsewhere is null ? PeriodOrders : [.. PeriodOrders.Where(o => !settledElsewhere[o])];
        Lines = new PayoutLineStore(EstimateLines(plan, PeriodOrders.Length, n));
        var matching = plan.Find<MatchingBonus>();
        MatchedBonuses = new bool[Enum.GetValues<BonusType>().Length];
        if (matching is not null)
        {
            foreach (var t in matching.Of) MatchedBonuses[(int)t] = true;
        }
    }

    public Plan Plan { get; }
    public Network Network { get; }
    public OrderBook Orders { get; }
    public Period Period { get; }
    public Forest Sponsors { get; }

    /// <summary>Orders dated inside the period, in ordinal order of their ids (the order of payouts.csv).</summary>
    public int[] PeriodOrders { get; }

    /// <summary>
    /// The period's orders that order-based bonuses pay on: all of them, unless the caller
    /// settles some returns itself (a return of an order from a closed period is clawed back
    /// line by line; its volume still counts). Same order as <see cref="PeriodOrders"/>.
    /// </summary>
    public int[] BonusOrders { get; }

    public int[] MemberOrdinalRank { get; }
    public int[] MembersInOrdinalOrder { get; }

    public decimal[] Pv { get; }
    public decimal[] Gv { get; }
    public decimal[] OwnCv { get; }
    public decimal TotalPv { get; set; }
    public decimal TotalCv { get; set; }
    public bool[] Active { get; }
    public int[] Rank { get; }

    public PayoutLineStore Lines { get; }

    /// <summary>Per member, the cents of its lines that caps apply to (all but retail profit).</summary>
    public long[] CapBase { get; }

    /// <summary>Per member, the cents of its lines of the bonuses that matching pays on.</summary>
    public long[] MatchingBase { get; }

    private bool[] MatchedBonuses { get; }

    public void Pay(BonusType bonus, int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        if (cents == 0) return;
        Lines.Add(bonus, payee, sourceOrder, sourceMember, level, cents);
        if (bonus != BonusType.RetailProfit) CapBase[payee] += cents;
        if (MatchedBonuses[(int)bonus]) MatchingBase[payee] += cents;
    }

    /// <summary>Room for the lines a period usually makes, so the store rarely grows (untouched pages cost no memory).</summary>
    private static int EstimateLines(Plan plan, int orders, int members)
    {
        long perOrder = 1;
        if (plan.Find<FastStartBonus>() is { } f) perOrder += f.Percents.Count;
        if (plan.Find<UnilevelBonus>() is { } u) perOrder += u.Percents.Count;
        if (plan.Find<StairstepBonus>() is { } s) perOrder += 2 + s.Overrides.Count;
        var estimate = orders * perOrder + members * 4L;
        return (int)Math.Min(estimate, Array.MaxLength);
    }

    private static int[] SelectPeriodOrders(OrderBook orders, Period period)
    {
        // Walk ids in ordinal order and keep the period's: one pass, already sorted.
        var byRank = Invert(orders.OrdinalRank);
        var count = 0;
        foreach (var o in byRank)
        {
            if (period.Contains(orders.Date[o])) byRank[count++] = o;
        }
        return byRank[..count];
    }

    private static int[] Invert(int[] rank)
    {
        var inverse = new int[rank.Length];
        for (var i = 0; i < rank.Length; i++) inverse[rank[i]] = i;
        return inverse;
    }
}
