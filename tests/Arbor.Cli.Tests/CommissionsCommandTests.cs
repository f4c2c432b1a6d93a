using System.CommandLine;
using System.Diagnostics;

namespace Arbor.Cli.Tests;

/// <summary><c>arbor commissions run|explain</c> end to end, in process.</summary>
public sealed class CommissionsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Examples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples");
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static (int Code, string Output, string Error) ExplainHybrid(string member)
    {
        var e = Path.Combine(Examples(), "hybrid");
        return Invoke("commissions", "explain", "--plan", Path.Combine(e, "plan.yaml"), "--members", Path.Combine(e, "members.csv"),
            "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30", "--member", member);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_HybridExample_WritesTheExpectedFiles()
    {
        var e = Path.Combine(Examples(), "hybrid");
        var output = Path.Combine(_dir, "out", "nested");
        var (code, _, error) = Invoke("commissions", "run", "--plan", Path.Combine(e, "plan.yaml"), "--members", Path.Combine(e, "members.csv"),
            "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30", "--out", output);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        foreach (var f in new[] { "payouts.csv", "members.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(e, "expected", f)), File.ReadAllText(Path.Combine(output, f)));
        }
    }

    /// <summary>
    /// As a process (the heap's pages are chosen in <c>Main</c>): <c>--timings</c> says which
    /// pages the run chose and why, and the files are the same either way.
    /// </summary>
    [Theory]
    [InlineData("0", @"^huge pages: off \(ARBOR_HUGE_PAGES=0\)$")]
    [InlineData("1", @"^huge pages: on \(ARBOR_HUGE_PAGES=1\)$")]
    [InlineData(null, @"^huge pages: (on|off) \(a first write to a fresh 4 KB page took [0-9]+\.[0-9] microseconds here; on from 6\)$")]
    public async Task Run_AsAProcess_TimingsSayWhichPagesTheHeapUses_AndTheFilesAreTheSame(string? setting, string choice)
    {
        var e = Path.Combine(Examples(), "hybrid");
        var output = Path.Combine(_dir, "out");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "arbor.dll"), "commissions", "run", "--plan", Path.Combine(e, "plan.yaml"),
            "--members", Path.Combine(e, "members.csv"), "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30",
            "--out", output, "--timings" }) start.ArgumentList.Add(a);
        start.Environment.Remove("ARBOR_HUGE_PAGES");
        if (setting is not null) start.Environment["ARBOR_HUGE_PAGES"] = setting;
        start.Environment["DOTNET_TC_CallCountThreshold"] = "0x1000"; // as the launcher sets them for commissions
        start.Environment["DOTNET_TieredPGO"] = "0";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await error).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains(lines, l => l.StartsWith("read members: ", StringComparison.Ordinal));
        Assert.Matches(choice, lines[^1]);
        Assert.Matches(@"^JIT compilation \(all threads\): \d+ ms \(\d+ methods; optimized after 4,096 calls, profiling tier off\)$", lines[^2]);
        Assert.Matches(@"^garbage collections: \d+ \(generation 1: \d+, generation 2: \d+\), paused \d+ ms$", lines[^3]);
        foreach (var f in new[] { "payouts.csv", "members.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(e, "expected", f)), File.ReadAllText(Path.Combine(output, f)));
        }
    }

    public static TheoryData<string, string, string, string> BadInputs() => new()
    {
        { "members.csv", "id,sponsor_id,joined_on\nA,,2025-01-01\nB,Z,2025-01-01\n", "members.csv:3:", "sponsor_id 'Z'" },
        { "members.csv", "id,sponsor_id,joined_on\nA,B,2025-01-01\nB,A,2025-01-01\n", "members.csv:2:", "sponsor cycle" },
        { "orders.csv", "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,return,1,1\n", "orders.csv:2:", "positive volume" },
        { "orders.csv", "id,date,member_id,kind,pv,cv,extra\nO1,2026-11-01,A,personal,1,1,\n", "orders.csv:1:", "unknown column 'extra'" },
        { "plan.yaml", "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [-5]\n", "plan.yaml:6:16:", "must not be negative" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Run_BadInput_ExitsNonZeroWithLocatedMessageAndWritesNothing(string file, string text, string location, string words)
    {
        var plan = Write("plan.yaml", "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5]\n");
        var members = Write("members.csv", "id,sponsor_id,joined_on\nA,,2025-01-01\n");
        var orders = Write("orders.csv", "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\n");
        var bad = Write(file, text);
        var output = Path.Combine(_dir, "out");

        var (code, _, error) = Invoke("commissions", "run", "--plan", plan, "--members", members, "--orders", orders,
            "--from", "2026-11-01", "--to", "2026-11-30", "--out", output);

        Assert.NotEqual(0, code);
        Assert.StartsWith(bad + location[file.Length..], error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Run_MissingFile_ExitsNonZeroNamingIt()
    {
        var (code, _, error) = Invoke("commissions", "run", "--plan", Path.Combine(_dir, "nope.yaml"), "--members", "m.csv", "--orders", "o.csv",
            "--from", "2026-11-01", "--to", "2026-11-30", "--out", Path.Combine(_dir, "out"));
        Assert.NotEqual(0, code);
        Assert.Contains("nope.yaml:1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PeriodEndingBeforeItStarts_IsRefused()
    {
        var e = Path.Combine(Examples(), "hybrid");
        var (code, _, error) = Invoke("commissions", "run", "--plan", Path.Combine(e, "plan.yaml"), "--members", Path.Combine(e, "members.csv"),
            "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-30", "--to", "2026-11-01", "--out", Path.Combine(_dir, "out"));
        Assert.NotEqual(0, code);
        Assert.Contains("before --from", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Member_TellsVolumesRankRequirementsAndEveryLine()
    {
        var (code, output, _) = ExplainHybrid("B");
        Assert.Equal(0, code);
        Assert.Contains("Personal volume (PV): 300", output, StringComparison.Ordinal);
        Assert.Contains("Group volume (GV): 1050", output, StringComparison.Ordinal);
        Assert.Contains("Paid-as rank: Member", output, StringComparison.Ordinal);
        Assert.Contains("Bronze: not met", output, StringComparison.Ordinal);
        Assert.Contains("retail_profit 30.00: retail order O3", output, StringComparison.Ordinal);
        Assert.Contains("fast_start 18.00: order O11 of J", output, StringComparison.Ordinal);
        Assert.Contains("Payouts: 8 line(s), total 156.00.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnknownMember_IsAnError()
    {
        var (code, _, error) = ExplainHybrid("NOPE");
        Assert.NotEqual(0, code);
        Assert.Contains("'NOPE'", error, StringComparison.Ordinal);
    }
}
