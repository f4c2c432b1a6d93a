using System.CommandLine;

namespace Arbor.Cli.Tests;

/// <summary><c>arbor compliance …</c> on a small demo company in SQLite.</summary>
public sealed class ComplianceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-compliance-").FullName;

    private string Db => $"sqlite:{Path.Combine(_dir, "arbor.db")}";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Scorecard_Member_Behind_AndSettings_OnAClosedPeriod()
    {
        Assert.Equal(0, Invoke("demo", "seed", "--db", Db, "--members", "300", "--seed", "3", "--until", "2026-03-31").Code);
        Assert.Equal((1, "period: period 2026-02 is not closed: the compliance figures read what a close stored\n"),
            (Invoke("compliance", "scorecard", "--db", Db, "--period", "2026-02").Code, Invoke("compliance", "scorecard", "--db", Db, "--period", "2026-02").Error));
        Assert.Equal(0, Invoke("periods", "close", "--db", Db, "--period", "2026-02").Code);

        var card = Invoke("compliance", "scorecard", "--db", Db, "--period", "2026-02", "--trend", "3");
        Assert.Equal(0, card.Code);
        Assert.StartsWith("Scorecard 2026-02 (2026-02-01 to 2026-02-28): ", card.Output, StringComparison.Ordinal);
        Assert.Contains("Rewards based on retail sales", card.Output, StringComparison.Ordinal);
        Assert.Contains("FTC v. Herbalife (2016 settlement)", card.Output, StringComparison.Ordinal);
        Assert.Contains("Trend", card.Output, StringComparison.Ordinal);

        var top = Invoke("compliance", "behind", "--db", Db, "--period", "2026-02", "--figure", "gini", "--limit", "1");
        Assert.Equal(0, top.Code);
        var handle = top.Output.Split('\n')[1].Trim().Split(' ')[0];
        var member = Invoke("compliance", "member", "--db", Db, "--period", "2026-02", "--member", handle);
        Assert.Equal(0, member.Code);
        Assert.StartsWith($"{handle} (", member.Output, StringComparison.Ordinal);
        Assert.Contains("70 % rule (inferred)", member.Output, StringComparison.Ordinal);

        Assert.Equal(1, Invoke("compliance", "behind", "--db", Db, "--period", "2026-02", "--figure", "nonsense").Code);
        Assert.Equal("min_resold_percent: the resold-or-consumed share must be 0 to 100, not 170\n", Invoke("compliance", "settings", "--db", Db, "--min-resold", "170").Error);
        Assert.Contains("own use 150 PV per period", Invoke("compliance", "settings", "--db", Db, "--own-use-pv", "150").Output, StringComparison.Ordinal);
    }
}
