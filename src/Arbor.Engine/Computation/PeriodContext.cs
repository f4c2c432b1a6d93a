using Arbor.Engine.Model;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

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
        Totals = new MemberTotals[n];
        Sponsors = new Forest(network.Sponsor);
        var memberOrdinalRank = new int[n];
        var duplicates = OrdinalRanks.Compute(network.Ids, memberOrdinalRank);
        if (duplicates.Count > 0) throw new InvalidOperationException("Member ids must be unique; build the network with NetworkBuilder.");
        MembersInOrdinalOrder = Invert(memberOrdinalRank);
        PeriodOrders = SelectPeriodOrders(orders, period);
        SettledElsewhere = settledElsewhere;
        BonusOrders = settledElsewhere is null ? PeriodOrders : [.. PeriodOrders.Where(o => !settledElsewhere[o])];
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

    /// <summary>The caller's returns settled elsewhere, or null.</summary>
    public bool[]? SettledElsewhere { get; }

    public int[] MembersInOrdinalOrder { get; }

    public decimal[] Pv { get; }
    public decimal[] Gv { get; }
    public decimal[] OwnCv { get; }
    public decimal TotalPv { get; set; }
    public decimal TotalCv { get; set; }
    public bool[] Active { get; }
    public int[] Rank { get; }

    public PayoutLineStore Lines { get; } = new();

    /// <summary>Per member, what its lines add up to so far (before caps).</summary>
    public MemberTotals[] Totals { get; }

    /// <summary>Per member, the cents of its lines that caps apply to (all but retail profit): once every bonus is computed.</summary>
    public long[] CapBase => _capBase ??= [.. Totals.Select(t => t.Capped)];

    private long[]? _capBase;

    private bool[] MatchedBonuses { get; }

    /// <summary>Runs <paramref name="emit"/> with a sink for <paramref name="bonus"/> on this thread and stores its lines.</summary>
    public void Emit(BonusType bonus, Action<LineSink> emit)
    {
        var sink = new LineSink(bonus, Totals, MatchedBonuses[(int)bonus]);
        emit(sink);
        Lines.Append(sink);
    }

    /// <summary>
    /// Runs <paramref name="walk"/> over <see cref="BonusOrders"/> cut into consecutive ranges,
    /// one per core when there are enough orders, each range into its own sink with its own
    /// per-member totals. The sinks are stored in range order and their totals added up, so
    /// the lines and totals are exactly those of one walk over all orders.
    /// </summary>
    /// <param name="bonus">The bonus.</param>
    /// <param name="walk">Emits the lines of the orders from its first argument up to its second.</param>
    /// <param name="addsTotals">False when <paramref name="walk"/> only writes lines (<see cref="LineSink.Write"/>) and adds their totals itself: the ranges then need no totals of their own.</param>
    public void EmitOnOrders(BonusType bonus, Action<int, int, LineSink> walk, bool addsTotals = true) =>
        EmitInRanges(bonus, BonusOrders.Length, walk, addsTotals);

    /// <summary>
    /// Runs <paramref name="walk"/> over <see cref="MembersInOrdinalOrder"/> cut into ranges as
    /// <see cref="EmitOnOrders"/> cuts orders, for bonuses that pay each member only on its own
    /// figures: its lines touch its own totals alone, so the ranges share the totals.
    /// </summary>
    public void EmitOnMembers(BonusType bonus, Action<int, int, LineSink> walk) =>
        EmitInRanges(bonus, Network.Count, walk, ownTotals: false);

    /// <summary>
    /// Cuts <paramref name="items"/> into consecutive ranges, one per core when there are enough,
    /// and runs <paramref name="walk"/> on each into its own sink; with <paramref name="ownTotals"/>
    /// every range but the first adds to totals of its own, added up after. The sinks are stored
    /// in range order, so the lines are exactly those of one walk over all items.
    /// </summary>
    private void EmitInRanges(BonusType bonus, int items, Action<int, int, LineSink> walk, bool ownTotals)
    {
        var parts = Math.Clamp(items / MinOrdersPerPart, 1, Cores.Parts);
        var matched = MatchedBonuses[(int)bonus];
        var sinks = new LineSink[parts];
        for (var i = 0; i < parts; i++) sinks[i] = new LineSink(bonus, ownTotals && i > 0 ? new MemberTotals[Network.Count] : Totals, matched);
        Parallel.For(0, parts, i => walk((int)((long)items * i / parts), (int)((long)items * (i + 1) / parts), sinks[i]));
        foreach (var sink in sinks)
        {
            Lines.Append(sink);
            if (sink.Totals != Totals) AddInto(Totals, sink.Totals);
        }
    }

    /// <summary>Adds <paramref name="lines"/> lines of <paramref name="bonus"/>, stored without totals, worth <paramref name="cents"/> together, to <paramref name="payee"/>'s totals.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void AddToTotals(BonusType bonus, int payee, long cents, int lines)
    {
        ref var totals = ref Totals[payee];
        if (bonus != BonusType.RetailProfit) totals.Capped += cents;
        if (MatchedBonuses[(int)bonus]) totals.Matched += cents;
        totals.Lines += lines;
    }

    /// <summary>Below this many orders (or members) per range, one thread walks them all.</summary>
    public const int MinOrdersPerPart = 4096;

    private static void AddInto(MemberTotals[] into, MemberTotals[] values)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i].Capped += values[i].Capped;
            into[i].Matched += values[i].Matched;
            into[i].Lines += values[i].Lines;
        }
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
