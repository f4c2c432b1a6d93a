using static Arbor.Cli.Tests.PeriodCommandTests;

namespace Arbor.Cli.Tests;

/// <summary><c>arbor compliance disclosure</c> on a demo company in SQLite.</summary>
public sealed class DisclosureCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-disclosure-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Disclosure_WritesHtmlAndCsv_AndARefusedYearWritesNothing()
    {
        var db = $"sqlite:{Path.Combine(_dir, "arbor.db")}";
        Assert.Equal(0, Invoke("demo", "seed", "--db", db, "--members", "150", "--seed", "3", "--until", "2026-03-31").Code);
        Assert.Equal(0, Invoke("periods", "close", "--db", db, "--period", "2026-02").Code);
        var output = Path.Combine(_dir, "out");

        var refused = Invoke("compliance", "disclosure", "--db", db, "--year", "2024", "--out", output);
        Assert.Equal(1, refused.Code);
        Assert.StartsWith("year: no closed period ends in 2024", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output)); // all or nothing: not even the folder

        var done = Invoke("compliance", "disclosure", "--db", db, "--year", "2026", "--out", output);
        Assert.Equal(0, done.Code);
        Assert.StartsWith("2026: ", done.Output, StringComparison.Ordinal);
        Assert.Contains("not closed, so not included: 2026-01, 2026-03", done.Output, StringComparison.Ordinal);
        Assert.Equal(["income-disclosure-2026.csv", "income-disclosure-2026.html"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        var csv = File.ReadAllLines(Path.Combine(output, "income-disclosure-2026.csv"));
        Assert.StartsWith("year,row,rank_order,rank,participants,", csv[0], StringComparison.Ordinal);
        Assert.StartsWith("2026,total,,,", csv[^1], StringComparison.Ordinal);
        Assert.Contains("<h1>Income disclosure statement 2026</h1>", File.ReadAllText(Path.Combine(output, "income-disclosure-2026.html")), StringComparison.Ordinal);
    }
}
