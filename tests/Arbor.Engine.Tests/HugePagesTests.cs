using Arbor.Engine.Runtime;

namespace Arbor.Engine.Tests;

/// <summary>
/// The choice of the heap's pages (<see cref="HugePages"/>): the environment's word first; when
/// it says nothing, an engine run measures the host and takes huge pages where a fresh 4 KB page
/// is slow; any other process keeps ordinary pages.
/// </summary>
public class HugePagesTests
{
    private static Func<double> Costing(double microseconds, List<double> calls) => () =>
    {
        calls.Add(microseconds);
        return microseconds;
    };

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void A_setting_of_1_or_0_decides_without_measuring(string setting, bool expected)
    {
        var calls = new List<double>();
        Assert.Equal(expected, HugePages.Wanted(setting, Costing(expected ? 0.1 : 100, calls)));
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yes")]
    public void Without_a_setting_the_measured_cost_decides(string? setting)
    {
        var calls = new List<double>();
        Assert.True(HugePages.Wanted(setting, Costing(HugePages.SlowFaultMicroseconds + 0.1, calls)));
        Assert.False(HugePages.Wanted(setting, Costing(HugePages.SlowFaultMicroseconds, calls)));
        Assert.False(HugePages.Wanted(setting, Costing(2.5, calls)));
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public void Without_a_setting_or_a_measurement_pages_stay_ordinary() =>
        Assert.False(HugePages.Wanted(null, measure: null));

    [Fact]
    public void The_probe_measures_a_real_cost_on_Linux()
    {
        var cost = HugePages.FreshPageMicroseconds();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0, cost);
            return;
        }
        // A first write to a fresh page costs a page fault: more than nothing, less than a millisecond.
        Assert.InRange(cost, 0.01, 1000);
    }
}
