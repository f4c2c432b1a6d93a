using System.Text;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;

namespace Arbor.Engine.Tests;

/// <summary>Large orders files are read on every core; the result and the errors are those of reading from start to end.</summary>
public sealed class ChunkedReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-chunks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Members M0 … M999 (ids indexed by number), but for <paramref name="without"/>, which no one sponsors.</summary>
    private static Network Members(int without = -1)
    {
        var members = new StringBuilder("id,sponsor_id,joined_on\n");
        for (var m = 0; m < 1000; m++)
        {
            if (m != without) members.Append(m == 0 ? "M0,,2025-01-01\n" : $"M{m},M{(m - 1) / 3},2025-01-01\n");
        }
        return MemberFileReader.Read(Run.Stream(members.ToString()), "members.csv", Plans.PlanReader.Parse("name: p\nranks:\n  - name: Member\nbonuses: []\n", "plan.yaml"));
    }

    /// <summary>An orders file of well over the 8 MB from which chunks are used, with <paramref name="bad"/> lines spoilt.</summary>
    private string OrdersFile(int rows, IReadOnlySet<int> bad, bool blankLines = true, bool lastLineBreak = true, bool customers = false, Func<int, string>? memberOf = null)
    {
        memberOf ??= i => $"M{i % 1000}";
        // With customers, a customer_id column (issue 17): retail rows name one of 37 customers.
        var text = new StringBuilder(customers ? "id,date,member_id,kind,pv,cv,amount,wholesale,original_id,customer_id\r\n" : "id,date,member_id,kind,pv,cv,amount,wholesale,original_id\r\n");
        var customer = customers ? "," : "";
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var member = bad.Contains(line) ? "NOBODY" : memberOf(i);
            // A tenth retail, a few returns (of the order before, or naming none), the rest personal.
            text.Append(i % 10 == 9
                ? $"R{i},2026-11-{1 + i % 28:00},{member},retail,{i % 50}.5,{i % 40},{100 + i % 7}.25,80,{(customers ? $",K{i % 37}" : "")}\r\n"
                : i % 23 == 4
                ? $"X{i},2026-11-{1 + i % 28:00},{member},return,-{i % 50}.5,-{i % 40},,,{(i % 3 == 0 ? "" : $"O{i - 1}")}{customer}\r\n"
                : $"O{i},2026-11-{1 + i % 28:00},{member},personal,{i % 50}.5,{i % 40},,,{customer}\r\n");
            if (blankLines && i % 50_000 == 7) text.Append("\r\n"); // a blank line now and then
        }
        if (!lastLineBreak) text.Length -= 2;
        var path = Path.Combine(_dir, "orders.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length > 9 << 20);
        return path;
    }

    /// <summary>The orders file at <paramref name="path"/> read in chunks on every core, and from start to end.</summary>
    private static (OrderBook Chunked, OrderBook Sequential) ReadBothWays(string path, Network network)
    {
        using var stream = File.OpenRead(path);
        return (OrderFileReader.ReadFile(path, network), OrderFileReader.Read(stream, path, network));
    }

    [Theory]
    [InlineData(true, true, false)] // blank lines: the parts have gaps, closed after
    [InlineData(false, true, false)] // the parts filled exactly
    [InlineData(false, false, false)] // the last row without a line break
    [InlineData(true, true, true)] // customer ids, copied when the gaps are closed
    [InlineData(false, true, true)] // customer ids, written by every chunk into one array
    public void ChunkedRead_GivesTheSameOrderBookAsAReadFromStartToEnd(bool blankLines, bool lastLineBreak, bool customers)
    {
        var network = Members();
        Assert.NotNull(network.NumberedIds); // members are looked up once the chunks are read
        var path = OrdersFile(260_000, new HashSet<int>(), blankLines, lastLineBreak, customers);
        var (chunked, sequential) = ReadBothWays(path, network);
        Assert.Equal(260_000, chunked.Count);
        Assert.Equal(sequential.Ids, chunked.Ids);
        Assert.Equal(sequential.Lines, chunked.Lines);
        Assert.Equal(sequential.Member, chunked.Member);
        Assert.Equal(sequential.CustomerId, chunked.CustomerId);
        Assert.Equal(customers, chunked.CustomerId is not null);
        Assert.Equal(sequential.Pv, chunked.Pv);
        Assert.Equal(sequential.Kind, chunked.Kind);
        // Retail amounts and returns' originals, kept for those orders alone, in the chunks' parts.
        static string[] Extras(OrderBook book) => [.. Enumerable.Range(0, book.Count).Select(o => $"{book.AmountOf(o)} {book.WholesaleOf(o)} {book.OriginalIdOf(o) ?? "-"}")];
        Assert.Equal(Extras(sequential), Extras(chunked));
        // Both books share the kinds' counts: each order's extras against what the file says.
        Assert.Equal([.. Enumerable.Range(0, chunked.Count).Select(i =>
            i % 10 == 9 ? $"{100 + i % 7}.25 80 -" : i % 23 == 4 && i % 3 != 0 ? $"0 0 O{i - 1}" : "0 0 -")], Extras(chunked));
    }

    [Fact]
    public void ChunkedRead_ReportsTheSameErrorsAtTheSameLines()
    {
        var network = Members();
        var path = OrdersFile(260_000, new HashSet<int> { 2, 65_000, 130_017, 200_000, 260_001 });
        var chunked = Assert.Throws<InputException>(() => OrderFileReader.ReadFile(path, network));
        var sequential = Assert.Throws<InputException>(() => OrderFileReader.Read(File.OpenRead(path), path, network));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal(5, chunked.Errors.Count);
        Assert.StartsWith($"{path}:2: member_id 'NOBODY'", chunked.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the only errors: found once the chunks are read
    public void ChunkedRead_OfANumberThatNamesNoMember_ReportsTheSameErrorsAtTheSameLines(bool otherErrors)
    {
        // Members are named by number but M500 is missing: the orders naming it are found only
        // once every chunk is read, and the file is read again for the errors, which must be
        // those of a read from start to end, in line order with the others (NOBODY: no number).
        var network = Members(without: 500);
        Assert.NotNull(network.NumberedIds);
        var gaps = new HashSet<int> { 3, 130_017, 260_001 };
        var path = OrdersFile(260_000, otherErrors ? new HashSet<int> { 2, 65_000, 200_000 } : new HashSet<int>(), blankLines: false,
            memberOf: i => gaps.Contains(i + 2) ? "M500" : $"M{(i % 1000 == 500 ? 501 : i % 1000)}");
        var chunked = Assert.Throws<InputException>(() => OrderFileReader.ReadFile(path, network));
        var sequential = Assert.Throws<InputException>(() => OrderFileReader.Read(File.OpenRead(path), path, network));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal(otherErrors ? [2, 3, 65_000, 130_017, 200_000, 260_001] : [3, 130_017, 260_001], chunked.Errors.Select(e => e.Line));
        Assert.Contains(chunked.Errors, e => e.ToString().StartsWith($"{path}:3: member_id 'M500'", StringComparison.Ordinal));
    }

    [Fact]
    public void ChunkedRead_OfMembersNamedByNumber_GivesTheSameBookWithAGapInTheNumbers()
    {
        // The same without errors: numbers around the gap are looked up later, as they were read.
        var network = Members(without: 500);
        var path = OrdersFile(260_000, new HashSet<int>(), memberOf: i => $"M{(i % 1000 != 500 ? i % 1000 : i / 1000 % 2 == 0 ? 499 : 501)}");
        var (chunked, sequential) = ReadBothWays(path, network);
        Assert.Equal(sequential.Member, chunked.Member);
        Assert.Equal(network.IndexOf("M499"), chunked.Member[500]);
        Assert.Equal(network.IndexOf("M501"), chunked.Member[1_500]);
    }

    [Theory]
    [InlineData("no line break at the end")]
    [InlineData("a quoted id")]
    public void ChunkedRead_OfLargeFilesWithOddEnds_GivesTheSameOrderBook(string oddity)
    {
        var network = Members();
        var path = OrdersFile(260_000, new HashSet<int>());
        var text = File.ReadAllText(path);
        text = oddity == "a quoted id" ? text.Replace("O1234,", "\"O1234\",", StringComparison.Ordinal) : text.TrimEnd();
        File.WriteAllText(path, text);
        var (chunked, sequential) = ReadBothWays(path, network);
        Assert.Equal(260_000, chunked.Count);
        Assert.Equal(sequential.Ids, chunked.Ids);
        Assert.Equal(sequential.Lines, chunked.Lines);
        Assert.Equal(sequential.Cv, chunked.Cv);
    }

    [Fact]
    public void OrderIds_ThatAreNotUtf8_AreKeptAsTheirTextReadsThem()
    {
        // Ids are kept as UTF-8; the bytes 0xFF and a lone 0xC3 are kept as U+FFFD, on every core and on one.
        var network = Members();
        var path = OrdersFile(260_000, new HashSet<int>());
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf("\nO200001,"u8) + 2;
        byte[] spoilt = [.. bytes[..at], 0xFF, .. bytes[at..(at + 6)], 0xC3, .. bytes[(at + 6)..]];
        File.WriteAllBytes(path, spoilt);
        var (chunked, sequential) = ReadBothWays(path, network);
        Assert.Equal("O\uFFFD200001\uFFFD", chunked.Ids[200_001]);
        Assert.Equal(Encoding.UTF8.GetBytes("O\uFFFD200001\uFFFD"), chunked.Ids.Utf8(200_001).ToArray());
        Assert.Equal(sequential.Ids, chunked.Ids);
    }

    [Fact]
    public void AnOrdersMemberId_ThatIsNotUtf8_IsFoundAsTheMembersFileReadsIt()
    {
        // Both files hold the bytes 'A', 0xFF: each reads them as "A\uFFFD", so they match.
        byte[] Bytes(string before, string after) => [.. Encoding.UTF8.GetBytes(before), (byte)'A', 0xFF, .. Encoding.UTF8.GetBytes(after)];
        var plan = Plans.PlanReader.Parse("name: p\nranks:\n  - name: Member\nbonuses: []\n", "plan.yaml");
        var network = MemberFileReader.Read(new MemoryStream(Bytes("id,sponsor_id,joined_on\nM0,,2025-01-01\n", ",M0,2025-01-01\n")), "members.csv", plan);
        var orders = OrderFileReader.Read(new MemoryStream(Bytes("id,date,member_id,kind,pv,cv\nO1,2026-11-02,", ",personal,10,10\n")), "orders.csv", network);
        Assert.Equal(1, orders.Member[0]);
    }

    [Fact]
    public void MembersOfALargeFile_AreResolvedOnEveryCore_WithErrorsInLineOrder()
    {
        // 200,000 members: references are resolved in ranges on every core. Ids are indexed by
        // number, one of them out of line (M700000 for M150000): line 100,002 names the number
        // no member has as its sponsor and no one as its placement, in this order.
        var text = new StringBuilder("id,sponsor_id,joined_on,status,placement_id,side\n");
        var bad = new HashSet<int> { 3, 99_999, 150_001, 200_001 };
        const int Gap = 100_002;
        for (var i = 0; i < 200_000; i++)
        {
            var line = i + 2;
            var sponsor = i == 0 ? "" : bad.Contains(line) ? $"NOBODY-{line}" : line == Gap ? "M150000" : $"M{(i - 1) / 3}";
            var placement = i == 0 ? "," : $"{(line == Gap ? "NOBODY" : $"M{(i - 1) / 2}")},{((i - 1) % 2 == 0 ? "L" : "R")}";
            text.Append($"M{(i == 150_000 ? 700_000 : i)},{sponsor},2025-01-01,active,{placement}\n");
        }
        var plan = Plans.PlanReader.Parse("name: p\nranks:\n  - name: Member\nbonuses: []\n", "plan.yaml");
        var e = Assert.Throws<InputException>(() => MemberFileReader.Read(Run.Stream(text.ToString()), "members.csv", plan));
        string[] expected = ["3: sponsor_id 'NOBODY-3'", "99999: sponsor_id 'NOBODY-99999'", "100002: sponsor_id 'M150000'",
            "100002: placement_id 'NOBODY'", "150001: sponsor_id 'NOBODY-150001'", "200001: sponsor_id 'NOBODY-200001'"];
        Assert.Equal(expected.Select(x => "members.csv:" + x), e.Errors.Select(x => x.ToString()[..x.ToString().IndexOf("' of", StringComparison.Ordinal)] + "'"));

        var mended = text.ToString().Replace(",NOBODY,", ",M49999,", StringComparison.Ordinal).Replace(",M150000,", ",M700000,", StringComparison.Ordinal);
        foreach (var l in bad) mended = mended.Replace($",NOBODY-{l},", ",M0,", StringComparison.Ordinal);
        var good = MemberFileReader.Read(Run.Stream(mended), "members.csv", plan);
        Assert.Equal(200_000, good.Count);
        Assert.Equal(3, good.Sponsor[good.IndexOf("M10")]);
        Assert.Equal(4, good.PlacementParent[good.IndexOf("M10")]);
        Assert.Equal(good.IndexOf("M700000"), good.Sponsor[Gap - 2]);
        Assert.Equal(150_000, good.IndexOf("M700000"));
        Assert.NotNull(good.NumberedIds);
    }
}

/// <summary>Member ids found from their UTF-8 bytes, as the orders reader looks them up.</summary>
public class Utf8IdIndexTests
{
    [Fact]
    public void Every_id_is_found_and_nothing_else()
    {
        var ids = Enumerable.Range(0, 3000)
            .Select(i => i % 5 == 0 ? new string('x', i % 40) + i : i % 5 == 1 ? $"Zoë-{i}" : $"M{i}")
            .Append("exactly-16-bytes").Append("").Distinct().ToArray();
        var duplicates = new List<(int, int)>();
        var index = new Arbor.Engine.Model.Utf8IdIndex(IdList.Of(ids), duplicates);
        Assert.Empty(duplicates);
        for (var m = 0; m < ids.Length; m++) Assert.Equal(m, index.IndexOf(System.Text.Encoding.UTF8.GetBytes(ids[m])));
        foreach (var absent in new[] { "M", "M30000", "exactly-16-byteS", "exactly-16-bytes!", "Zoe-1", new string('x', 41) })
        {
            Assert.Equal(-1, index.IndexOf(System.Text.Encoding.UTF8.GetBytes(absent)));
        }
    }

    [Fact]
    public void An_id_seen_before_is_reported_with_its_first_and_indexed_once()
    {
        var long1 = new string('x', 20);
        var duplicates = new List<(int, int)>();
        var index = new Arbor.Engine.Model.Utf8IdIndex(IdList.Of(["A", long1, "B", "A", long1, "A"]), duplicates);
        Assert.Equal([(0, 3), (1, 4), (0, 5)], duplicates);
        Assert.Equal(0, index.IndexOf("A"u8));
        Assert.Equal(1, index.IndexOf(System.Text.Encoding.UTF8.GetBytes(long1)));
        Assert.Equal(2, index.IndexOf("B"u8));
    }
}
