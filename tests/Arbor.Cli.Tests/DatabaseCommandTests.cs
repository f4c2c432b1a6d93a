using System.CommandLine;

namespace Arbor.Cli.Tests;

/// <summary>The database commands end to end, in process, on a temporary SQLite file (the data tests cover PostgreSQL).</summary>
public sealed class DatabaseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-db-").FullName;

    private string Db => $"sqlite:{Path.Combine(_dir, "arbor.db")}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string Examples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples");
    }

    [Fact]
    public void ImportThenRunFromDatabase_GivesTheExamplesExpectedFiles_AndExportRoundTrips()
    {
        var e = Path.Combine(Examples(), "hybrid");
        var import = Invoke("import", "--db", Db, "--members", Path.Combine(e, "members.csv"), "--orders", Path.Combine(e, "orders.csv"), "--plan", Path.Combine(e, "plan.yaml"));
        Assert.Equal(0, import.Code);
        Assert.StartsWith("imported ", import.Output, StringComparison.Ordinal);

        var fromDb = Path.Combine(_dir, "db");
        var run = Invoke("commissions", "run", "--db", Db, "--from", "2026-11-01", "--to", "2026-11-30", "--out", fromDb);
        Assert.Equal((0, ""), (run.Code, run.Error));
        foreach (var f in new[] { "payouts.csv", "members.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(e, "expected", f)), File.ReadAllText(Path.Combine(fromDb, f)));
        }

        var export = Path.Combine(_dir, "export");
        Assert.Equal(0, Invoke("export", "--db", Db, "--from", "2026-11-01", "--to", "2026-11-30", "--out", export).Code);
        var fromFiles = Path.Combine(_dir, "files");
        var rerun = Invoke("commissions", "run", "--plan", Path.Combine(export, "plan.yaml"), "--members", Path.Combine(export, "members.csv"),
            "--orders", Path.Combine(export, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30", "--out", fromFiles);
        Assert.Equal(0, rerun.Code);
        foreach (var f in new[] { "payouts.csv", "members.csv", "summary.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(fromDb, f)), File.ReadAllText(Path.Combine(fromFiles, f)));
        }

        var explain = Invoke("commissions", "explain", "--db", Db, "--from", "2026-11-01", "--to", "2026-11-30", "--member", "B");
        var fromFilesExplain = Invoke("commissions", "explain", "--plan", Path.Combine(e, "plan.yaml"), "--members", Path.Combine(e, "members.csv"),
            "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30", "--member", "B");
        Assert.Equal((0, ""), (explain.Code, explain.Error));
        Assert.Equal(fromFilesExplain.Output, explain.Output);
        Assert.Contains("B", explain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoSeed_ThenAutoshipTwice_CreatesOrdersOnce()
    {
        var seed = Invoke("demo", "seed", "--db", Db, "--members", "300", "--seed", "3", "--until", "2026-10-31");
        Assert.Equal(0, seed.Code);
        Assert.Contains("300 members", seed.Output, StringComparison.Ordinal);

        var first = Invoke("autoship", "run", "--db", Db, "--date", "2026-11-10");
        var second = Invoke("autoship", "run", "--db", Db, "--date", "2026-11-10");
        Assert.Equal((0, 0), (first.Code, second.Code));
        Assert.Matches("^2026-11-10: [1-9][0-9]* autoship orders created", first.Output);
        Assert.StartsWith("2026-11-10: 0 autoship orders created", second.Output, StringComparison.Ordinal);

        var again = Invoke("demo", "seed", "--db", Db, "--members", "300");
        Assert.Equal(1, again.Code);
        Assert.Contains("already holds a company", again.Error, StringComparison.Ordinal);

        var run = Invoke("commissions", "run", "--db", Db, "--from", "2026-10-01", "--to", "2026-10-31", "--out", Path.Combine(_dir, "out"));
        Assert.Equal(0, run.Code);
        Assert.True(File.ReadAllLines(Path.Combine(_dir, "out", "members.csv")).Length > 250);
    }

    [Fact]
    public void MembersCommands_EnrollAndShowTheGenealogy()
    {
        Assert.Equal(0, Invoke("company", "setup", "--db", Db, "--name", "Test Co", "--placement", "binary").Code);
        Assert.Equal(0, Invoke("members", "enroll", "--db", Db, "--handle", "root", "--email", "root@example.com", "--name", "Root", "--country", "DE").Code);
        Assert.Equal(0, Invoke("members", "enroll", "--db", Db, "--handle", "ann", "--email", "ann@example.com", "--name", "Ann", "--country", "DE", "--sponsor", "root").Code);
        Assert.Equal(0, Invoke("members", "enroll", "--db", Db, "--handle", "bob", "--email", "bob@example.com", "--name", "Bob", "--country", "FR", "--sponsor", "ann", "--placement", "ann:R").Code);

        var taken = Invoke("members", "enroll", "--db", Db, "--handle", "cy", "--email", "cy@example.com", "--name", "Cy", "--country", "FR", "--sponsor", "ann", "--placement", "ann:R");
        Assert.Equal((1, "placement: the right spot under 'ann' is taken\n"), (taken.Code, taken.Error.ReplaceLineEndings("\n")));
        var duplicate = Invoke("members", "enroll", "--db", Db, "--handle", "ann", "--email", "ann2@example.com", "--name", "Ann", "--country", "DE", "--sponsor", "root");
        Assert.Equal((1, "handle: handle 'ann' is taken\n"), (duplicate.Code, duplicate.Error.ReplaceLineEndings("\n")));

        var levels = Invoke("members", "levels", "--db", Db, "--member", "root");
        Assert.Equal("level   1:         1\nlevel   2:         1\n", levels.Output.ReplaceLineEndings("\n"));
        var upline = Invoke("members", "upline", "--db", Db, "--member", "bob");
        Assert.Equal(["ann", "root"], upline.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
    }

    [Fact]
    public void BadDatabase_IsAClearError()
    {
        var bad = Invoke("members", "levels", "--db", "mysql://nope", "--member", "x");
        Assert.Equal(1, bad.Code);
        Assert.StartsWith("--db 'mysql://nope': use sqlite:FILE or a PostgreSQL connection string", bad.Error, StringComparison.Ordinal);
    }

    /// <summary>Dates in a year no period may lie in are refused like any other dates that are not a period, not as an internal error.</summary>
    [Theory]
    [InlineData("0001-01-01", "0001-01-31", "0001 is outside the years a period may lie in (1900 to 2999)")]
    [InlineData("9999-12-01", "9999-12-31", "9999 is outside the years a period may lie in (1900 to 2999)")]
    public void CommissionsRunFromTheDatabase_InAYearNoPeriodLiesIn_IsRefused(string from, string to, string message)
    {
        var e = Path.Combine(Examples(), "hybrid");
        Assert.Equal(0, Invoke("import", "--db", Db, "--members", Path.Combine(e, "members.csv"), "--orders", Path.Combine(e, "orders.csv"), "--plan", Path.Combine(e, "plan.yaml")).Code);
        var run = Invoke("commissions", "run", "--db", Db, "--from", from, "--to", to, "--out", Path.Combine(_dir, "out"));
        Assert.Equal((1, $"period: {message}"), (run.Code, run.Error.TrimEnd()));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Tokens_AreCreatedShownOnceListedByTheirStartAndRevoked()
    {
        var made = Invoke("tokens", "create", "--db", Db, "--name", "warehouse", "--scope", "write", "--by", "ops");
        Assert.Equal(0, made.Code);
        var secret = made.Output.Split('\n')[1].Trim();
        Assert.StartsWith("arb_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length > 40, secret);

        var list = Invoke("tokens", "list", "--db", Db);
        Assert.Equal(0, list.Code);
        Assert.Contains("warehouse", list.Output, StringComparison.Ordinal);
        Assert.Contains(secret[..10] + "…", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Output, StringComparison.Ordinal);
        Assert.Contains("live", list.Output, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain(secret, File.ReadAllText(Path.Combine(_dir, "arbor.db"), System.Text.Encoding.Latin1), StringComparison.Ordinal);

        Assert.Equal(0, Invoke("tokens", "revoke", "--db", Db, "--id", "1", "--by", "ops").Code);
        Assert.Contains("revoked", Invoke("tokens", "list", "--db", Db).Output, StringComparison.Ordinal);
        var again = Invoke("tokens", "revoke", "--db", Db, "--id", "1", "--by", "ops");
        Assert.NotEqual(0, again.Code);
        Assert.Contains("revoked already", again.Error, StringComparison.Ordinal);
        var badScope = Invoke("tokens", "create", "--db", Db, "--name", "x", "--scope", "admin", "--by", "ops");
        Assert.NotEqual(0, badScope.Code);
        Assert.Contains("scope", badScope.Error, StringComparison.Ordinal);
    }
}
