using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbor.Core.Periods;

/// <summary>A commission period's name and dates: <c>2026-10</c> is October 2026, <c>2026-W43</c> is ISO week 43 (Monday to Sunday).</summary>
public sealed partial record PeriodKey(string Key, string Kind, DateOnly From, DateOnly To)
{
    /// <summary>The years a period may lie in (docs/business-rules.md): far from the calendar's ends, so that no date arithmetic on a period overflows.</summary>
    public const int FirstYear = 1900, LastYear = 2999;

    public static Outcome<PeriodKey> Parse(string text)
    {
        if (Month().Match(text) is { Success: true } m)
        {
            var (year, month) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            if (month is < 1 or > 12) return Invalid(text);
            if (OutOfRange(year) is { } refused) return refused;
            var first = new DateOnly(year, month, 1);
            return new PeriodKey(text, "month", first, first.AddMonths(1).AddDays(-1));
        }
        if (Week().Match(text) is { Success: true } w)
        {
            var (year, week) = (int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(w.Groups[2].Value, CultureInfo.InvariantCulture));
            if (OutOfRange(year) is { } refused) return refused;
            if (week < 1 || week > ISOWeek.GetWeeksInYear(year)) return Outcome<PeriodKey>.Fail("period", $"{year} has no ISO week {week}");
            var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
            return new PeriodKey(text, "week", monday, monday.AddDays(6));
        }
        return Invalid(text);
    }

    /// <summary>The period of <paramref name="kind"/> that contains <paramref name="date"/>, or why there is none (a year outside the range periods may lie in).</summary>
    public static Outcome<PeriodKey> Containing(DateOnly date, string kind)
    {
        if (kind == "week")
        {
            var dt = date.ToDateTime(TimeOnly.MinValue);
            return Parse(string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(dt)}-W{ISOWeek.GetWeekOfYear(dt):00}"));
        }
        return Parse(string.Create(CultureInfo.InvariantCulture, $"{date.Year:D4}-{date.Month:00}"));
    }

    private static Problem? OutOfRange(int year) => year is < FirstYear or > LastYear
        ? new Problem("period", $"{year:D4} is outside the years a period may lie in ({FirstYear} to {LastYear})")
        : null;

    private static Outcome<PeriodKey> Invalid(string text) =>
        Outcome<PeriodKey>.Fail("period", $"'{text}' is not a period: use YYYY-MM for a month or YYYY-Www for an ISO week (2026-10, 2026-W43)");

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})\z")]
    private static partial Regex Month();

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})\z")]
    private static partial Regex Week();
}
