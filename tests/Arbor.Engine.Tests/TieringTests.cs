using Arbor.Engine.Runtime;

namespace Arbor.Engine.Tests;

/// <summary>
/// What <c>--timings</c> says of the runtime's recompiling (<see cref="ProcessSetup.Tiering(string?, string?)"/>):
/// the two variables the launcher sets for <c>commissions</c>, read as the runtime reads them.
/// </summary>
public class TieringTests
{
    [Theory]
    [InlineData(null, null, "optimized after 30 calls, profiling tier on")]
    [InlineData("0x1000", "0", "optimized after 4,096 calls, profiling tier off")]
    [InlineData("1000", "0", "optimized after 4,096 calls, profiling tier off")] // hexadecimal, as the runtime reads it
    [InlineData("1E", "1", "optimized after 30 calls, profiling tier on")]
    [InlineData(" 0x40 ", null, "optimized after 64 calls, profiling tier on")]
    [InlineData("0", "", "optimized after 1 call, profiling tier on")] // the runtime counts at least one call
    [InlineData("fffff", "off", "optimized after 65,535 calls, profiling tier on")] // and at most 65,535
    [InlineData("many", null, "optimized after 30 calls, profiling tier on")] // a value it cannot read is ignored
    [InlineData("", null, "optimized after 30 calls, profiling tier on")]
    [InlineData("-5", null, "optimized after 30 calls, profiling tier on")]
    [InlineData("1ffffffff", null, "optimized after 30 calls, profiling tier on")]
    public void Says_after_how_many_calls_and_whether_with_a_profiling_tier(string? threshold, string? pgo, string expected) =>
        Assert.Equal(expected, ProcessSetup.Tiering(threshold, pgo));
}
