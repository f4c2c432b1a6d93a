using System.CommandLine;
using Arbor.Engine.Tests;

namespace Arbor.Cli.Tests;

/// <summary>
/// <c>arbor commissions run</c> on randomly broken copies of the hybrid example (issue 15), as a
/// user would run it: each run either writes the three outputs, or exits non-zero with messages
/// on standard error that each name the broken file, and writes nothing at all.
/// </summary>
public sealed class BrokenInputCommandTests : IDisposable
{
    private static readonly string[] Files = ["plan.yaml", "members.csv", "orders.csv"];

    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Hybrid()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples", "hybrid");
    }

    public static TheoryData<string, string, string, string> OutOfRange() => new()
    {
        { "orders.csv", "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,9999999999999999999\n", ":2: ", "'cv' is outside the accepted range" },
        { "plan.yaml", "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5\0]\n", ":6:17: ", "a control character (U+0000)" },
        { "plan.yaml", "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5, 79228162514264337593543950335]\n", ":6:19: ", "is a percent from 0 to 100" },
        { "members.csv", "\uFEFFid,sponsor_id,joined_on\r\n", ":2: ", "no members, only a header" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Run_NumberOutOfRangeOrBrokenText_ExitsNonZeroWithLocatedMessageAndWritesNothing(string file, string text, string location, string words)
    {
        string Write(string name, string content)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, content);
            return path;
        }
        var plan = Write("plan.yaml", "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5]\n");
        var members = Write("members.csv", "id,sponsor_id,joined_on\nA,,2025-01-01\n");
        var orders = Write("orders.csv", "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\n");
        var bad = Write(file, text);
        var output = Path.Combine(_dir, "out");
        var error = new StringWriter();

        var code = Cli.Run(["commissions", "run", "--plan", plan, "--members", members, "--orders", orders,
            "--from", "2026-11-01", "--to", "2026-11-30", "--out", output], new InvocationConfiguration { Output = new StringWriter(), Error = error }, debug: false);

        Assert.Equal(1, code); // refused input, not an internal error (70)
        Assert.StartsWith(bad + location, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(words, error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_RandomlyBrokenFile_WritesAllOutputsOrRefusesNamingTheFileAndWritesNothing(int broken)
    {
        var refused = 0;
        for (var seed = 1; seed <= 30; seed++)
        {
            var mutator = new Mutator(seed * 7919 + broken);
            var paths = new string[Files.Length];
            for (var i = 0; i < Files.Length; i++)
            {
                var text = File.ReadAllText(Path.Combine(Hybrid(), Files[i]));
                paths[i] = Path.Combine(_dir, Files[i]);
                File.WriteAllBytes(paths[i], i == broken ? mutator.Encode(mutator.Mutate(text, csv: i > 0)) : System.Text.Encoding.UTF8.GetBytes(text));
            }
            var output = Path.Combine(_dir, $"out-{seed}");
            var error = new StringWriter();
            var code = Cli.Run(["commissions", "run", "--plan", paths[0], "--members", paths[1], "--orders", paths[2],
                "--from", "2026-11-01", "--to", "2026-11-30", "--out", output], new InvocationConfiguration { Output = new StringWriter(), Error = error }, debug: false);

            var reproduce = $"seed {seed * 7919 + broken}, {Files[broken]}: {string.Join("; ", mutator.Steps)}\n{error}";
            if (code == 0)
            {
                Assert.True(new[] { "payouts.csv", "members.csv", "summary.json" }.All(f => File.Exists(Path.Combine(output, f))), reproduce);
                continue;
            }
            refused++;
            Assert.True(code == 1, $"exit {code}, not 1 (a refused input): {reproduce}");
            var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length > 0, reproduce);
            Assert.All(lines, line => Assert.True(line.StartsWith(paths[broken] + ":", StringComparison.Ordinal) || line.Contains(Files[broken], StringComparison.Ordinal), reproduce));
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), reproduce);
        }
        Assert.True(refused > 0, "no broken input was refused: the mutations test nothing");
    }
}
