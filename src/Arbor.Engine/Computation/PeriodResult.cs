using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// Everything one period's computation produced, indexed by member number: volumes,
/// activity, ranks, carries, and the payout lines in the order of <c>payouts.csv</c>.
/// It hands out read-only views (<see cref="ReadOnlySpan{T}"/>, indexed like the arrays
/// behind them, without a copy); the engine and the writer use the arrays themselves.
/// </summary>
public sealed class PeriodResult
{
    internal PeriodResult(PeriodContext ctx, Ranks ranks, PayoutLineStore store, SortedLines sorted, CapOutcome caps,
        decimal[] carryLeft, decimal[] carryRight, decimal[]? binaryLeft, decimal[]? binaryRight,
        IReadOnlyList<PhaseTiming> timings)
    {
        _ranks = ranks;
        Plan = ctx.Plan;
        Network = ctx.Network;
        Orders = ctx.Orders;
        Period = ctx.Period;
        PeriodOrdersArray = ctx.PeriodOrders;
        PeriodOrders = Array.AsReadOnly(ctx.PeriodOrders);
        _pv = ctx.Pv;
        _gv = ctx.Gv;
        _active = ctx.Active;
        _retail = ctx.Retail;
        _rank = ctx.Rank;
        TotalPv = ctx.TotalPv;
        TotalCv = ctx.TotalCv;
        _store = store;
        Sorted = sorted;
        _lineOrder = new Lazy<int[]>(sorted.All);
        Caps = caps;
        _carryLeft = carryLeft;
        _carryRight = carryRight;
        _binaryLeft = binaryLeft;
        _binaryRight = binaryRight;
        _capBase = ctx.CapBase;
        _matchingBase = [.. ctx.Totals.Select(t => t.Matched)];
        SettledElsewhereArray = ctx.SettledElsewhere;
        Timings = [.. timings];
        Sponsors = ctx.Sponsors;

        var n = Network.Count;
        _highestRank = new int[n];
        for (var m = 0; m < n; m++) _highestRank[m] = Math.Max(Network.HighestRank[m], _rank[m]);

        _earningsCents = sorted.EarningsCents;
        _byBonusCents = sorted.ByBonusCents;
        _byBonusLines = sorted.ByBonusLines;
        for (var b = 0; b < _byBonusCents.Length; b++)
        {
            if (b != (int)BonusType.RetailProfit) TotalPayoutCents += _byBonusCents[b];
        }
        foreach (var active in _active)
        {
            if (active) ActiveMembers++;
        }
    }

    private readonly Ranks _ranks;
    private readonly decimal[] _pv;
    private readonly decimal[] _gv;
    private readonly bool[] _active;
    private readonly RetailConditions? _retail;
    private readonly int[] _rank;
    private readonly int[] _highestRank;
    private readonly decimal[] _carryLeft;
    private readonly decimal[] _carryRight;
    private readonly decimal[]? _binaryLeft;
    private readonly decimal[]? _binaryRight;
    private readonly long[] _capBase;
    private readonly long[] _matchingBase;
    private readonly long[] _earningsCents;
    private readonly long[] _byBonusCents;
    private readonly int[] _byBonusLines;

    internal Forest Sponsors { get; }

    public Plan Plan { get; }
    public Network Network { get; }
    public OrderBook Orders { get; }
    public Period Period { get; }

    /// <summary>The order numbers dated inside the period, in ordinal order of their ids.</summary>
    public IReadOnlyList<int> PeriodOrders { get; }

    /// <summary>The array behind <see cref="PeriodOrders"/>, for the engine.</summary>
    internal int[] PeriodOrdersArray { get; }

    /// <summary>Personal volume per member.</summary>
    public ReadOnlySpan<decimal> Pv => _pv;

    /// <summary>Group volume per member.</summary>
    public ReadOnlySpan<decimal> Gv => _gv;

    /// <summary>Whether each member is active.</summary>
    public ReadOnlySpan<bool> Active => _active;

    /// <summary>True when the plan has retail conditions of pay (issue 17) and the figures below were worked out.</summary>
    public bool HasRetailFigures => _retail is not null;

    /// <summary>Per member, the PV of its retail orders in the period; empty when <see cref="HasRetailFigures"/> is false.</summary>
    public ReadOnlySpan<decimal> RetailPv => _retail is null ? [] : _retail.RetailPv;

    /// <summary>Per member, the PV of its personal orders in the period (own purchases); empty when <see cref="HasRetailFigures"/> is false.</summary>
    public ReadOnlySpan<decimal> PersonalPv => _retail is null ? [] : _retail.PersonalPv;

    /// <summary>Member <paramref name="m"/>'s distinct retail customers in the period; 0 when the plan does not count them.</summary>
    public int RetailCustomersOf(int m) => _retail?.CustomersOf(m) ?? 0;

    /// <summary>
    /// True when member <paramref name="m"/> meets <paramref name="q"/> (always when <paramref name="q"/>
    /// is <see cref="Qualification.None"/>).
    /// </summary>
    public bool Meets(Qualification q, int m) => q.IsNone || _retail is null || _retail.Meets(q, m);

    /// <summary>Paid-as rank index per member.</summary>
    public ReadOnlySpan<int> Rank => _rank;

    /// <summary>Highest rank index after the period.</summary>
    public ReadOnlySpan<int> HighestRank => _highestRank;

    /// <summary>Binary carry leaving the period (left side).</summary>
    public ReadOnlySpan<decimal> CarryLeft => _carryLeft;

    /// <summary>Binary carry leaving the period (right side).</summary>
    public ReadOnlySpan<decimal> CarryRight => _carryRight;

    /// <summary>True when the plan has a binary bonus, so that <see cref="BinaryLeft"/> and <see cref="BinaryRight"/> hold a volume per member.</summary>
    public bool HasBinary => _binaryLeft is not null;

    /// <summary>Binary left volume before matching (empty when the plan has no binary bonus).</summary>
    public ReadOnlySpan<decimal> BinaryLeft => _binaryLeft;

    /// <summary>Binary right volume before matching (empty when the plan has no binary bonus).</summary>
    public ReadOnlySpan<decimal> BinaryRight => _binaryRight;

    public decimal TotalPv { get; }
    public decimal TotalCv { get; }

    private readonly PayoutLineStore _store;

    private readonly Lazy<int[]> _lineOrder;

    /// <summary>
    /// Positions in <see cref="LineAt"/> of the payout lines, sorted as <c>payouts.csv</c>, zero
    /// lines left out; made on first use (the writer places a block of payees at a time instead).
    /// </summary>
    public ReadOnlySpan<int> LineOrder => _lineOrder.Value;

    /// <summary>The lines' totals, and their order a block of payees at a time, for the writer.</summary>
    internal SortedLines Sorted { get; }

    /// <summary>The payout line stored at <paramref name="position"/> (see <see cref="LineOrder"/>).</summary>
    public PayoutLine LineAt(int position) => _store.LineAt(position, Orders);

    /// <summary>The lines at <paramref name="positions"/>, fetched for writing (see <see cref="PayoutLineStore.GatherStored"/>: an order's line without its source member).</summary>
    internal void GatherStored(ReadOnlySpan<int> positions, Span<PayoutLine> into) => _store.GatherStored(positions, into);

    /// <summary>Payout lines after caps, in the order of <c>payouts.csv</c>.</summary>
    public IEnumerable<PayoutLine> Lines => _lineOrder.Value.Select(LineAt);

    /// <summary>Number of payout lines.</summary>
    public int LineCount => Sorted.Count;

    /// <summary>What the caps did.</summary>
    public CapOutcome Caps { get; }

    /// <summary>Per member, the total of capped bonuses before caps, in cents.</summary>
    public ReadOnlySpan<long> CapBase => _capBase;

    /// <summary>Per member, the total of the bonuses matching pays on, before caps, in cents.</summary>
    public ReadOnlySpan<long> MatchingBase => _matchingBase;

    /// <summary>Per order number, the returns whose bonuses the caller settled itself (see <see cref="PeriodEngine.Run"/>); empty when it settled none.</summary>
    public ReadOnlySpan<bool> SettledElsewhere => SettledElsewhereArray;

    /// <summary>The array behind <see cref="SettledElsewhere"/> as the caller passed it, or null.</summary>
    internal bool[]? SettledElsewhereArray { get; }

    /// <summary>Per member, the total of its lines after caps, in cents (retail profit included).</summary>
    public ReadOnlySpan<long> EarningsCents => _earningsCents;

    /// <summary>Per bonus type, the total of its lines after caps, in cents.</summary>
    public ReadOnlySpan<long> ByBonusCents => _byBonusCents;

    /// <summary>Per bonus type, the number of lines.</summary>
    public ReadOnlySpan<int> ByBonusLines => _byBonusLines;

    /// <summary>All lines but retail profit, after caps, in cents: what the company pays.</summary>
    public long TotalPayoutCents { get; }

    public int ActiveMembers { get; }

    /// <summary>How long each phase took.</summary>
    public IReadOnlyList<PhaseTiming> Timings { get; }

    /// <summary>How member <paramref name="m"/> stands against rank <paramref name="r"/>.</summary>
    public RankCheck CheckRank(int m, int r) => _ranks.Check(m, r);

    /// <summary>The highest paid-as rank in the subtree of <paramref name="m"/>, the member included.</summary>
    public int BestRankInSubtree(int m) => _ranks.BestInSubtree[m];

    /// <summary>The frontline of <paramref name="m"/> in input order.</summary>
    public ReadOnlySpan<int> Frontline(int m) => Sponsors.ChildrenOf(m);
}

/// <summary>Duration of one computation phase.</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Elapsed);
