using System.Runtime.CompilerServices;
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
        // The sponsor tree beside the orderings of ids (and the placement tree, when a binary
        // bonus needs it): none needs another.
        Forest? sponsors = null;
        Forest? placement = null;
        // The placement tree is walked by a binary, and by a unilevel over it (section 9.1).
        var placed = plan.Find<BinaryBonus>() is not null || plan.Find<UnilevelBonus>() is { OverPlacement: true };
        var memberOrdinalRank = new int[n];
        var duplicates = 0;
        int[] periodOrders = [];
        MemberTotals[] totals = [];
        Parallel.Invoke(
            () =>
            {
                sponsors = new Forest(network.Sponsor);
                if (placed) placement = new Forest(network.PlacementParent);
            },
            () =>
            {
                duplicates = OrdinalRanks.Compute(network.Ids, memberOrdinalRank).Count;
                periodOrders = SelectPeriodOrders(orders, period);
            },
            () => totals = FreshMemory.Zeroed<MemberTotals>(n)); // added to at random by every bonus
        if (duplicates > 0) throw new InvalidOperationException("Member ids must be unique; build the network with NetworkBuilder.");
        Sponsors = sponsors!;
        Totals = totals;
        Placement = placement;
        MembersInOrdinalOrder = Invert(memberOrdinalRank);
        PayeeBlock = PayoutLineStore.BlocksOf(memberOrdinalRank);
        PeriodOrders = periodOrders;
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

    /// <summary>The placement tree when the plan has a binary bonus, else null.</summary>
    public Forest? Placement { get; }

    /// <summary>Orders dated inside the period, in ordinal order of their ids (the order of payouts.csv).</summary>
    public int[] PeriodOrders { get; }

    /// <summary>
    /// The period's orders that order-based bonuses pay on: all of them, unless the caller
    /// settles some returns itself (a return of an order from a closed period is clawed back
    /// line by line; its volume still counts). Same order as <see cref="PeriodOrders"/>.
    /// </summary>
    public int[] BonusOrders { get; }

    /// <summary>Per member, true when it has at least one of <see cref="BonusOrders"/>: worked out once, on every core.</summary>
    public bool[] HasBonusOrders => _hasBonusOrders ??= MembersWithBonusOrders();

    private bool[]? _hasBonusOrders;

    private bool[] MembersWithBonusOrders()
    {
        var has = new bool[Network.Count];
        // Two ranges may mark one member: both write true.
        Cores.ForRanges(BonusOrders.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var i = from; i < to; i++) has[Orders.Member[BonusOrders[i]]] = true;
        });
        return has;
    }

    /// <summary>The caller's returns settled elsewhere, or null.</summary>
    public bool[]? SettledElsewhere { get; }

    public int[] MembersInOrdinalOrder { get; }

    /// <summary>Per member, its block of payees (<see cref="PayoutLineStore.BlocksOf"/>).</summary>
    public byte[] PayeeBlock { get; }

    public decimal[] Pv { get; }
    public decimal[] Gv { get; }

    /// <summary>Per member, PV in ten-thousandths, when every volume of the period allows it (<see cref="Volumes"/>); else null.</summary>
    public long[]? PvUnits { get; set; }

    /// <summary>Per member, GV in ten-thousandths, as <see cref="PvUnits"/>.</summary>
    public long[]? GvUnits { get; set; }
    public decimal[] OwnCv { get; }
    public decimal TotalPv { get; set; }
    public decimal TotalCv { get; set; }
    public bool[] Active { get; }

    /// <summary>The members' retail figures when the plan has retail conditions of pay (issue 17), else null.</summary>
    public RetailConditions? Retail { get; set; }

    private readonly bool[]?[] _paidIn = new bool[]?[Enum.GetValues<BonusType>().Length];

    /// <summary>
    /// Per member, whether <paramref name="bonus"/> may pay it: <see cref="Active"/> itself when the
    /// bonus has no retail conditions; else active and meeting them. For that bonus a member that
    /// misses them is exactly an inactive member (docs/compensation-decisions.md, decision 18).
    /// </summary>
    public bool[] PaidIn(Bonus bonus) =>
        bonus.Qualification.IsNone || Retail is null ? Active : _paidIn[(int)bonus.Type] ??= Retail.Qualified(Active, bonus.Qualification);
    public int[] Rank { get; }

    public PayoutLineStore Lines { get; } = new();

    /// <summary>Per member, what its lines add up to so far (before caps).</summary>
    public MemberTotals[] Totals { get; }

    /// <summary>Per member, the cents of its lines that caps apply to (all but retail profit): once every bonus is computed.</summary>
    public long[] CapBase
    {
        get
        {
            if (_capBase is not null) return _capBase;
            var capBase = GC.AllocateUninitializedArray<long>(Totals.Length);
            for (var m = 0; m < capBase.Length; m++) capBase[m] = Totals[m].Capped;
            return _capBase = capBase;
        }
    }

    private long[]? _capBase;

    private bool[] MatchedBonuses { get; }

    /// <summary>
    /// Runs <paramref name="walk"/> over <see cref="BonusOrders"/> cut into consecutive ranges,
    /// one per core when there are enough orders, each range into its own sink. The sinks are
    /// stored in range order, so the lines are exactly those of one walk over all orders. A
    /// member's orders may fall in two ranges, so the ranges only write lines; their totals
    /// are added after, each core taking the lines of its own blocks of payees.
    /// </summary>
    /// <param name="bonus">The bonus.</param>
    /// <param name="walk">Emits the lines of the orders from its first argument up to its second.</param>
    public void EmitOnOrders(BonusType bonus, Action<int, int, LineSink> walk) =>
        EmitInRanges(bonus, BonusOrders.Length, walk, TotalsFrom.StoredLines);

    /// <summary>
    /// Runs <paramref name="walk"/> over <see cref="MembersInOrdinalOrder"/> cut into ranges as
    /// <see cref="EmitOnOrders"/> cuts orders. A bonus that pays each member only on its own
    /// figures touches its own totals alone, so the ranges add them as they go; one that pays
    /// others (<paramref name="paysOthers"/>, such as uplines) has them added after.
    /// </summary>
    public void EmitOnMembers(BonusType bonus, Action<int, int, LineSink> walk, bool paysOthers = false) =>
        EmitInRanges(bonus, Network.Count, walk, paysOthers ? TotalsFrom.StoredLines : TotalsFrom.Sinks);

    /// <summary>Where a bonus's lines' totals come from when it is emitted in ranges.</summary>
    private enum TotalsFrom
    {
        /// <summary>The sinks add them line by line: no two ranges pay one member.</summary>
        Sinks,

        /// <summary>Added from the stored lines after the ranges.</summary>
        StoredLines,
    }

    /// <summary>
    /// Cuts <paramref name="items"/> into consecutive ranges, one per core when there are enough,
    /// and runs <paramref name="walk"/> on each into its own sink; a core done early takes half
    /// of what another has left, into a sink of its own (<see cref="SharedRanges"/>). The sinks
    /// are stored in order of their items, so the lines are exactly those of one walk over all items.
    /// </summary>
    private void EmitInRanges(BonusType bonus, int items, Action<int, int, LineSink> walk, TotalsFrom totalsFrom)
    {
        if (Cores.PartsFor(items) == 1 && totalsFrom == TotalsFrom.StoredLines) totalsFrom = TotalsFrom.Sinks; // one core walks them all: nothing to share
        var matched = MatchedBonuses[(int)bonus];
        var sinks = SharedRanges.Walk(items, () => new LineSink(bonus, totalsFrom == TotalsFrom.Sinks ? Totals : null, matched, PayeeBlock), walk);
        foreach (var sink in sinks) Lines.Append(sink);
        if (totalsFrom != TotalsFrom.StoredLines) return;
        // A sink keeps each block of payees in its own chunks: each core adds up some blocks'.
        var cores = Cores.Parts;
        Parallel.For(0, cores, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int part) =>
        {
            foreach (var sink in sinks)
            {
                foreach (var (chunk, count, block) in sink.Filled())
                {
                    if (block % cores == part) AddLinesToTotals(bonus, chunk.AsSpan(0, count));
                }
            }
        });
    }

    /// <summary>
    /// Adds each of <paramref name="lines"/> to its payee's totals. The lines are one block's, so
    /// their payees' totals are a small part of memory, mostly in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddLinesToTotals(BonusType bonus, ReadOnlySpan<StoredLine> lines)
    {
        var capped = bonus != BonusType.RetailProfit;
        var matched = MatchedBonuses[(int)bonus];
        var totals = Totals;
        foreach (ref readonly var line in lines)
        {
            ref var payee = ref totals[line.Payee];
            if (capped) payee.Capped += line.Cents;
            if (matched) payee.Matched += line.Cents;
            payee.Lines++;
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
