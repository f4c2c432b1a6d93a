using System.Globalization;
using System.Text;

namespace Arbor.Core.Compliance;

/// <summary>
/// The income disclosure statement as CSV for machines: one row per rank of the plan (lowest
/// first) and a last row <c>total</c> for all participants; invariant culture, money rounded half
/// to even to cents, shares as fractions to six decimals, months to two; empty cells where a
/// figure does not exist (a rank nobody holds).
/// </summary>
public static class DisclosureCsv
{
    public const string Header = "year,row,rank_order,rank,participants,share_of_participants,earnings_total,retail_profit_total,earnings_mean,earnings_p10,earnings_median,earnings_p90,earnings_minimum,earnings_maximum,"
        + "earned_nothing,earned_less_than_nothing,share_earned_nothing,average_months_to_rank,purchases_median,purchases_mean,earned_less_than_purchases,share_earned_less_than_purchases,average_months_participating";

    public static string Render(IncomeDisclosure d)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var r in d.Ranks) Row(csv, d.Year, "rank", r.Order.ToString(CultureInfo.InvariantCulture), r.Rank, r.Figures, r.AverageMonthsToRank);
        Row(csv, d.Year, "total", "", "", d.Totals, null);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, int year, string row, string order, string rank, DisclosureFigures x, decimal? monthsToRank)
    {
        var e = x.Distribution;
        string[] cells =
        [
            year.ToString(CultureInfo.InvariantCulture), row, order, CsvCells.Text(rank), x.Members.ToString(CultureInfo.InvariantCulture), Fraction(x.Share),
            Money(x.Earnings), Money(x.RetailProfit), Money(e?.Mean), Money(e?.P10), Money(e?.Median), Money(e?.P90), Money(e?.Minimum), Money(e?.Maximum),
            x.EarnedNothing.ToString(CultureInfo.InvariantCulture), x.EarnedLessThanNothing.ToString(CultureInfo.InvariantCulture), Fraction(x.ShareEarnedNothing),
            Months(monthsToRank), Money(x.Purchases?.Median), Money(x.Purchases?.Mean), x.EarnedLessThanPurchases.ToString(CultureInfo.InvariantCulture),
            Fraction(x.ShareEarnedLessThanPurchases), x.Members == 0 ? "" : Months(x.AverageMonthsParticipating),
        ];
        csv.AppendJoin(',', cells).Append('\n');
    }

    private static string Money(decimal? amount) => amount is { } a ? DisclosureFormat.Cents(a).ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Fraction(decimal share) => Math.Round(share, 6, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture);

    private static string Months(decimal? months) => months is { } m ? Math.Round(m, 2, MidpointRounding.ToEven).ToString("0.00", CultureInfo.InvariantCulture) : "";
}
