using Arbor.Core.Periods;

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
        Assert.Equal(key, PeriodKey.Containing(period.From, kind).Key);
        Assert.Equal(key, PeriodKey.Containing(period.To, kind).Key);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-10-01")]
    [InlineData("October")]
    [InlineData("2025-W53")]
    [InlineData("٢٠٢٦-١٠")]
    [InlineData("2026-10\n")]
    public void Parse_RefusesWhatIsNotAPeriod(string key) => Assert.Equal("period", PeriodKey.Parse(key).Problem?.Where);
}
