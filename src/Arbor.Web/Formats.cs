using System.Globalization;

namespace Arbor.Web;

/// <summary>
/// Money, numbers and dates as the request's culture writes them (<c>1,234.50</c> in English,
/// <c>1.234,50</c> in Dutch and Indonesian, <c>1 234,50</c> in Norwegian), money with the
/// company's currency code. Amounts are already exact to the cent (Arbor's one rounding rule is
/// the engine's); formatting never rounds them again.
/// </summary>
public static class Formats
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public static string Money(decimal amount, string currency) =>
        string.Create(Culture, $"{amount:N2}") + "\u00a0" + currency;

    /// <summary>An exchange rate, with as many decimals as it has (up to six).</summary>
    public static string Rate(decimal rate) => rate.ToString("0.######", Culture);

    public static string Volume(decimal volume) => volume == decimal.Truncate(volume)
        ? volume.ToString("N0", Culture)
        : volume.ToString("N2", Culture);

    public static string Count(long n) => n.ToString("N0", Culture);

    public static string Date(DateOnly date) => date.ToString("d", Culture);

    /// <summary>A month for a chart's axis: "Jan 26".</summary>
    public static string MonthShort(DateOnly month) => month.ToString("MMM yy", Culture);

    public static string Month(int year, int month) => new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM yyyy", Culture);

    public static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("g", Culture);

    /// <summary>A percentage from a fraction (0.25 → 25 %).</summary>
    public static string Percent(decimal fraction) => fraction.ToString("P1", Culture);
}
