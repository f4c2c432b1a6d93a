using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Batch;

/// <summary>Reads <c>members.csv</c> (contract section 2) into a <see cref="Network"/>.</summary>
public static class MemberFileReader
{
    private static readonly string[] Required = ["id", "sponsor_id", "joined_on"];
    private static readonly string[] Optional = ["status", "placement_id", "side", "highest_rank", "carry_left", "carry_right"];

    /// <summary>Reads the members file at <paramref name="path"/>; errors name the path as given.</summary>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static Network ReadFile(string path, Plan plan) => ReadFile(path, plan, ChunkedFile.ParallelFrom);

    /// <summary>As <see cref="ReadFile(string, Plan)"/>, read in chunks on every core from <paramref name="chunkedFrom"/> bytes.</summary>
    internal static Network ReadFile(string path, Plan plan, long chunkedFrom)
    {
        using var stream = BatchFile.Open(path);
        if (ChunkedFile.IsLarge(stream, chunkedFrom))
        {
            // Each chunk's rows go into a builder of their own, with room for its lines; the network is built of them in order.
            var parts = ChunkedFile.Read<NetworkBuilder>(stream, path, Required, Optional,
                chunks => [.. chunks.Select(c => new NetworkBuilder(c.Lines))],
                (csv, header, errors, builder) => ReadBody(csv, header, errors, builder, plan));
            if (parts is not null) return Build(parts, path, plan);
            stream.Seek(0, SeekOrigin.Begin);
        }
        // Room for every line from the start: a million rows grown by doubling would leave
        // hundreds of megabytes of discarded arrays for the collector.
        return Read(stream, path, plan, ChunkedFile.LineBreaks(stream));
    }

    /// <summary>Reads a members file from <paramref name="stream"/>; <paramref name="fileName"/> is used in errors.</summary>
    /// <exception cref="InputException">The file is invalid.</exception>
    public static Network Read(Stream stream, string fileName, Plan plan) => Read(stream, fileName, plan, 0);

    private static Network Read(Stream stream, string fileName, Plan plan, int expectedRows)
    {
        var errors = new ErrorList(fileName);
        var builder = new NetworkBuilder(expectedRows);
        using (var csv = new CsvReader(stream))
        {
            try
            {
                ReadRows(csv, errors, builder, plan);
            }
            catch (CsvFormatException e)
            {
                errors.Add(e.Line, e.Message);
            }
        }
        errors.ThrowIfAny();
        return Build([builder], fileName, plan);
    }

    private static Network Build(NetworkBuilder[] parts, string fileName, Plan plan)
    {
        // An orders file may hold no orders (a period without sales); a company without members has nothing to compute.
        if (parts.All(p => p.Count == 0))
        {
            var errors = new ErrorList(fileName);
            errors.Add(2, "the file has no members, only a header");
            errors.ThrowIfAny();
        }
        var network = NetworkBuilder.Build(parts, fileName);
        if (plan.Find<UnilevelBonus>() is { OverPlacement: true } && network.Count > 1 && Array.TrueForAll(network.PlacementParent, p => p < 0))
        {
            var errors = new ErrorList(fileName);
            errors.Add(1, $"{Path.GetFileName(plan.Source)} pays unilevel over the placement tree (tree: placement), but no member has a placement_id: add the placement_id and side columns");
            errors.ThrowIfAny();
        }
        return network;
    }

    private static void ReadRows(CsvReader csv, ErrorList errors, NetworkBuilder builder, Plan plan)
    {
        var header = Header.Read(csv, errors, Required, Optional);
        if (header is null) return;
        ReadBody(csv, header, errors, builder, plan);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadBody(CsvReader csv, Header header, ErrorList errors, NetworkBuilder builder, Plan plan)
    {
        int id = header["id"], sponsor = header["sponsor_id"], joined = header["joined_on"], status = header["status"],
            placement = header["placement_id"], side = header["side"], highest = header["highest_rank"],
            carryLeft = header["carry_left"], carryRight = header["carry_right"];
        var row = new RowParser(csv, errors);
        var binary = plan.Find<BinaryBonus>() is not null;

        while (csv.Read() && !errors.Full)
        {
            if (!row.CheckWidth(header.Count)) continue;
            var memberId = row.RequiredField(id, "id");
            var sponsorId = csv.Field(sponsor);
            var joinedOn = row.RequiredDate(joined, "joined_on");

            var terminated = false;
            if (status >= 0 && csv.Field(status) is { Length: > 0 } s && !s.SequenceEqual("active"u8))
            {
                if (s.SequenceEqual("terminated"u8)) terminated = true;
                else row.Error($"status must be 'active' or 'terminated', not '{Encoding.UTF8.GetString(s)}'");
            }

            var placementId = placement >= 0 ? csv.Field(placement) : [];
            var placedSide = Side.None;
            var position = 0;
            if (side >= 0 && csv.Field(side) is { Length: > 0 } sd)
            {
                if (sd.SequenceEqual("L"u8)) placedSide = Side.Left;
                else if (sd.SequenceEqual("R"u8)) placedSide = Side.Right;
                else if (Utf8Parser.TryParse(sd, out int number, out var used) && used == sd.Length && number is >= 1 and <= InputRanges.WholeNumber && sd[0] != (byte)'+')
                {
                    // A numbered position of a matrix (section 9.1); a binary pays on L and R only.
                    if (binary) row.Error($"side must be 'L' or 'R' in a plan with a binary bonus, not the position {number}");
                    placedSide = Side.Numbered;
                    position = number;
                }
                else row.Error($"side must be 'L', 'R' or a position number from 1, not '{Encoding.UTF8.GetString(sd)}'");
            }

            var highestRank = 0;
            if (row.OptionalText(highest) is { } rankName)
            {
                highestRank = plan.RankIndex(rankName);
                if (highestRank < 0)
                {
                    row.Error($"unknown rank name '{rankName}' in highest_rank (the ranks of {Path.GetFileName(plan.Source)} are {string.Join(", ", plan.Ranks.Select(r => r.Name))})");
                    highestRank = 0;
                }
            }

            var left = row.OptionalDecimal(carryLeft, "carry_left");
            var right = row.OptionalDecimal(carryRight, "carry_right");
            if (row.Ok)
            {
                builder.Add(csv.Line, memberId, sponsorId, joinedOn, terminated, placementId, placedSide, highestRank, left, right, position);
            }
        }
    }
}
