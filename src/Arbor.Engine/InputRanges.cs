namespace Arbor.Engine;

/// <summary>
/// The numbers the engine accepts (docs/plan-format.md, "Accepted ranges"; decision 15 in
/// docs/compensation-decisions.md). Chosen so that no single value, no product of a volume and a
/// percent and no line of a payout can overflow the engine's integers or lose digits in
/// <see cref="decimal"/>: a volume of at most 10^9 with 8 decimals (18 digits) times a percent of
/// at most 100 with 6 decimals (9 digits) has at most 27 digits, exact in a decimal, and a line of
/// at most 10^12 is 10^14 cents, far inside a 64-bit integer.
/// </summary>
public static class InputRanges
{
    /// <summary>Largest magnitude of a volume or an amount in a batch file (pv, cv, amount, wholesale, carries).</summary>
    public const decimal FileNumber = 1_000_000_000m;

    /// <summary>Largest money or volume amount in a plan (min_pv, min_gv, cap, max_carry, amounts, shares, caps.member).</summary>
    public const decimal PlanAmount = 1_000_000_000_000m;

    /// <summary>Largest percent in a plan.</summary>
    public const decimal Percent = 100m;

    /// <summary>Most decimals written in a batch file's number or a plan's amount.</summary>
    public const int AmountDecimals = 8;

    /// <summary>Most decimals written in a plan's percent.</summary>
    public const int PercentDecimals = 6;

    /// <summary>Largest whole number in a plan (legs.count, within_days, max_levels, max_generations).</summary>
    public const int WholeNumber = 1_000_000;

    /// <summary>Most ranks of a plan, and most entries in a plan's list of percents (levels, generations, overrides).</summary>
    public const int ListEntries = 1_000;

    /// <summary>Most lines in a batch file (header and blank lines included).</summary>
    public const int FileLines = 100_000_000;

    /// <summary>Per number of decimals, the largest mantissa of a batch file number: 10^9 × 10^decimals.</summary>
    private static readonly ulong[] FileMantissa = [.. Enumerable.Range(0, AmountDecimals + 1).Select(s => 1_000_000_000UL * (ulong)Math.Pow(10, s))];

    /// <summary>True when <paramref name="value"/> is a batch file number the engine accepts (read from its bits: it runs for every number of every row).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool FitsFile(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        return scale <= AmountDecimals && bits[2] == 0 && unchecked((ulong)(uint)bits[1] << 32 | (uint)bits[0]) <= FileMantissa[scale];
    }

    /// <summary>Why a batch file number is refused: for <c>'pv' …</c>.</summary>
    public static string FileProblem(decimal value) => value.Scale > AmountDecimals
        ? $"has more than {AmountDecimals} decimals"
        : "is outside the accepted range -1,000,000,000 to 1,000,000,000";
}
