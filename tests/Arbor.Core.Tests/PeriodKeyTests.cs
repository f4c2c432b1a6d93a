using System.Globalization;
using Arbor.Core.Periods;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Core.Tests;

public class PeriodKeyTests
{
    [Theory]
    [InlineData("2026-10", "month", "2026-10-01", "2026-10-31")]
    [InlineData("2028-02", "month", "2028-02-01", "2028-02-29")]
    [InlineData("2026-W43", "week", "2026-10-19", "2026-10-25")]
    [InlineData("2026-W01", "week", "2025-12-29", "2026-01-04")]
    [InlineData("2026-W53", "week", "2026-12-28", "2027-01-03")]
    public void Parse_GivesTheCalendarDates(string key, string kind, string from, string to)
    {
        var period = PeriodKey.Parse(key).Unwrap();
        Assert.Equal((kind, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
            (period.Kind, period.From, period.To));
        Assert.Equal(key, PeriodKey.Containing(period.From, kind).Unwrap().Key);
        Assert.Equal(key, PeriodKey.Containing(period.To, kind).Unwrap().Key);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-10-01")]
    [InlineData("October")]
    [InlineData("2025-W53")]
    [InlineData("٢٠٢٦-١٠")]
    [InlineData("2026-10\n")]
    public void Parse_RefusesWhatIsNotAPeriod(string key) => Assert.Equal("period", PeriodKey.Parse(key).Problem?.Where);

    [Theory]
    [InlineData("0000-01")]
    [InlineData("9999-12")]
    [InlineData("0000-W01")]
    [InlineData("9999-W52")]
    [InlineData("1899-12")]
    [InlineData("3000-01")]
    public void Parse_RefusesYearsOutsideTheRange(string key)
    {
        var parsed = PeriodKey.Parse(key);
        Assert.Equal("period", parsed.Problem?.Where);
        Assert.Contains("1900 to 2999", parsed.Problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1900-01", "1900-01-01")]
    [InlineData("2999-12", "2999-12-31")]
    [InlineData("1900-W01", "1900-01-01")]
    [InlineData("2999-W52", "2999-12-29")]
    public void Parse_AcceptsTheRangesEnds(string key, string day) =>
        Assert.True(PeriodKey.Parse(key).Unwrap().From <= DateOnly.Parse(day, CultureInfo.InvariantCulture) && DateOnly.Parse(day, CultureInfo.InvariantCulture) <= PeriodKey.Parse(key).Unwrap().To);

    /// <summary>Any key of the right shape, any year and number: a period of one month or seven days, or a refusal; never an exception.</summary>
    [Fact]
    public void Parse_OnRandomKeys_GivesAValidRangeOrAProblem_NeverThrows()
    {
        var keys = Gen.Choose(0, 9999).SelectMany(year => Gen.Choose(0, 99).SelectMany(n => Gen.Elements(
            string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{n:D2}"), string.Create(CultureInfo.InvariantCulture, $"{year:D4}-W{n:D2}"))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(keys.ToArbitrary(), key =>
        {
            var parsed = PeriodKey.Parse(key);
            if (!parsed.Ok) return parsed.Problem!.Where == "period";
            var p = parsed.Value!;
            return p.Key == key && p.From <= p.To && p.From.Year >= PeriodKey.FirstYear - 1 && p.To.Year <= PeriodKey.LastYear + 1
                && (p.Kind == "week"
                    ? p.From.DayOfWeek == DayOfWeek.Monday && p.To.DayNumber - p.From.DayNumber == 6
                    : p.From.Day == 1 && p.To.AddDays(1).Day == 1 && p.From.Month == p.To.Month);
        }));
    }

    /// <summary>Any date of the calendar, either kind: the period that contains it, or a refusal for a year no period may lie in; never an exception.</summary>
    [Fact]
    public void Containing_AnyDate_GivesThePeriodAroundIt_OrAProblem_NeverThrows()
    {
        var dates = Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(dates.ToArbitrary(), Gen.Elements("month", "week").ToArbitrary(), (date, kind) =>
        {
            var key = PeriodKey.Containing(date, kind);
            if (!key.Ok) return key.Problem!.Where == "period" && (date.Year < PeriodKey.FirstYear + 1 || date.Year > PeriodKey.LastYear - 1);
            return key.Value!.Kind == kind && key.Value.From <= date && date <= key.Value.To;
        }));
        Assert.False(PeriodKey.Containing(new DateOnly(1, 1, 31), "month").Ok);
        Assert.False(PeriodKey.Containing(new DateOnly(9999, 12, 31), "week").Ok);
    }
}
