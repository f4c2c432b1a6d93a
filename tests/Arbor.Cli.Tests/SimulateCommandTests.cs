namespace Arbor.Cli.Tests;

/// <summary><c>arbor simulate</c>: the files, the summary, and refusals that leave nothing behind.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-sim-").FullName;

    private static string Plan()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples", "hybrid", "plan.yaml");
    }

    [Fact]
    public void A_small_simulation_writes_its_four_files_and_says_what_the_median_participant_earned()
    {
        var scenario = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(scenario, "market_size: 800\nseed_members: 10\n");
        var output = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = CliRun.Invoke("simulate", "--plan", Plan(), "--compare", Plan(), "--scenario", scenario, "--months", "6", "--runs", "3", "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Equal(["disclosure-1.html", "disclosure-2.html", "months.csv", "outcomes.csv", "report.html", "report.json"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("scorecard:payout_ratio", File.ReadAllText(Path.Combine(output, "outcomes.csv")));
        Assert.Contains("3 runs of 6 months", stdout);
        Assert.Contains("median participant earned", stdout);
        Assert.Contains("3/3 runs", stderr);
        var months = File.ReadAllLines(Path.Combine(output, "months.csv"));
        Assert.Equal(7, months.Length);
        Assert.StartsWith("month,start,members_median,members_p10,members_p90", months[0], StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void A_bad_scenario_is_refused_with_its_line_and_nothing_is_written()
    {
        var scenario = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(scenario, "market_size: 800\ndropout_later: 2\n");
        var output = Path.Combine(_dir, "out");
        var (code, _, stderr) = CliRun.Invoke("simulate", "--plan", Plan(), "--scenario", scenario, "--months", "3", "--runs", "1", "--out", output);
        Assert.Equal(2, code);
        Assert.Equal("bad.yaml:2:16: dropout_later: a number from 0 to 1, not 2\n", stderr);
        Assert.False(Directory.Exists(output));
        var (months, _, error) = CliRun.Invoke("simulate", "--plan", Plan(), "--months", "0", "--out", output);
        Assert.Equal((2, "--months: 1 to 120, not 0\n"), (months, error));
        Assert.False(Directory.Exists(output));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
