using System.Globalization;

namespace Arbor.Core;

/// <summary>
/// The largest amounts and quantities a use case accepts (docs/business-rules.md, "Limits"). Far
/// above any real business and far below what the sums built from them can hold: a company's
/// ledger, a period's totals and an order's lines never overflow <see cref="decimal"/> or the
/// engine's integers, whatever is entered.
/// </summary>
public static class Limits
{
    /// <summary>An adjustment moves at most this much, either way.</summary>
    public const decimal Adjustment = 1_000_000_000m;

    /// <summary>A unit price (retail or member), PV or CV at most.</summary>
    public const decimal UnitPrice = 1_000_000m;

    /// <summary>An order line, an autoship line at most this many units.</summary>
    public const int Quantity = 1_000;

    /// <summary>An order's amount, PV and CV at most: what the engine accepts of one order (<see cref="Arbor.Engine.InputRanges.FileNumber"/>), so that every stored order can be computed.</summary>
    public const decimal OrderTotal = Arbor.Engine.InputRanges.FileNumber;

    /// <summary>A company's minimum payout at most.</summary>
    public const decimal MinimumPayout = 1_000_000m;

    /// <summary>Decimals of money (cents); PV and CV may have up to <see cref="VolumeDecimals"/>.</summary>
    public const int MoneyDecimals = 2, VolumeDecimals = 4;

    /// <summary>A refusal when <paramref name="value"/> lies outside [<paramref name="min"/>, <paramref name="max"/>] or has more than <paramref name="decimals"/> decimals; else null.</summary>
    public static Problem? Check(string where, string what, decimal value, decimal min, decimal max, int decimals)
    {
        if (value < min || value > max) return new Problem(where, string.Create(CultureInfo.InvariantCulture, $"{what} must be {min:#,0.##} to {max:#,0.##}, not {value}"));
        if (decimal.Round(value, decimals) != value) return new Problem(where, string.Create(CultureInfo.InvariantCulture, $"{what} has at most {decimals} decimals, not {value}"));
        return null;
    }
}
