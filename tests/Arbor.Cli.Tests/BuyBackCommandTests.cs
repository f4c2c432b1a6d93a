using static Arbor.Cli.Tests.CliRun;

namespace Arbor.Cli.Tests;

/// <summary><c>arbor members buyback</c>: the preview, a refusal below 90 %, a buyback of chosen items, on a demo company in SQLite.</summary>
public sealed class BuyBackCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-cli-buyback-").FullName;

    private string Db => $"sqlite:{Path.Combine(_dir, "arbor.db")}";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Buyback_PreviewsThenReturnsTheChosenItems_AndTerminates()
    {
        Assert.Equal(0, Invoke("demo", "seed", "--db", Db, "--members", "150", "--until", "2026-12-10").Code);
        // The demo with seed 1: paul53's first returnable lines (see the preview) are 1 × BOOST at 27.00 and 2 × TEA-HERB at 14.62 in O00000171.
        var preview = Invoke("members", "buyback", "--db", Db, "--member", "paul53", "--date", "2026-12-10", "--preview");
        Assert.Equal(0, preview.Code);
        Assert.Contains("  O00000171:BOOST:1  2026-06-02  bought 1, returned 0, 27.00 each", preview.Output, StringComparison.Ordinal);
        Assert.EndsWith("paid 846.68, refund 762.03 at 90 %\n", preview.Output, StringComparison.Ordinal);

        var low = Invoke("members", "buyback", "--db", Db, "--member", "paul53", "--date", "2026-12-10", "--percent", "85");
        Assert.Equal((1, "percent: the refund must be at least 90 % of what was paid (DSA and WFDSA codes of conduct), not 85 %\n"), (low.Code, low.Error));

        // 27.00 + 14.62 = 41.62 at 95 % = 39.539 → 39.54.
        var done = Invoke("members", "buyback", "--db", Db, "--member", "paul53", "--date", "2026-12-10", "--percent", "95",
            "--item", "O00000171:BOOST:1", "--item", "O00000171:TEA-HERB:1", "--by", "alice");
        Assert.Equal(0, done.Code);
        Assert.Matches(@"^return O[0-9]{8} of O00000171: PV -?[0-9.]+, CV -?[0-9.]+, refund 39\.54\npaid 41\.62, refund 39\.54; paul53 terminated from 2026-12-10\n$", done.Output);
        var again = Invoke("members", "buyback", "--db", Db, "--member", "paul53", "--date", "2026-12-10", "--preview");
        Assert.Equal((1, "member: 'paul53' is terminated since 2026-12-10: a buyback is for a member who leaves\n"), (again.Code, again.Error));
    }
}
