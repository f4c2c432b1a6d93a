using System.Globalization;
using System.Text;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;

namespace Arbor.Engine.Tests;

/// <summary>
/// Randomly broken copies of the contract's examples (issue 15): each either computes or is refused
/// with an <see cref="InputException"/> whose every error names the broken file (as the file in
/// error, or in its words when another file refers to it: an order naming a member the broken
/// members file lost). Anything else fails with the seed and the mutations that reproduce it.
/// <c>ARBOR_FUZZ_INPUTS</c> sets the inputs per case (default 250) for a longer local search, and
/// <c>ARBOR_FUZZ_REPORT</c> names a file to append every failure to, <c>ARBOR_FUZZ_SEED</c> shifts the seeds.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private static readonly string[] Files = ["plan.yaml", "members.csv", "orders.csv"];

    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int InputsPerCase =>
        int.TryParse(Environment.GetEnvironmentVariable("ARBOR_FUZZ_INPUTS"), CultureInfo.InvariantCulture, out var n) ? n : 250;

    private static int SeedOffset =>
        int.TryParse(Environment.GetEnvironmentVariable("ARBOR_FUZZ_SEED"), CultureInfo.InvariantCulture, out var n) ? n : 0;

    // 3 examples × 4 seed blocks × 250 inputs = 3,000 broken inputs per run.
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var example in new[] { "hybrid", "stairstep-9", "generated-250" })
        {
            for (var block = 0; block < 4; block++) data.Add(example, block * 1_000_003 + 17);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_RandomlyBrokenExample_ComputesOrNamesTheBrokenFile(string example, int firstSeed)
    {
        var folder = Path.Combine(ExampleTests.ExamplesRoot(), example);
        var originals = Files.Select(f => File.ReadAllText(Path.Combine(folder, f))).ToArray();
        var bounds = File.ReadAllText(Path.Combine(folder, "period.txt")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        var period = new Period(DateOnly.Parse(bounds[0], CultureInfo.InvariantCulture), DateOnly.Parse(bounds[1], CultureInfo.InvariantCulture));
        var paths = Files.Select(f => Path.Combine(_dir, f)).ToArray();

        var outcomes = new int[2];
        var failures = new List<string>();
        firstSeed += SeedOffset;
        for (var seed = firstSeed; seed < firstSeed + InputsPerCase; seed++)
        {
            var mutator = new Mutator(seed);
            var broken = seed % Files.Length;
            for (var i = 0; i < Files.Length; i++)
            {
                File.WriteAllBytes(paths[i], i == broken ? mutator.Encode(mutator.Mutate(originals[i], csv: i > 0)) : Encoding.UTF8.GetBytes(originals[i]));
            }
            // The outputs of one input in eight are written too (to memory): writing takes longer than computing.
            var (refused, failure) = RunOnce(paths, broken, period, write: seed % 8 == 0);
            if (failure is null) outcomes[refused ? 1 : 0]++;
            else failures.Add($"{example}, seed {seed}, {Files[broken]}: {string.Join("; ", mutator.Steps)}\n{failure}");
        }
        if (Environment.GetEnvironmentVariable("ARBOR_FUZZ_REPORT") is { Length: > 0 } report) File.AppendAllLines(report, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} of {InputsPerCase} inputs failed; the first:\n{string.Join("\n\n", failures.Take(3))}");
        // Both outcomes occur, or the mutations are too timid (or too wild) to test anything.
        Assert.All(outcomes, n => Assert.True(n > 0, $"computed {outcomes[0]}, refused {outcomes[1]}"));
    }

    /// <summary>Whether the input was refused as the contract asks, or else what went wrong.</summary>
    internal static (bool Refused, string? Failure) RunOnce(string[] paths, int broken, Period period, bool write)
    {
        try
        {
            var input = BatchInput.Load(paths[0], paths[1], paths[2]);
            var result = PeriodEngine.Run(input.Plan, input.Network, input.Orders, period);
            if (!write) return (false, null);
            // The writers close their streams.
            ResultWriter.WritePayouts(result, new MemoryStream());
            ResultWriter.WriteMembers(result, new MemoryStream());
            ResultWriter.WriteSummary(result, new MemoryStream());
            return (false, null);
        }
        catch (InputException e)
        {
            var name = Path.GetFileName(paths[broken]);
            var stray = e.Errors.FirstOrDefault(x => x.File != paths[broken] && !x.Message.Contains(name, StringComparison.Ordinal));
            return (true, stray is null ? null : $"an error does not name the broken file: {stray}");
        }
        catch (Exception e)
        {
            return (false, $"{e.GetType().Name} instead of a result or an InputException: {e}");
        }
    }
}
