using System.CommandLine;
using System.Diagnostics;
using Arbor.Cli.Commands;
using Arbor.Core.Demo;
using Arbor.Core.Periods;
using Arbor.Core.Tests;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Arbor.Cli.Tests;

/// <summary>
/// Failures no command expects end as one line and an exit status, never a stack trace, and
/// leave nothing behind: no output file, nothing stored. Run as real processes where the exit
/// status, the environment (ARBOR_DEBUG) or a lost connection matter.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private const string Period = "2026-02";
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-failures-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A demo company with February closed.</summary>
    private static async Task<TestDatabase> ClosedCompanyAsync(string kind)
    {
        var t = TestDatabase.Create(kind);
        (await new DemoCompany(t.Database).SeedAsync(new DemoOptions(120, 4, new DateOnly(2026, 3, 31)))).Unwrap();
        (await new ClosePeriod(t.Database, TimeProvider.System).RunAsync(Period)).Unwrap();
        return t;
    }

    private static string DbArgument(TestDatabase t) => t.Database.Provider == Provider.Sqlite ? t.Database.ToString() : t.Database.ConnectionString;

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error }, debug: false);
        return (code, output.ToString(), error.ToString().ReplaceLineEndings("\n"));
    }

    private static ProcessStartInfo Arbor(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "arbor.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove(Cli.DebugVariable);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(Arbor(environment, args))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, (await error).ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Balances that overflow decimal (two entries of 79228162514264337593543950335, as an Arbor
    /// that did not bound adjustments could post): summing them is a failure no command expects.
    /// </summary>
    private static async Task CorruptLedgerAsync(TestDatabase t, string handle)
    {
        await using var db = t.Context();
        var member = await db.Members.SingleAsync(m => m.Handle == handle);
        var next = await db.LedgerEntries.MaxAsync(e => e.TransactionId) + 1;
        foreach (var tx in new[] { next, next + 1 })
        {
            db.LedgerEntries.Add(new LedgerEntry { TransactionId = tx, Account = $"member:{member.Id}", MemberId = member.Id, Kind = "adjustment", Amount = decimal.MaxValue, PostedOn = new DateOnly(2026, 3, 1), Memo = "old" });
            db.LedgerEntries.Add(new LedgerEntry { TransactionId = tx, Account = "company:adjustments", Kind = "adjustment", Amount = decimal.MinValue, PostedOn = new DateOnly(2026, 3, 1), Memo = "old" });
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task UnexpectedFailure_IsOneLineAndStatus70_WritesAndStoresNothing_AndArborDebugShowsTheTrace()
    {
        using var t = await ClosedCompanyAsync("sqlite");
        string handle;
        await using (var db = t.Context()) handle = (await db.Members.OrderBy(m => m.Id).FirstAsync()).Handle;
        await CorruptLedgerAsync(t, handle);
        var target = Path.Combine(_dir, "pay", "payments.csv");

        var failed = await RunAsync(new Dictionary<string, string>(), "payouts", "export", "--db", DbArgument(t), "--period", Period, "--out", target);
        Assert.Equal((70, ""), (failed.Code, failed.Output));
        Assert.Matches(@"^arbor: internal error: [^\n]+; run with ARBOR_DEBUG=1 for details\n$", failed.Error);
        Assert.DoesNotContain(" at ", failed.Error, StringComparison.Ordinal);
        // No file, not even the folder made for it, and no batch fixed.
        Assert.False(Directory.Exists(Path.Combine(_dir, "pay")));
        await using (var db = t.Context()) Assert.Equal(0, await db.PayoutBatches.CountAsync());

        var shown = await RunAsync(new Dictionary<string, string>(), "ledger", "show", "--db", DbArgument(t), "--member", handle);
        Assert.Equal(70, shown.Code);
        Assert.Single(shown.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var debug = await RunAsync(new Dictionary<string, string> { [Cli.DebugVariable] = "1" }, "payouts", "export", "--db", DbArgument(t), "--period", Period, "--out", target);
        Assert.Equal(70, debug.Code);
        Assert.StartsWith(failed.Error, debug.Error, StringComparison.Ordinal);
        Assert.Contains("System.OverflowException", debug.Error, StringComparison.Ordinal);
        Assert.Contains("   at Arbor.Core.Ledger.", debug.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "pay")));
    }

    [Fact]
    public async Task Out_OntoAFileOrAFolderOrAnUnwritablePlace_IsRefusedBeforeAnythingIsDoneOrStored()
    {
        using var t = await ClosedCompanyAsync("sqlite");
        var db = DbArgument(t);
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "mine");
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "a-folder")).FullName;
        string member;
        await using (var context = t.Context()) member = (await context.Members.OrderBy(m => m.Id).FirstAsync()).Handle;

        var cases = new (string[] Args, string Target, string Reason)[]
        {
            (["periods", "preview", "--db", db, "--period", "2026-03", "--out", file], file, "it is a file; a folder is expected"),
            (["export", "--db", db, "--from", "2026-03-01", "--to", "2026-03-31", "--out", file], file, "it is a file; a folder is expected"),
            (["payouts", "export", "--db", db, "--period", Period, "--out", folder], folder, "it is a folder; a file name is expected"),
            (["statement", "--db", db, "--member", member, "--period", Period, "--out", folder], folder, "it is a folder; a file name is expected"),
            (["payouts", "export", "--db", db, "--period", Period, "--out", Path.Combine(file, "pay.csv")], Path.Combine(file, "pay.csv"), $"{file} is a file; a folder is expected"),
        };
        foreach (var (args, target, reason) in cases)
        {
            var refused = Invoke(args);
            Assert.Equal((73, "", $"arbor: cannot write {target}: {reason}; nothing was written\n"), refused);
        }
        var unwritable = Invoke("payouts", "export", "--db", db, "--period", Period, "--out", "/proc/arbor-test/pay.csv");
        Assert.Equal(73, unwritable.Code);
        Assert.StartsWith("arbor: cannot write /proc/arbor-test/pay.csv: ", unwritable.Error, StringComparison.Ordinal);
        Assert.Single(unwritable.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Nothing was stored, nothing was touched, nothing was left beside the targets.
        await using (var context = t.Context()) Assert.Equal(0, await context.PayoutBatches.CountAsync());
        Assert.Equal("mine", File.ReadAllText(file));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.Equal(["a-file", "a-folder"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Then written where it can be: the payment file, and only it.
        var pay = Path.Combine(_dir, "out", "pay.csv");
        Assert.Equal(0, Invoke("payouts", "export", "--db", db, "--period", Period, "--out", pay).Code);
        Assert.Equal(["pay.csv"], Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(pay)!).Select(Path.GetFileName));
    }

    [Fact]
    public void CommissionsRun_OutOntoAFile_IsRefused_AndAFolderGetsOnlyTheNewFiles()
    {
        var e = Path.Combine(ExamplesFolder(), "hybrid");
        string[] Run(string output) => ["commissions", "run", "--plan", Path.Combine(e, "plan.yaml"), "--members", Path.Combine(e, "members.csv"),
            "--orders", Path.Combine(e, "orders.csv"), "--from", "2026-11-01", "--to", "2026-11-30", "--out", output];
        var file = Path.Combine(_dir, "out.csv");
        File.WriteAllText(file, "mine");
        Assert.Equal((73, "", $"arbor: cannot write {file}: it is a file; a folder is expected; nothing was written\n"), Invoke(Run(file)));

        // A clawbacks.csv of an earlier run on the database is not left beside files it does not belong to.
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "run")).FullName;
        File.WriteAllText(Path.Combine(folder, "clawbacks.csv"), "old");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        Assert.Equal(0, Invoke(Run(folder)).Code);
        Assert.Equal(["members.csv", "notes.txt", "payouts.csv", "summary.json"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(e, "expected", "payouts.csv")), File.ReadAllText(Path.Combine(folder, "payouts.csv")));
    }

    [Fact]
    public void AValueStartingWithAt_IsTakenLiterally_NotReadAsAResponseFile()
    {
        var db = $"sqlite:{Path.Combine(_dir, "arbor.db")}";
        var responseFile = Path.Combine(_dir, "args.txt");
        File.WriteAllText(responseFile, "ROOT\n");
        Assert.Equal(0, Invoke("company", "setup", "--db", db, "--name", "Test Co").Code);

        var shown = Invoke("ledger", "show", "--db", db, "--member", "@" + responseFile);
        Assert.Equal((1, "", $"member: unknown member '@{responseFile}'\n"), shown);
        var missing = Invoke("ledger", "show", "--db", db, "--member", "@no-such-file");
        Assert.Equal((1, "", "member: unknown member '@no-such-file'\n"), missing);
    }

    [Fact]
    public void LedgerAdjust_OfAnAmountBeyondTheLimit_IsRefused()
    {
        var db = $"sqlite:{Path.Combine(_dir, "arbor.db")}";
        Assert.Equal(0, Invoke("company", "setup", "--db", db, "--name", "Test Co").Code);
        Assert.Equal(0, Invoke("members", "enroll", "--db", db, "--handle", "ROOT", "--email", "root@example.com", "--name", "Root", "--country", "DE").Code);

        var refused = Invoke("ledger", "adjust", "--db", db, "--member", "ROOT", "--amount", "79228162514264337593543950335", "--reason", "r", "--by", "me");
        Assert.Equal((1, "", "amount: an adjustment must be -1,000,000,000 to 1,000,000,000, not 79228162514264337593543950335\n"), refused);
        Assert.Equal(0, Invoke("ledger", "adjust", "--db", db, "--member", "ROOT", "--amount", "1000000000", "--reason", "r", "--by", "me").Code);
        Assert.EndsWith("balance 1,000,000,000.00\n", Invoke("ledger", "show", "--db", db, "--member", "ROOT").Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A PostgreSQL server that goes away in the middle of a close: its backend is terminated while
    /// the close waits at a stage. One line says the database failed and that nothing was stored; nothing was.
    /// </summary>
    [Theory, OnPostgres]
    public async Task DatabaseLostDuringAClose_SaysSo_InOneLine_AndStoresNothing(string kind)
    {
        using var t = await ClosedCompanyAsync(kind);
        var application = $"arbor-lost-{Guid.NewGuid():N}";
        var connection = new NpgsqlConnectionStringBuilder(t.Database.ConnectionString) { ApplicationName = application }.ToString();
        var stage = "lines";
        var before = await StoredAsync(t);

        using var process = Process.Start(Arbor(new Dictionary<string, string> { [PeriodsCommands.PauseVariable] = $"{stage}:stdin" },
            "periods", "close", "--db", connection, "--period", "2026-03"))!;
        var seen = new List<string>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line == $"paused at {stage}") break;
            }
        }
        Assert.True(seen.LastOrDefault() == $"paused at {stage}", $"the close never reached '{stage}': {string.Join(" | ", seen)}");

        await using (var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app", admin);
            terminate.Parameters.AddWithValue("app", application);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1);
        }
        await process.StandardInput.WriteLineAsync();
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = (await process.StandardError.ReadToEndAsync()).ReplaceLineEndings("\n");
        await process.WaitForExitAsync();

        Assert.Equal((69, ""), (process.ExitCode, output));
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.Matches("^arbor: the database failed: .*terminat.*; nothing was stored$", lines[0]);
        Assert.Equal(before, await StoredAsync(t));
        await using var db = t.Context();
        Assert.Equal(Period, (await db.Periods.SingleAsync()).Key);
    }

    private static async Task<(int Periods, int Members, int Lines, int Ranks, int Entries)> StoredAsync(TestDatabase t)
    {
        await using var db = t.Context();
        return (await db.Periods.CountAsync(), await db.PeriodMembers.CountAsync(), await db.PayoutLines.CountAsync(), await db.RankHistory.CountAsync(), await db.LedgerEntries.CountAsync());
    }

    private static string ExamplesFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "examples"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "data", "examples");
    }
}
