using System.Globalization;
using Arbor.Engine.Computation;

namespace Arbor.Core.Compliance;

/// <summary>
/// How the statement writes its figures in one culture: money rounded once, half to even, to
/// cents; shares as percentages to one decimal; months to one decimal (both half to even).
/// </summary>
public sealed class DisclosureFormat(CultureInfo culture)
{
    public CultureInfo Culture { get; } = culture;

    /// <summary>A money amount rounded half to even to cents; exact to the cent in the statement, so that figures add up as printed.</summary>
    public static decimal Cents(decimal amount) => Rounding.ToCents(amount) / 100m;

    public string Money(decimal? amount, string none) => amount is { } a ? Cents(a).ToString("N2", Culture) : none;

    public string Percent(decimal share) => Math.Round(share * 100m, 1, MidpointRounding.ToEven).ToString("N1", Culture) + " %";

    public string Months(decimal? months, string none) => months is { } m ? Math.Round(m, 1, MidpointRounding.ToEven).ToString("N1", Culture) : none;

    public string Count(int count) => count.ToString("N0", Culture);

    /// <summary>ISO 8601 (2026-12-31) in every language: unambiguous.</summary>
    public string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Text(string format, params object[] args) => string.Format(Culture, format, args);
}
