using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// Everything one period's computation produced, indexed by member number: volumes,
/// activity, ranks, carries, and the payout lines in the order of <c>payouts.csv</c>.
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
        PeriodOrders = ctx.PeriodOrders;
        Pv = ctx.Pv;
        Gv = ctx.Gv;
        Active = ctx.Active;
        Rank = ctx.Rank;
        TotalPv = ctx.TotalPv;
        TotalCv = ctx.TotalCv;
        _store = store;
        LineOrder = sorted.Order;
        Caps = caps;
        CarryLeft = carryLeft;
        CarryRight = carryRight;
        BinaryLeft = binaryLeft;
        BinaryRight = binaryRight;
        CapBase = ctx.CapBase;
        MatchingBase = [.. ctx.Totals.Select(t => t.Matched)];
        SettledElsewhere = ctx.SettledElsewhere;
        Timings = timings;
        Sponsors = ctx.Sponsors;

        var n = Network.Count;
        HighestRank = new int[n];
        for (var m = 0; m < n; m++) HighestRank[m] = Math.Max(Network.HighestRank[m], Rank[m]);

        EarningsCents = sorted.EarningsCents;
        ByBonusCents = sorted.ByBonusCents;
        ByBonusLines = sorted.ByBonusLines;
        for (var b = 0; b < ByBonusCents.Length; b++)
        {
            if (b != (int)BonusType.RetailProfit) TotalPayoutCents += ByBonusCents[b];
        }
        foreach (var active in Active)
        {
            if (active) ActiveMembers++;
        }
    }

    private readonly Ranks _ranks;
    internal Forest Sponsors { get; }

    public Plan Plan { get; }
    public Network Network { get; }
    public OrderBook Orders { get; }
    public Period Period { get; }

    /// <summary>The order numbers dated inside the period, in ordinal order of their ids.</summary>
    public IReadOnlyList<int> PeriodOrders { get; }

    public decimal[] Pv { get; }
    public decimal[] Gv { get; }
    public bool[] Active { get; }

    /// <summary>Paid-as rank index per member.</summary>
    public int[] Rank { get; }

    /// <summary>Highest rank index after the period.</summary>
    public int[] HighestRank { get; }

    /// <summary>Binary carry leaving the period (left side).</summary>
    public decimal[] CarryLeft { get; }

    /// <summary>Binary carry leaving the period (right side).</summary>
    public decimal[] CarryRight { get; }

    /// <summary>Binary left volume before matching (null when the plan has no binary bonus).</summary>
    public decimal[]? BinaryLeft { get; }

    /// <summary>Binary right volume before matching (null when the plan has no binary bonus).</summary>
    public decimal[]? BinaryRight { get; }

    public decimal TotalPv { get; }
    public decimal TotalCv { get; }

    private readonly PayoutLineStore _store;

    /// <summary>Positions in <see cref="LineAt"/> of the payout lines, sorted as <c>payouts.csv</c>, zero lines left out.</summary>
    public int[] LineOrder { get; }

    /// <summary>The payout line stored at <paramref name="position"/> (see <see cref="LineOrder"/>).</summary>
    public PayoutLine LineAt(int position) => _store.LineAt(position, Orders);

    /// <summary>The lines at <paramref name="positions"/>, fetched for writing.</summary>
    internal void Gather(ReadOnlySpan<int> positions, Span<PayoutLine> into) => _store.Gather(positions, Orders, into);

    /// <summary>Payout lines after caps, in the order of <c>payouts.csv</c>.</summary>
    public IEnumerable<PayoutLine> Lines => LineOrder.Select(LineAt);

    /// <summary>Number of payout lines.</summary>
    public int LineCount => LineOrder.Length;

    /// <summary>What the caps did.</summary>
    public CapOutcome Caps { get; }

    /// <summary>Per member, the total of capped bonuses before caps, in cents.</summary>
    public long[] CapBase { get; }

    /// <summary>Per member, the total of the bonuses matching pays on, before caps, in cents.</summary>
    public long[] MatchingBase { get; }

    /// <summary>The returns whose bonuses the caller settled itself (see <see cref="PeriodEngine.Run"/>), or null.</summary>
    public bool[]? SettledElsewhere { get; }

    /// <summary>Per member, the total of its lines after caps, in cents (retail profit included).</summary>
    public long[] EarningsCents { get; }

    /// <summary>Per bonus type, the total of its lines after caps, in cents.</summary>
    public long[] ByBonusCents { get; }

    /// <summary>Per bonus type, the number of lines.</summary>
    public int[] ByBonusLines { get; }

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
