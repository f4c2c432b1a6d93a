using System.Text;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>
/// Large members files are read in chunks on every core; the network and the errors are those of
/// reading from start to end. The files here are small and read in chunks from their first byte
/// (<c>chunkedFrom: 1</c>), so every chunk boundary falls somewhere inside a few rows.
/// </summary>
public sealed class ChunkedMemberReadTests : IDisposable
{
    private static readonly Plan Plan = PlanReader.Parse("name: p\nranks:\n  - name: Member\n  - name: Gold\nbonuses: []\n", "plan.yaml");

    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-member-chunks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A members file of <paramref name="rows"/> members with every optional column, and the line
    /// each member is on. <paramref name="spoil"/> may replace a row's text (given its member number).
    /// </summary>
    private (string Path, int[] LineOf) MembersFile(int rows, string newLine = "\n", bool bom = false, bool blankLines = false,
        bool lastLineBreak = true, Func<int, string, string>? spoil = null)
    {
        var text = new StringBuilder("id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right" + newLine);
        var lineOf = new int[rows];
        var line = 2;
        for (var m = 0; m < rows; m++)
        {
            var row = m == 0
                ? "M0,,2025-01-01,,,,Gold,,"
                : $"M{m},M{(m - 1) / 3},2025-{1 + m % 12:00}-{1 + m % 28:00},{(m % 7 == 0 ? "terminated" : m % 5 == 0 ? "" : "active")},"
                    + $"M{(m - 1) / 2},{((m - 1) % 2 == 0 ? "L" : "R")},{(m % 11 == 0 ? "Gold" : "")},{m % 13}.25,{m % 17}";
            text.Append(spoil?.Invoke(m, row) ?? row).Append(newLine);
            lineOf[m] = line++;
            if (blankLines && m % 97 == 5)
            {
                text.Append(newLine);
                line++;
            }
        }
        if (!lastLineBreak) text.Length -= newLine.Length;
        var path = Path.Combine(_dir, "members.csv");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom));
        return (path, lineOf);
    }

    /// <summary>The members file at <paramref name="path"/> read in chunks, and from start to end.</summary>
    private static (Network Chunked, Network Sequential) ReadBothWays(string path)
    {
        using var stream = File.OpenRead(path);
        return (MemberFileReader.ReadFile(path, Plan, chunkedFrom: 1), MemberFileReader.Read(stream, path, Plan));
    }

    private static void AssertSame(Network expected, Network actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Sponsor, actual.Sponsor);
        Assert.Equal(expected.PlacementParent, actual.PlacementParent);
        Assert.Equal(expected.Side, actual.Side);
        Assert.Equal(expected.JoinedOn, actual.JoinedOn);
        Assert.Equal(expected.Terminated, actual.Terminated);
        Assert.Equal(expected.HighestRank, actual.HighestRank);
        Assert.Equal(expected.CarryLeft, actual.CarryLeft);
        Assert.Equal(expected.CarryRight, actual.CarryRight);
    }

    [Theory]
    [InlineData(2_000, "\n", false, false, true)]
    [InlineData(2_000, "\r\n", false, false, true)] // CRLF: a chunk starts after the \n of a \r\n
    [InlineData(2_000, "\r\n", true, false, true)] // a BOM before the header
    [InlineData(2_000, "\n", false, true, true)] // blank lines: rows fewer than lines
    [InlineData(2_000, "\r\n", true, true, false)] // the last row without a line break
    [InlineData(3, "\n", false, false, true)] // fewer rows than chunks
    [InlineData(1, "\r\n", true, false, false)]
    public void ChunkedRead_GivesTheSameNetworkAsAReadFromStartToEnd(int rows, string newLine, bool bom, bool blankLines, bool lastLineBreak)
    {
        var (path, lineOf) = MembersFile(rows, newLine, bom, blankLines, lastLineBreak);
        var (chunked, sequential) = ReadBothWays(path);
        AssertSame(sequential, chunked);
        Assert.Equal(rows, chunked.Count);
        Assert.Equal(lineOf, chunked.Lines);
        Assert.Equal("M0", chunked.Ids[0]);
        Assert.Equal($"M{rows - 1}", chunked.Ids[rows - 1]);
        if (rows > 1) Assert.Equal(0, chunked.Sponsor[1]);
    }

    [Fact]
    public void ChunkedRead_OfAFileWithAQuote_IsReadFromStartToEnd()
    {
        var (path, _) = MembersFile(2_000, spoil: (m, row) => m == 1_500 ? row.Replace("M1500,", "\"M1500\",", StringComparison.Ordinal) : null!);
        var (chunked, sequential) = ReadBothWays(path);
        AssertSame(sequential, chunked);
        Assert.Equal("M1500", chunked.Ids[1_500]);
    }

    [Fact]
    public void ChunkedRead_ReportsRowErrorsOfLaterChunksAtTheirLines_InFileOrder()
    {
        var (path, lineOf) = MembersFile(2_000, "\r\n", bom: true, blankLines: true, spoil: (m, row) => m switch
        {
            700 => row.Replace("2025-", "2025/", StringComparison.Ordinal),
            1_301 => row.Replace(",active,", ",asleep,", StringComparison.Ordinal),
            1_999 => row + ",extra",
            _ => null!,
        });
        var chunked = Assert.Throws<InputException>(() => MemberFileReader.ReadFile(path, Plan, chunkedFrom: 1));
        var sequential = Assert.Throws<InputException>(() => MemberFileReader.Read(File.OpenRead(path), path, Plan));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal([lineOf[700], lineOf[1_301], lineOf[1_999]], chunked.Errors.Select(e => e.Line));
        Assert.Contains("joined_on", chunked.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("status must be 'active' or 'terminated', not 'asleep'", chunked.Errors[1].ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{lineOf[700]}:", chunked.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkedRead_ReportsErrorsOfTheWholeSetAtTheirLines()
    {
        // A duplicate id, a sponsor and a placement that name nobody, in the file's later chunks.
        var (path, lineOf) = MembersFile(2_000, "\r\n", spoil: (m, row) => m switch
        {
            1_100 => row.Replace("M1100,", "M17,", StringComparison.Ordinal), // a member no one names as sponsor or placement
            1_400 => row.Replace(",M466,", ",NOBODY,", StringComparison.Ordinal),
            1_800 => row.Replace(",M899,", ",NOWHERE,", StringComparison.Ordinal),
            _ => null!,
        });
        var chunked = Assert.Throws<InputException>(() => MemberFileReader.ReadFile(path, Plan, chunkedFrom: 1));
        var sequential = Assert.Throws<InputException>(() => MemberFileReader.Read(File.OpenRead(path), path, Plan));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal(
            [
                $"{path}:{lineOf[1_100]}: duplicate member id 'M17' (already on line {lineOf[17]})",
                $"{path}:{lineOf[1_400]}: sponsor_id 'NOBODY' of member 'M1400' does not name any member in the file",
                $"{path}:{lineOf[1_800]}: placement_id 'NOWHERE' of member 'M1800' does not name any member in the file",
            ],
            chunked.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ChunkedRead_OfAHeaderAndBlankLines_SaysTheFileHasNoMembers()
    {
        var path = Path.Combine(_dir, "members.csv");
        File.WriteAllText(path, "id,sponsor_id,joined_on\r\n\r\n\r\n\r\n\r\n\r\n");
        var chunked = Assert.Throws<InputException>(() => MemberFileReader.ReadFile(path, Plan, chunkedFrom: 1));
        var sequential = Assert.Throws<InputException>(() => MemberFileReader.Read(File.OpenRead(path), path, Plan));
        Assert.Equal(sequential.Errors, chunked.Errors);
        Assert.Equal($"{path}:2: the file has no members, only a header", Assert.Single(chunked.Errors).ToString());
    }
}
