using System.Runtime.CompilerServices;

namespace Arbor.Engine.Plans;

/// <summary>
/// A compensation plan as section 3 of the contract defines it, resolved: rank names are
/// rank indexes (0 = the first, lowest rank) and every rank map is expanded to one value
/// per rank. Percentages stay percent numbers (5 means 5 %).
/// </summary>
public sealed record Plan(
    string Name,
    string? Currency,
    decimal ActiveMinPv,
    IReadOnlyList<Rank> Ranks,
    IReadOnlyList<Bonus> Bonuses,
    PlanCaps Caps)
{
    /// <summary>The plan's file (or other source) as given to <see cref="PlanReader"/>, for messages about it in other files.</summary>
    public string Source { get; init; } = "plan";

    /// <summary>
    /// Retail conditions of activity (<c>active.min_retail_share</c>, <c>active.min_retail_customers</c>):
    /// a member is active only if it also meets them. <see cref="Qualification.None"/> when the plan has none.
    /// </summary>
    public Qualification ActiveQualification { get; init; } = Qualification.None;

    /// <summary>The 70 % rule (<c>sales_rule</c>), or null when the plan has none.</summary>
    public SalesRule? SalesRule { get; init; }

    /// <summary>True when some qualification of the plan counts retail customers: every retail order then needs its <c>customer_id</c>.</summary>
    public bool CountsRetailCustomers =>
        ActiveQualification.MinRetailCustomers is not null || Bonuses.Any(b => b.Qualification.MinRetailCustomers is not null);

    /// <summary>True when the plan has any retail qualification or the sales rule: the engine then works out each member's retail figures.</summary>
    public bool HasRetailConditions =>
        !ActiveQualification.IsNone || SalesRule is not null || Bonuses.Any(b => !b.Qualification.IsNone);

    /// <summary>The bonus of type <typeparamref name="T"/>, or null when the plan has none.</summary>
    public T? Find<T>() where T : Bonus => Bonuses.OfType<T>().FirstOrDefault();

    /// <summary>The index of the rank with this name, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int RankIndex(string name)
    {
        for (var i = 0; i < Ranks.Count; i++)
        {
            if (string.Equals(Ranks[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

/// <summary>One rank. The first rank of a plan has no requirements.</summary>
public sealed record Rank(
    string Name,
    decimal MinPv,
    decimal MinGv,
    decimal? MaxLegPercent,
    LegRequirement? Legs)
{
    /// <summary>The most one frontline leg counts toward <see cref="MinGv"/>, or null for no limit.</summary>
    public decimal? LegCap => MaxLegPercent is { } p ? p / 100m * MinGv : null;
}

/// <summary>At least <paramref name="Count"/> frontline legs each holding a member of rank <paramref name="MinRank"/> or above.</summary>
public sealed record LegRequirement(int Count, int MinRank);

/// <summary>The two plan-wide caps of section 6; null means no cap.</summary>
public sealed record PlanCaps(decimal? Member, decimal? PayoutPercent);

/// <summary>The bonus types, in ordinal order of their names (the order of <c>payouts.csv</c>).</summary>
public enum BonusType : byte
{
    Binary,
    Clawback,
    FastStart,
    Matching,
    Pool,
    RankAdvancement,
    RetailProfit,
    Stairstep,
    Unilevel,
}

/// <summary>Names of bonus types as they appear in plan files and outputs.</summary>
public static class BonusNames
{
    private static readonly string[] Names =
        ["binary", "clawback", "fast_start", "matching", "pool", "rank_advancement", "retail_profit", "stairstep", "unilevel"];

    /// <summary>The file name of a bonus type, e.g. <c>fast_start</c>.</summary>
    public static string Of(BonusType type) => Names[(int)type];

    /// <summary>True for bonuses paid on an order (their source member is the order's member); false for those paid on a member's results.</summary>
    public static bool IsOrderBased(BonusType type) =>
        type is BonusType.RetailProfit or BonusType.FastStart or BonusType.Unilevel or BonusType.Stairstep or BonusType.Clawback;

    /// <summary>Parses a bonus type name; false for an unknown name.</summary>
    public static bool TryParse(string name, out BonusType type)
    {
        var i = Array.IndexOf(Names, name);
        type = i < 0 ? default : (BonusType)i;
        return i >= 0;
    }
}

/// <summary>A bonus of the plan.</summary>
public abstract record Bonus(BonusType Type)
{
    /// <summary>
    /// The bonus's own retail conditions (<c>min_retail_share</c>, <c>min_retail_customers</c>): it is
    /// paid to a member only if the member also meets them. <see cref="Qualification.None"/> when it has none.
    /// </summary>
    public Qualification Qualification { get; init; } = Qualification.None;
}

/// <summary>Retail profit: amount − wholesale of each retail order to its member.</summary>
public sealed record RetailProfitBonus() : Bonus(BonusType.RetailProfit);

/// <summary>Fast start: percents of the CV of a new member's orders to its first uplines.</summary>
/// <param name="WithinDays">Orders placed fewer than this many days after joining count; null for no limit.</param>
/// <param name="Percents">Percent for the sponsor (index 0), its sponsor (index 1), ...</param>
public sealed record FastStartBonus(int? WithinDays, IReadOnlyList<decimal> Percents) : Bonus(BonusType.FastStart)
{
    /// <summary>Section 9.5 (<c>exclusive: true</c>): an order inside its member's window pays no unilevel; its fast-start lines replace them.</summary>
    public bool Exclusive { get; init; }

    /// <summary>True when an order dated <paramref name="day"/> of a member who joined on <paramref name="joined"/> is inside the window (day numbers).</summary>
    public bool Within(int joined, int day) => WithinDays is not { } days || day - joined < days;
}

/// <summary>Unilevel: percents of each order's CV up the sponsor tree.</summary>
/// <param name="MaxLevels">Per rank index: levels the rank is paid on (int.MaxValue: no limit).</param>
public sealed record UnilevelBonus(bool DynamicCompression, IReadOnlyList<decimal> Percents, IReadOnlyList<int> MaxLevels)
    : Bonus(BonusType.Unilevel)
{
    /// <summary>Section 9.1 (<c>tree: placement</c>): the walk goes up the placement tree instead of the sponsor tree.</summary>
    public bool OverPlacement { get; init; }
}

/// <summary>Binary: percent of the weaker leg's volume in the placement tree, with carry-over.</summary>
public sealed record BinaryBonus(decimal Percent, decimal? Cap, decimal? MaxCarry, bool FlushIfInactive) : Bonus(BonusType.Binary)
{
    /// <summary>Section 9.2: paid in cycles of fixed volume instead of a percent, or null.</summary>
    public BinaryCycle? Cycle { get; init; }

    /// <summary>Section 9.2: the cap per rank index (null: no cap for that rank), when <c>cap</c> is a rank map; else null and <see cref="Cap"/> holds.</summary>
    public IReadOnlyList<decimal?>? CapByRank { get; init; }

    /// <summary>The most a member of rank index <paramref name="rank"/> is paid, or null for no cap.</summary>
    public decimal? CapFor(int rank) => CapByRank is { } caps ? caps[rank] : Cap;
}

/// <summary>Section 9.2: cycles of <paramref name="Volume"/>, each worth <paramref name="Value"/>[rank]; 2:1 pairing when <paramref name="TwoToOne"/>.</summary>
public sealed record BinaryCycle(decimal Volume, IReadOnlyList<decimal> Value, bool TwoToOne)
{
    /// <summary>The cycles earned on sides <paramref name="left"/> and <paramref name="right"/>, and the volume each side gives up.</summary>
    public (decimal Cycles, decimal LeftGivesUp, decimal RightGivesUp) Match(decimal left, decimal right)
    {
        if (!TwoToOne)
        {
            var n = decimal.Floor((right < left ? right : left) / Volume);
            return (n, n * Volume, n * Volume);
        }
        // The stronger side (the left when they are equal) gives two volumes a cycle, the other one.
        var leftStronger = left >= right;
        var (strong, weak) = leftStronger ? (left, right) : (right, left);
        var cycles = Math.Min(decimal.Floor(strong / (2 * Volume)), decimal.Floor(weak / Volume));
        var (strongGives, weakGives) = (2 * cycles * Volume, cycles * Volume);
        return leftStronger ? (cycles, strongGives, weakGives) : (cycles, weakGives, strongGives);
    }
}

/// <summary>Stairstep differential with an optional breakaway and generation overrides.</summary>
/// <param name="Percents">Per rank index.</param>
/// <param name="BreakawayRank">Rank index, or null for no breakaway.</param>
public sealed record StairstepBonus(IReadOnlyList<decimal> Percents, int? BreakawayRank, IReadOnlyList<decimal> Overrides)
    : Bonus(BonusType.Stairstep)
{
    /// <summary>Section 9.3 (<c>percents_by_gv</c>): slabs in ascending <c>min_gv</c> that set the percent instead of the rank, or null.</summary>
    public IReadOnlyList<GvSlab>? Slabs { get; init; }

    /// <summary>Section 9.3 (<c>start: sponsor</c>): each order's walk starts at the sponsor of its member, at level 1.</summary>
    public bool StartAtSponsor { get; init; }

    /// <summary>The stairstep percent of a member of rank index <paramref name="rank"/> with group volume <paramref name="gv"/>.</summary>
    public decimal PercentOf(int rank, decimal gv)
    {
        if (Slabs is not { } slabs) return Percents[rank];
        var percent = 0m;
        foreach (var slab in slabs)
        {
            if (slab.MinGv > gv) break;
            percent = slab.Percent;
        }
        return percent;
    }

    /// <summary>Every percent a member can be paid at.</summary>
    public IEnumerable<decimal> AllPercents => Slabs is { } slabs ? slabs.Select(s => s.Percent) : Percents;
}

/// <summary>A stairstep slab: from <paramref name="MinGv"/> group volume on, <paramref name="Percent"/>.</summary>
public sealed record GvSlab(decimal MinGv, decimal Percent);

/// <summary>Rank advancement: a one-time amount for each rank newly reached.</summary>
/// <param name="Amounts">Per rank index; 0 for ranks not listed.</param>
public sealed record RankAdvancementBonus(IReadOnlyList<decimal> Amounts) : Bonus(BonusType.RankAdvancement);

/// <summary>Leadership pool: percent of total CV shared by rank.</summary>
/// <param name="Shares">Per rank index.</param>
public sealed record PoolBonus(decimal Percent, IReadOnlyList<decimal> Shares) : Bonus(BonusType.Pool);

/// <summary>Matching: percents of the <paramref name="Of"/> bonuses earned by each generation below.</summary>
/// <param name="MaxGenerations">Per rank index (int.MaxValue: no limit).</param>
public sealed record MatchingBonus(IReadOnlyList<BonusType> Of, IReadOnlyList<decimal> Percents, IReadOnlyList<int> MaxGenerations)
    : Bonus(BonusType.Matching)
{
    /// <summary>Section 9.4 (<c>generation_rank</c>): a generation runs down to and includes the next member of this rank index; null: one sponsor level each.</summary>
    public int? GenerationRank { get; init; }
}
