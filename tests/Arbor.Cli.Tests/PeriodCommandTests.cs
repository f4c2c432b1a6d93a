using System.CommandLine;

namespace Arbor.Cli.Tests;

/// <summary>Plans, periods, payouts, ledger and statements through the command line, on a demo company in SQLite.</summary>
public sealed class PeriodCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-periods-").FullName;

    private string Db => $"sqlite:{Path.Combine(_dir, "arbor.db")}";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void PreviewCloseAndPay_APeriod_EndToEnd()
    {
        Assert.Equal(0, Invoke("demo", "seed", "--db", Db, "--members", "400", "--seed", "9", "--until", "2026-03-31").Code);

        var preview = Path.Combine(_dir, "preview");
        var previewed = Invoke("periods", "preview", "--db", Db, "--period", "2026-02", "--out", preview);
        Assert.Equal(0, previewed.Code);
        Assert.StartsWith("2026-02 (open): ", previewed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(preview, "summary.json")));
        Assert.Equal("no period is closed yet\n", Invoke("periods", "list", "--db", Db).Output.ReplaceLineEndings("\n"));

        var closed = Invoke("periods", "close", "--db", Db, "--period", "2026-02");
        Assert.Equal(0, closed.Code);
        Assert.StartsWith("closed 2026-02: ", closed.Output, StringComparison.Ordinal);
        var again = Invoke("periods", "close", "--db", Db, "--period", "2026-02");
        Assert.Equal((1, "period: period 2026-02 is closed already\n"), (again.Code, again.Error.ReplaceLineEndings("\n")));
        Assert.Contains("2026-02   2026-02-01 to 2026-02-28  closed", Invoke("periods", "list", "--db", Db).Output, StringComparison.Ordinal);

        // The close paid what the preview showed: the preview's payouts are the stored lines.
        var payees = File.ReadAllLines(Path.Combine(preview, "payouts.csv")).Skip(1).Where(l => !l.Contains(",retail_profit,", StringComparison.Ordinal)).Select(l => l.Split(',')[0]).ToHashSet();
        var payFile = Path.Combine(_dir, "pay.csv");
        var exported = Invoke("payouts", "export", "--db", Db, "--period", "2026-02", "--out", payFile);
        Assert.Equal(0, exported.Code);
        var payments = File.ReadAllLines(payFile);
        Assert.Equal("member,name,amount,currency,bank_reference", payments[0]);
        Assert.All(payments.Skip(1), p => Assert.Contains(p.Split(',')[0], payees));
        Assert.All(payments.Skip(1), p => Assert.True(decimal.Parse(p.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) >= 20m));
        Assert.Equal(0, Invoke("payouts", "confirm", "--db", Db, "--period", "2026-02").Code);
        Assert.Equal(1, Invoke("payouts", "confirm", "--db", Db, "--period", "2026-02").Code);

        var member = payments.Length > 1 ? payments[1].Split(',')[0] : payees.First();
        var ledger = Invoke("ledger", "show", "--db", Db, "--member", member);
        Assert.Equal(0, ledger.Code);
        Assert.Contains("commissions 2026-02", ledger.Output, StringComparison.Ordinal);
        Assert.Equal(0, Invoke("ledger", "adjust", "--db", Db, "--member", member, "--amount", "5.25", "--reason", "goodwill", "--by", "finance").Code);
        Assert.EndsWith("balance 5.25\n", Invoke("ledger", "show", "--db", Db, "--member", member).Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var html = Path.Combine(_dir, "statement.html");
        Assert.Equal(0, Invoke("statement", "--db", Db, "--member", member, "--period", "2026-02", "--out", html).Code);
        Assert.Contains("<h1>Commission statement — 2026-02</h1>", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.Contains("paid as", Invoke("members", "ranks", "--db", Db, "--member", member).Output, StringComparison.Ordinal);

        var badPlan = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(badPlan, "name: x\nranks:\n  - name: A\n  - name: A\nbonuses: []\n");
        var upload = Invoke("plans", "upload", "--db", Db, "--plan", badPlan, "--from", "2026-04-01");
        Assert.Equal(1, upload.Code);
        Assert.StartsWith($"{badPlan}:4:", upload.Error, StringComparison.Ordinal);
        Assert.Single(Invoke("plans", "list", "--db", Db).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void CommissionsRunOnTheDatabase_WritesWhatPreviewWrites_ClawbacksIncluded_AndRefusesAClosedPeriod()
    {
        Assert.Equal(0, Invoke("demo", "seed", "--db", Db, "--members", "400", "--seed", "5", "--until", "2026-03-31").Code);
        Assert.Equal(0, Invoke("periods", "close", "--db", Db, "--period", "2026-02").Code);

        // March holds returns of February orders: both commands claw back the lines February's close stored.
        var (run, preview) = (Path.Combine(_dir, "run"), Path.Combine(_dir, "preview"));
        Assert.Equal((0, ""), Invoke("commissions", "run", "--db", Db, "--from", "2026-03-01", "--to", "2026-03-31", "--out", run) is var r ? (r.Code, r.Error) : default);
        Assert.Equal(0, Invoke("periods", "preview", "--db", Db, "--period", "2026-03", "--out", preview).Code);
        Assert.True(File.ReadAllLines(Path.Combine(run, "clawbacks.csv")).Length > 1);
        foreach (var file in new[] { "payouts.csv", "members.csv", "summary.json", "clawbacks.csv" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(preview, file)), File.ReadAllText(Path.Combine(run, file)));
        }

        // The export says which of its returns a batch run pays differently.
        var export = Invoke("export", "--db", Db, "--from", "2026-03-01", "--to", "2026-03-31", "--out", Path.Combine(_dir, "export"));
        Assert.Equal(0, export.Code);
        Assert.Matches(@"\n[0-9,]+ returns? in orders.csv (is|are) of orders dated before 2026-03-01 \(O[0-9]+", export.Output.ReplaceLineEndings("\n"));

        var closed = Invoke("commissions", "run", "--db", Db, "--from", "2026-02-01", "--to", "2026-02-28", "--out", Path.Combine(_dir, "closed"));
        Assert.Equal((1, "period: period 2026-02 is closed already: what it pays is stored (periods list, statement, payouts export); only open periods are computed\n"),
            (closed.Code, closed.Error.ReplaceLineEndings("\n")));
        var odd = Invoke("commissions", "run", "--db", Db, "--from", "2026-03-02", "--to", "2026-03-31", "--out", Path.Combine(_dir, "odd"));
        Assert.Equal(1, odd.Code);
        Assert.StartsWith("period: 2026-03-02 to 2026-03-31 is not one of the company's commission periods (months)", odd.Error, StringComparison.Ordinal);
    }
}
