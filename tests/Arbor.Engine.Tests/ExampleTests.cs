using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;

namespace Arbor.Engine.Tests;

/// <summary>Each example folder (copied from shared/examples into tests/data) reproduces expected/ byte for byte.</summary>
public class ExampleTests
{
    public static TheoryData<string> Examples() => ["hybrid", "stairstep-9", "generated-250", "v2-cycles", "matrix-3wide"];

    public static string ExamplesRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_RunOnFolder_ReproducesExpectedFilesByteForByte(string name)
    {
        var folder = Path.Combine(ExamplesRoot(), name);
        var period = File.ReadAllText(Path.Combine(folder, "period.txt")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        var input = BatchInput.Load(Path.Combine(folder, "plan.yaml"), Path.Combine(folder, "members.csv"), Path.Combine(folder, "orders.csv"));
        var result = PeriodEngine.Run(input.Plan, input.Network, input.Orders, new Period(DateOnly.Parse(period[0], System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(period[1], System.Globalization.CultureInfo.InvariantCulture)));
        var output = Directory.CreateTempSubdirectory("arbor-example-").FullName;
        try
        {
            ResultWriter.WriteAll(result, output);
            foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json" })
            {
                var expected = File.ReadAllText(Path.Combine(folder, "expected", file));
                var actual = File.ReadAllText(Path.Combine(output, file));
                Assert.Equal(expected, actual);
            }
            Assert.False(Directory.EnumerateFiles(output, "*.partial").Any());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
