using System.Text;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;

namespace Arbor.Engine.Tests;

/// <summary>Large members and orders files are read on every core; the result and the errors are those of reading from start to end.</summary>
public sealed class ChunkedReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-chunks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Network Members()
    {
        var members = new StringBuilder("id,sponsor_id,joined_on\n");
        for (var m = 0; m < 1000; m++) members.Append(m == 0 ? "M0,,2025-01-01\n" : $"M{m},M{(m - 1) / 3},2025-01-01\n");
        return MemberFileReader.Read(Run.Stream(members.ToString()), "members.csv", Plans.PlanReader.Parse("name: p\nranks:\n  - name: Member\nbonuses: []\n", "plan.yaml"));
    }

    /// <summary>An orders file of well over the 8 MB from which chunks are used, with <paramref name="bad"/> lines spoilt.</summary>
    private string OrdersFile(int rows, IReadOnlySet<int> bad)
    {
        var text = new StringBuilder("id,date,member_id,kind,pv,cv,amount,wholesale,original_id\r\n");
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var member = bad.Contains(line) ? "NOBODY" : $"M{i % 1000}";
            text.Append(i % 10 == 9
                ? $"R{i},2026-11-{1 + i % 28:00},{member},retail,{i % 50}.5,{i % 40},{100 + i % 7}.25,80,\r\n"
                : $"O{i},2026-11-{1 + i % 28:00},{member},personal,{i % 50}.5,{i % 40},,,\r\n");
            if (i % 50_000 == 7) text.Append("\r\n"); // a blank line now and then
        }
        var path = Path.Combine(_dir, "orders.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length > 9 << 20);
        return path;
    }

    [Fact]
    public void ChunkedRead_GivesTheSameOrderBookAsAReadFromStartToEnd()
    {
        var network = Members();
        var path = OrdersFile(260_000, new HashSet<int>());
        var chunked = OrderFileReader.ReadFile(path, network);
        var sequential = OrderFileReader.Read(File.OpenRead(path), path, network);
        Assert.Equal(260_000, chunked.Count);
        Assert.Equal(sequential.Ids, chunked.Ids);
        Assert.Equal(sequential.Lines, chunked.Lines);
        Assert.Equal(sequential.Member, chunked.Member);
        Assert.Equal(sequential.Pv, chunked.Pv);
        Assert.Equal(sequential.Amount, chunked.Amount);
        Assert.Equal(sequential.Kind, chunked.Kind);
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

    /// <summary>A members file of well over 8 MB: a sponsor tree and a binary placement, with <paramref name="bad"/> lines spoilt.</summary>
    private string MembersFile(int rows, IReadOnlySet<int> bad)
    {
        var text = new StringBuilder("id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right\n");
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var sponsor = i == 0 ? "" : bad.Contains(line) ? "NOBODY" : $"member-{(i - 1) / 4:D7}";
            var placement = i == 0 ? ",," : $"member-{(i - 1) / 2:D7},{((i - 1) % 2 == 0 ? "L" : "R")},";
            text.Append($"member-{i:D7},{sponsor},2025-{1 + i % 12:00}-{1 + i % 28:00},{(i % 50 == 0 ? "terminated" : "active")},{placement}{(i % 9 == 0 ? "Bronze" : "")},{i % 300}.5,{i % 7}\n");
        }
        var path = Path.Combine(_dir, "members.csv");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length > 9 << 20);
        return path;
    }

    private static readonly Plans.Plan BronzePlan = Plans.PlanReader.Parse("name: p\nranks:\n  - name: Member\n  - name: Bronze\nbonuses: []\n", "plan.yaml");

    [Fact]
    public void ChunkedMembersRead_GivesTheSameNetworkAsAReadFromStartToEnd()
    {
        var path = MembersFile(160_000, new HashSet<int>());
        var chunked = MemberFileReader.ReadFile(path, BronzePlan);
        var sequential = MemberFileReader.Read(File.OpenRead(path), path, BronzePlan);
        Assert.Equal(160_000, chunked.Count);
        Assert.Equal(sequential.Ids, chunked.Ids);
        Assert.Equal(sequential.Lines, chunked.Lines);
        Assert.Equal(sequential.Sponsor, chunked.Sponsor);
        Assert.Equal(sequential.PlacementParent, chunked.PlacementParent);
        Assert.Equal(sequential.Side, chunked.Side);
        Assert.Equal(sequential.Terminated, chunked.Terminated);
        Assert.Equal(sequential.HighestRank, chunked.HighestRank);
        Assert.Equal(sequential.CarryLeft, chunked.CarryLeft);
        Assert.Equal(sequential.JoinedOn, chunked.JoinedOn);
    }

    [Fact]
    public void ChunkedMembersRead_ReportsTheSameErrorsAtTheSameLines()
    {
        var path = MembersFile(160_000, new HashSet<int> { 3, 40_000, 80_017, 120_000, 160_001 });
        var chunked = Assert.Throws<InputException>(() => MemberFileReader.ReadFile(path, BronzePlan));
        var sequential = Assert.Throws<InputException>(() => MemberFileReader.Read(File.OpenRead(path), path, BronzePlan));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal(5, chunked.Errors.Count);
        Assert.StartsWith($"{path}:3: sponsor_id 'NOBODY'", chunked.Errors[0].ToString(), StringComparison.Ordinal);
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
        var index = new Arbor.Engine.Model.Utf8IdIndex(ids);
        for (var m = 0; m < ids.Length; m++) Assert.Equal(m, index.IndexOf(System.Text.Encoding.UTF8.GetBytes(ids[m])));
        foreach (var absent in new[] { "M", "M30000", "exactly-16-byteS", "exactly-16-bytes!", "Zoe-1", new string('x', 41) })
        {
            Assert.Equal(-1, index.IndexOf(System.Text.Encoding.UTF8.GetBytes(absent)));
        }
    }
}
