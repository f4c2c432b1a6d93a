using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>The byte-level pieces of the payouts writer: fields encoded once, cents formatted by hand.</summary>
public class OutputTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(5L, "0.05")]
    [InlineData(-5L, "-0.05")]
    [InlineData(123456L, "1234.56")]
    [InlineData(-100L, "-1.00")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    public void Cents_are_written_with_exactly_two_decimals(long cents, string expected)
    {
        var buffer = new byte[32];
        var n = Utf8CsvWriter.FormatCents(cents, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("0.50")]
    [InlineData("-0.05")]
    [InlineData("25.50")]
    [InlineData("-1000")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-7922816251426433759354395.0335")]
    [InlineData("18446744073709551615")]
    [InlineData("18446744073709551616")]
    public void A_volume_is_written_with_its_own_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DecimalText.Volume(value), FormatVolume(value));
    }

    [Fact]
    public void A_volume_is_written_as_the_runtime_writes_it_for_any_digits_and_scale()
    {
        // Digits of 1 to 96 bits, any sign and any scale, the zeros with a sign among them.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20_000), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).ToArbitrary(),
            seed =>
            {
                var random = new Random(seed);
                var width = random.Next(0, 97);
                var digits = unchecked((System.UInt128)(uint)random.Next() << 66 ^ (System.UInt128)(uint)random.Next() << 33 ^ (uint)random.Next() ^ (System.UInt128)(uint)random.Next() << 95)
                    & (width == 0 ? System.UInt128.Zero : (System.UInt128.One << width) - 1);
                var value = new decimal(unchecked((int)(uint)digits), unchecked((int)(uint)(digits >> 32)), unchecked((int)(uint)(digits >> 64)), random.Next(2) == 0, (byte)random.Next(0, 29));
                Assert.Equal(DecimalText.Volume(value), FormatVolume(value));
            }));
    }

    private static string FormatVolume(decimal value)
    {
        var buffer = new byte[Utf8CsvWriter.MaxVolumeLength];
        return Encoding.ASCII.GetString(buffer, 0, Utf8CsvWriter.FormatVolume(value, buffer));
    }

    [Fact]
    public void A_payouts_file_of_many_blocks_is_every_line_once_in_order()
    {
        // A unilevel chain of 4,000 members each ordering 30 times: 600,000 lines, ten blocks and more.
        var plan = UnilevelPlan("[1, 1, 1, 1, 1]");
        var members = new StringBuilder("id,sponsor_id,joined_on,status\n");
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
        for (var m = 0; m < 4000; m++)
        {
            members.Append(m == 0 ? "M0,,2026-01-01,active\n" : $"M{m},M{m - 1},2026-01-01,active\n");
            for (var k = 0; k < 30; k++) orders.Append($"O{m}-{k},2026-11-02,M{m},personal,10,{k + 1}\n");
        }
        var r = Run.Period(plan, members.ToString(), orders.ToString());
        var written = Run.Write(r, ResultWriter.WritePayouts).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = Run.Lines(r).Select(l => l.Split(' ')).Select(f => $"{f[0]},{f[1]},{f[2]},{f[3]},{f[4]},{f[5]}");
        Assert.Equal(["payee_id,bonus,amount,source_order_id,source_member_id,level", .. expected], written);
        Assert.True(r.LineCount > 500_000);
    }

    [Fact]
    public void A_payouts_file_of_many_blocks_of_payees_each_in_many_parts_is_every_line_once_in_order()
    {
        // 60,000 members (fifteen blocks of payees) in random sponsor chains, one with an id of 3,000
        // bytes, so that the writer's parts are short (about 650 lines at the longest line's length)
        // and each block is written in many parts: the window of parts spans blocks, and the buffers
        // blocks are placed in are used again by later blocks.
        var plan = UnilevelPlan("[5, 4, 3]");
        var random = new Random(11);
        var members = new StringBuilder("id,sponsor_id,joined_on,status\n");
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
        var longId = "L" + new string('x', 3_000);
        for (var m = 0; m < 60_000; m++)
        {
            var id = m == 59_999 ? longId : $"M{m}";
            members.Append(m == 0 ? "M0,,2026-01-01,active\n" : $"{id},M{random.Next(Math.Max(0, m - 30), m)},2026-01-01,active\n");
            orders.Append(CultureInfo.InvariantCulture, $"O{m},2026-11-02,{id},personal,10,{random.Next(1, 200)}\n");
        }
        var r = Run.Period(plan, members.ToString(), orders.ToString());
        var written = Run.Write(r, ResultWriter.WritePayouts).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = Run.Lines(r).Select(l => l.Split(' ')).Select(f => $"{f[0]},{f[1]},{f[2]},{f[3]},{f[4]},{f[5]}");
        Assert.Equal(["payee_id,bonus,amount,source_order_id,source_member_id,level", .. expected], written);
        Assert.True(r.LineCount > 150_000);
        Assert.Contains(written, l => l.EndsWith($",{longId},1", StringComparison.Ordinal));
    }

    [Fact]
    public void Members_in_join_order_with_numbered_ids_give_the_file_of_members_in_id_order()
    {
        // 20,000 members (five blocks of payees) named M0…M19999 in join order, so that M10
        // comes before M2 in the output: the lines are kept in blocks of output order, and the
        // file must be the one the same company gives with its members file sorted by id.
        var plan = UnilevelPlan("[5, 4, 3, 2, 1]");
        var random = new Random(7);
        var rows = new List<string>();
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
        for (var m = 0; m < 20_000; m++)
        {
            rows.Add(m == 0 ? "M0,,2026-01-01,active" : $"M{m},M{random.Next(Math.Max(0, m - 50), m)},2026-01-01,active");
            orders.Append(CultureInfo.InvariantCulture, $"O{m},2026-11-02,M{m},personal,10,{random.Next(1, 200)}\n");
        }
        const string Header = "id,sponsor_id,joined_on,status\n";
        var joinOrder = Run.Period(plan, Header + string.Join('\n', rows) + "\n", orders.ToString());
        var idOrder = Run.Period(plan, Header + string.Join('\n', rows.OrderBy(r => r[..r.IndexOf(',', StringComparison.Ordinal)], StringComparer.Ordinal)) + "\n", orders.ToString());
        var written = Run.Write(joinOrder, ResultWriter.WritePayouts);
        Assert.Equal(Run.Write(idOrder, ResultWriter.WritePayouts), written);
        var payees = written.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToList();
        Assert.True(payees.Count > 50_000);
        Assert.Equal(payees.Order(StringComparer.Ordinal), payees);
    }

    [Fact]
    public void Source_fields_of_every_length_are_written_as_encoded_ids()
    {
        // Order and member ids of 1 to 24 bytes, some quoted, some not ASCII: each order's id and
        // its member's id are kept together as one field pair of up to 23 bytes, longer pairs
        // apart. Lines of order-based bonuses (unilevel) and of member-based ones (matching).
        var plan = UnilevelPlan("[5, 4, 3]") + """

              - type: matching
                of: [unilevel]
                percents: [10]
            """;
        var random = new Random(11);
        string Id(string prefix, int n)
        {
            var length = random.Next(1, 25);
            var id = (prefix + n + new string("xyzé,\""[random.Next(6)], 24)).Substring(0, Math.Max(length, prefix.Length + n.ToString(CultureInfo.InvariantCulture).Length));
            return id;
        }
        var memberIds = Enumerable.Range(0, 300).Select(m => Id("M", m)).ToArray();
        var members = new StringBuilder("id,sponsor_id,joined_on,status\n");
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
        for (var m = 0; m < memberIds.Length; m++)
        {
            members.Append(CultureInfo.InvariantCulture, $"{Csv(memberIds[m])},{(m == 0 ? "" : Csv(memberIds[random.Next(m)]))},2026-01-01,active\n");
            for (var k = 0; k < 3; k++) orders.Append(CultureInfo.InvariantCulture, $"{Csv(Id("O", m * 3 + k))},2026-11-02,{Csv(memberIds[m])},personal,10,{random.Next(1, 500)}\n");
        }
        var r = Run.Period(plan, members.ToString(), orders.ToString());
        var expected = r.Lines.Select(l => string.Join(',',
            Csv(r.Network.Ids[l.Payee]), BonusNames.Of(l.Bonus), DecimalText.Money(l.Cents),
            l.SourceOrder < 0 ? "" : Csv(r.Orders.Ids[l.SourceOrder]), Csv(r.Network.Ids[l.SourceMember]), l.Level.ToString(CultureInfo.InvariantCulture)));
        var written = Run.Write(r, ResultWriter.WritePayouts);
        Assert.Equal(string.Join('\n', ["payee_id,bonus,amount,source_order_id,source_member_id,level", .. expected]) + "\n", written);
        var pairLengths = r.Lines.Where(l => l.SourceOrder >= 0).Select(l => Encoding.UTF8.GetByteCount(Csv(r.Orders.Ids[l.SourceOrder]) + "," + Csv(r.Network.Ids[l.SourceMember]))).ToList();
        Assert.Contains(23, pairLengths);
        Assert.Contains(24, pairLengths);
        Assert.True(pairLengths.Min() <= 8 && pairLengths.Max() > 40, $"pairs of {pairLengths.Min()} to {pairLengths.Max()} bytes");
        Assert.Contains(r.Lines, l => l.SourceOrder < 0);
    }

    [Theory]
    [InlineData(36)]
    [InlineData(60)]
    [InlineData(300)]
    public void Long_order_ids_beside_short_member_ids_are_written_whole(int length)
    {
        // Lines are formatted into blocks sized by the longest line: its order id must count,
        // though the orders' ids are kept without slots (their pairs with members' ids are).
        // Counting it as empty made a block's lines overrun their buffer.
        var plan = UnilevelPlan("[5, 4, 3, 2, 1]");
        var members = new StringBuilder("id,sponsor_id,joined_on,status\n");
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
        for (var m = 0; m < 10_000; m++)
        {
            members.Append(m == 0 ? "M0,,2026-01-01,active\n" : $"M{m},M{m - 1},2026-01-01,active\n");
            for (var k = 0; k < 2; k++) orders.Append(CultureInfo.InvariantCulture, $"{$"O{m}-{k}-".PadRight(length, 'x')},2026-11-02,M{m},personal,10,{m % 97 + 1}\n");
        }
        var r = Run.Period(plan, members.ToString(), orders.ToString());
        var expected = r.Lines.Select(l => string.Join(',',
            r.Network.Ids[l.Payee], BonusNames.Of(l.Bonus), DecimalText.Money(l.Cents),
            r.Orders.Ids[l.SourceOrder], r.Network.Ids[l.SourceMember], l.Level.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(string.Join('\n', ["payee_id,bonus,amount,source_order_id,source_member_id,level", .. expected]) + "\n", Run.Write(r, ResultWriter.WritePayouts));
        Assert.True(r.LineCount > 90_000); // more than one block's worth of lines at the shortest line length
    }

    /// <summary>A plan of one rank whose only bonus is unilevel without compression, paying <paramref name="percents"/>.</summary>
    private static string UnilevelPlan(string percents) => $$"""
        name: unilevel
        active: { min_pv: 0 }
        ranks:
          - name: Member
        bonuses:
          - type: unilevel
            compression: none
            percents: {{percents}}
        """;

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public void Encoded_fields_are_quoted_only_where_CSV_needs_it()
    {
        string[] ids = ["M1", "a,b", "say \"hi\"", "Zoë", "", "line\nbreak"];
        var encoded = EncodedTexts.Of(ids);
        string[] expected = ["M1", "\"a,b\"", "\"say \"\"hi\"\"\"", "Zoë", "", "\"line\nbreak\""];
        for (var i = 0; i < ids.Length; i++) Assert.Equal(expected[i], Encoding.UTF8.GetString(encoded[i]));
        Assert.Equal(Encoding.UTF8.GetByteCount(expected[2]), encoded.MaxLength);

        // Ids kept as UTF-8 are encoded the same, whether or not one of them needs quotes.
        var fromIds = EncodedTexts.Of(Arbor.Engine.Model.IdList.Of(ids));
        for (var i = 0; i < ids.Length; i++) Assert.Equal(expected[i], Encoding.UTF8.GetString(fromIds[i]));
        string[] plain = ["M1", "Zoë", "", "O-7"];
        var fromPlain = EncodedTexts.Of(Arbor.Engine.Model.IdList.Of(plain));
        for (var i = 0; i < plain.Length; i++) Assert.Equal(plain[i], Encoding.UTF8.GetString(fromPlain[i]));
        Assert.Equal(4, fromPlain.MaxLength); // "Zoë"
    }
}

/// <summary>Files written past the page cache hold exactly the bytes written, whatever their length.</summary>
public class DirectFileStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData((8 << 20) - 1)]
    [InlineData(8 << 20)]
    [InlineData((8 << 20) + 12345)]
    [InlineData(3 * (8 << 20) + 7)]
    public void A_file_holds_exactly_the_bytes_written(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        foreach (var directory in Directories())
        {
            var path = Path.Combine(directory, $"direct-{Guid.NewGuid():N}.bin");
            try
            {
                using (var stream = DirectFileStream.Create(path))
                {
                    // Writes of uneven sizes, as the writers make them.
                    for (int at = 0, step = 1; at < length; at += step, step = step * 7 % 100_003 + 1)
                    {
                        stream.Write(bytes.AsSpan(at, Math.Min(step, length - at)));
                    }
                }
                Assert.Equal(bytes, File.ReadAllBytes(path));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void Creating_a_file_replaces_what_was_there()
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"direct-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, new byte[100_000]);
            using (var stream = DirectFileStream.Create(path)) stream.Write("short"u8);
            Assert.Equal("short"u8.ToArray(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The test's own folder (a disk) and, where there is one, a memory file system.</summary>
    private static IEnumerable<string> Directories()
    {
        yield return AppContext.BaseDirectory;
        if (Directory.Exists("/dev/shm")) yield return "/dev/shm";
    }
}

/// <summary>When the file system refuses a direct write, the stream goes on buffered and loses nothing.</summary>
public class DirectFileStreamFallbackTests
{
    [Fact]
    public void Bytes_written_after_a_refused_direct_write_all_reach_the_file()
    {
        if (!File.Exists("/dev/full")) return; // writes to /dev/full fail: a refused direct write
        var path = Path.Combine(AppContext.BaseDirectory, $"fallback-{Guid.NewGuid():N}.bin");
        var bytes = new byte[5 * 3_000_000];
        new Random(5).NextBytes(bytes);
        try
        {
            using (var full = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write))
            using (var stream = new DirectFileStream(path, full))
            {
                for (var i = 0; i < 5; i++) stream.Write(bytes.AsSpan(i * 3_000_000, 3_000_000));
                Assert.False(stream.IsDirect);
            }
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
