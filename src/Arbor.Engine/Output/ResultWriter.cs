using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Arbor.Engine.Computation;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Output;

/// <summary>Writes the contract's three outputs: <c>payouts.csv</c>, <c>members.csv</c> and <c>summary.json</c>.</summary>
public static class ResultWriter
{
    /// <summary>Writes all three files into <paramref name="directory"/> (created if missing).</summary>
    public static void WriteAll(PeriodResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        // Each file is written beside its final name; all three are moved into place once all
        // are complete, so a failure never leaves new files beside an old one. members.csv and
        // summary.json are written while payouts.csv is: its writing thread mostly waits for
        // the blocks its workers format.
        var payouts = Path.Combine(directory, "payouts.csv");
        var members = Path.Combine(directory, "members.csv");
        var summary = Path.Combine(directory, "summary.json");
        try
        {
            var ids = EncodedTexts.Of(result.Network.Ids);
            var others = Task.Run(() =>
            {
                WriteFile(members, s => WriteMembers(result, s, ids));
                WriteFile(summary, s => WriteSummary(result, s));
            });
            try
            {
                WriteFile(payouts, s => WritePayouts(result, s, ids));
            }
            catch
            {
                Task.WhenAny(others).GetAwaiter().GetResult(); // let the other files finish, then report this failure
                throw;
            }
            others.GetAwaiter().GetResult();
        }
        catch
        {
            foreach (var path in new[] { payouts, members, summary }) File.Delete(Partial(path));
            throw;
        }
        foreach (var path in new[] { payouts, members, summary }) File.Move(Partial(path), path, overwrite: true);
    }

    private static string Partial(string path) => path + ".partial";

    private static void WriteFile(string path, Action<Stream> write)
    {
        using var stream = DirectFileStream.Create(Partial(path));
        write(stream);
    }

    /// <summary>
    /// payouts.csv: one line per payment, sorted, amounts with two decimals. Blocks of lines
    /// are formatted on worker threads from ids encoded once, while this thread writes the
    /// finished blocks in order.
    /// </summary>
    public static void WritePayouts(PeriodResult result, Stream stream) => WritePayouts(result, stream, EncodedTexts.Of(result.Network.Ids));

    private static void WritePayouts(PeriodResult result, Stream stream, EncodedTexts memberIds)
    {
        stream.Write("payee_id,bonus,amount,source_order_id,source_member_id,level\n"u8);
        var orderIds = EncodedTexts.Of(result.Orders.Ids, withSlots: false);
        var text = new PayoutText(
            memberIds,
            orderIds,
            EncodedTexts.Of(Enum.GetValues<BonusType>().Select(BonusNames.Of).ToArray()),
            SourcePairs.Of(orderIds, memberIds, result.Orders.Member),
            result.Orders.Member);
        // The lines go out a block of payees at a time: each block's order is placed on a worker
        // (SortedLines.Place) into a buffer of one block's lines, used again once the block is
        // written, and its lines are formatted in parts of at most blockLines lines.
        var sorted = result.Sorted;
        var maxLine = text.MaxLineLength;
        var blockLines = Math.Max(1, (4 << 20) / maxLine);
        var parts = new List<(int Block, int From, int To)>();
        for (var b = 0; b < sorted.Blocks; b++)
        {
            var length = sorted.BlockLength(b);
            for (var from = 0; from < length;)
            {
                var to = from + Math.Min(blockLines, length - from);
                parts.Add((b, from, to));
                from = to;
            }
        }
        var cursors = new int[result.Network.Count];
        var placed = new Task<int[]>?[sorted.Blocks];
        // Placement buffers free again, the writing thread's alone. A block takes one long enough or
        // makes one of its own length, so all of them together hold at most a place per line: never
        // more than one array of every line's place would.
        var spare = new List<int[]>();
        Task<int[]> Placed(int block)
        {
            if (placed[block] is { } placing) return placing;
            var length = sorted.BlockLength(block);
            var free = spare.FindIndex(buffer => buffer.Length >= length);
            var order = free < 0 ? new int[length] : spare[free];
            if (free >= 0) spare.RemoveAt(free);
            return placed[block] = Task.Run(() =>
            {
                sorted.Place(block, cursors, order.AsSpan(0, sorted.BlockLength(block)));
                return order;
            });
        }

        const int Window = 8;
        var buffers = new byte[Math.Min(Window, parts.Count)][];
        var scratches = new PayoutText.Scratch[buffers.Length];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new byte[blockLines * maxLine + PayoutText.Slack];
            scratches[i] = new PayoutText.Scratch();
        }
        var pending = new Task<int>[buffers.Length];
        Task<int> Start(int part)
        {
            var (buffer, scratch) = (buffers[part % buffers.Length], scratches[part % buffers.Length]);
            var (block, from, to) = parts[part];
            return Placed(block).ContinueWith(
                placing => text.Format(result, placing.GetAwaiter().GetResult().AsSpan(from, to - from), buffer, scratch),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        for (var p = 0; p < buffers.Length; p++) pending[p] = Start(p);
        for (var p = 0; p < parts.Count; p++)
        {
            var slot = p % buffers.Length;
            var length = pending[slot].GetAwaiter().GetResult();
            stream.Write(buffers[slot], 0, length);
            var (block, _, to) = parts[p];
            if (to == sorted.BlockLength(block))
            {
                // The block's last part is written, so every part of it is: its order is free.
                spare.Add(placed[block]!.GetAwaiter().GetResult());
                placed[block] = null;
            }
            if (p + buffers.Length < parts.Count) pending[slot] = Start(p + buffers.Length);
        }
    }

    private sealed class PayoutText(EncodedTexts members, EncodedTexts orders, EncodedTexts bonuses, SourcePairs sources, int[] memberOf)
    {
        // payee, bonus, amount (sign and 19 digits and point), order, member, level, 5 commas, newline.
        public int MaxLineLength { get; } = 2 * members.MaxLength + bonuses.MaxLength + 21 + orders.MaxLength + 11 + 6;

        /// <summary>Room a block needs beyond its lines: field copies may write this far past their end.</summary>
        public static int Slack => Math.Max(EncodedTexts.Slack, SourcePairs.CopyLength);

        /// <summary>Lines fetched at a time.</summary>
        private const int Batch = 2048;

        /// <summary>
        /// Where a formatter keeps a batch of lines and their ids' slots, made once per block
        /// buffer: a block allocating its own (128 KB, on the small object heap) made the writing
        /// collect garbage two to eleven times, each stopping the formatters on every core.
        /// </summary>
        public sealed class Scratch
        {
            public PayoutLine[] Lines { get; } = new PayoutLine[Batch];
            public Vector256<byte>[] SourcePairs { get; } = new Vector256<byte>[Batch];
            public Vector128<byte>[] MemberSlots { get; } = new Vector128<byte>[Batch];
        }

        /// <summary>
        /// Formats the lines at <paramref name="positions"/> into <paramref name="into"/>, which holds
        /// <see cref="MaxLineLength"/> bytes per line plus <see cref="Slack"/>; returns the bytes used.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int Format(PeriodResult result, ReadOnlySpan<int> positions, Span<byte> into, Scratch scratch)
        {
            if (into.Length < (long)positions.Length * MaxLineLength + Slack) throw new ArgumentException("The block buffer is too small.", nameof(into));
            // Lines and the ids they name sit at random places in memory. They are fetched a
            // batch at a time in short loops whose loads do not wait for each other, so the
            // processor fetches many at once; the formatting loop then reads them from cache.
            var (lines, pairs, memberSlots) = (scratch.Lines, scratch.SourcePairs, scratch.MemberSlots);
            // Every write below stays inside `into`: a line is at most MaxLineLength bytes, and
            // a field copy writes at most Slack bytes past the line.
            ref var start = ref MemoryMarshal.GetReference(into);
            var used = 0;
            for (var from = 0; from < positions.Length; from += Batch)
            {
                var count = Math.Min(Batch, positions.Length - from);
                result.GatherStored(positions.Slice(from, count), lines);
                for (var i = 0; i < count; i++)
                {
                    var order = lines[i].SourceOrder;
                    if (order >= 0) pairs[i] = sources.Slot(order);
                    else memberSlots[i] = members.Slot(lines[i].SourceMember);
                }
                for (var i = 0; i < count; i++)
                {
                    ref readonly var line = ref lines[i];
                    used += members.CopyTo(line.Payee, ref Unsafe.Add(ref start, used));
                    Unsafe.Add(ref start, used++) = (byte)',';
                    used += bonuses.CopyTo((int)line.Bonus, ref Unsafe.Add(ref start, used));
                    Unsafe.Add(ref start, used++) = (byte)',';
                    used += Utf8CsvWriter.FormatCents(line.Cents, into[used..]);
                    Unsafe.Add(ref start, used++) = (byte)',';
                    if (line.SourceOrder < 0)
                    {
                        Unsafe.Add(ref start, used++) = (byte)',';
                        used += members.CopyTo(line.SourceMember, memberSlots[i], ref Unsafe.Add(ref start, used));
                    }
                    else
                    {
                        var length = SourcePairs.TryCopy(pairs[i], ref Unsafe.Add(ref start, used));
                        if (length >= 0) used += length;
                        else used += CopyLong(line.SourceOrder, into[used..]);
                    }
                    Unsafe.Add(ref start, used++) = (byte)',';
                    used += FormatLevel(line.Level, ref Unsafe.Add(ref start, used));
                    Unsafe.Add(ref start, used++) = (byte)'\n';
                }
            }
            return used;
        }

        /// <summary>The source fields of order <paramref name="order"/>'s line when their pair is too long for a slot.</summary>
        private int CopyLong(int order, Span<byte> into)
        {
            var id = orders[order];
            var member = members[memberOf[order]];
            id.CopyTo(into);
            into[id.Length] = (byte)',';
            member.CopyTo(into[(id.Length + 1)..]);
            return id.Length + 1 + member.Length;
        }

        /// <summary>Writes a level (at most 11 bytes); the usual one to three digits without a formatter.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int FormatLevel(int level, ref byte into)
        {
            switch (level)
            {
                case >= 0 and < 10:
                    into = (byte)('0' + level);
                    return 1;
                case >= 10 and < 100:
                    into = (byte)('0' + level / 10);
                    Unsafe.Add(ref into, 1) = (byte)('0' + level % 10);
                    return 2;
                case >= 100 and < 1000:
                    into = (byte)('0' + level / 100);
                    Unsafe.Add(ref into, 1) = (byte)('0' + level / 10 % 10);
                    Unsafe.Add(ref into, 2) = (byte)('0' + level % 10);
                    return 3;
                default:
                    Utf8Formatter.TryFormat(level, MemoryMarshal.CreateSpan(ref into, 11), out var n);
                    return n;
            }
        }
    }

    /// <summary>members.csv: one line per member in input order.</summary>
    public static void WriteMembers(PeriodResult result, Stream stream) => WriteMembers(result, stream, EncodedTexts.Of(result.Network.Ids));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteMembers(PeriodResult result, Stream stream, EncodedTexts ids)
    {
        var network = result.Network;
        var ranks = EncodedTexts.Of(result.Plan.Ranks.Select(r => r.Name).ToArray());
        using var csv = new Utf8CsvWriter(stream);
        csv.Field("id,pv,gv,active,rank,highest_rank,carry_left,carry_right,earnings"u8);
        csv.EndLine();
        for (var m = 0; m < network.Count; m++)
        {
            csv.Field(ids[m]);
            csv.Volume(result.Pv[m]);
            csv.Volume(result.Gv[m]);
            csv.Field(result.Active[m] ? "true"u8 : "false"u8);
            csv.Field(ranks[result.Rank[m]]);
            csv.Field(ranks[result.HighestRank[m]]);
            csv.Volume(result.CarryLeft[m]);
            csv.Volume(result.CarryRight[m]);
            csv.Cents(result.EarningsCents[m]);
            csv.EndLine();
        }
    }

    /// <summary>
    /// summary.json, laid out as a two-space-indented JSON object: counts as numbers,
    /// amounts and volumes as strings (exact decimals), bonus totals by name, rank counts
    /// in the order ranks first appear in the members file.
    /// </summary>
    public static void WriteSummary(PeriodResult result, Stream stream)
    {
        var totalPayout = result.TotalPayoutCents / 100m;
        var byBonus = Enum.GetValues<BonusType>()
            .Where(t => result.ByBonusLines[(int)t] > 0)
            .Select(t => (BonusNames.Of(t), DecimalText.Money(result.ByBonusCents[(int)t])))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();

        var rankCounts = new int[result.Plan.Ranks.Count];
        var firstSeen = new List<int>();
        foreach (var r in result.Rank)
        {
            if (rankCounts[r]++ == 0) firstSeen.Add(r);
        }

        var json = new StringBuilder();
        json.Append("{\n");
        Member(json, "members", result.Network.Count.ToString(CultureInfo.InvariantCulture), last: false);
        Member(json, "active_members", result.ActiveMembers.ToString(CultureInfo.InvariantCulture), last: false);
        Member(json, "total_pv", Quote(DecimalText.Volume(result.TotalPv)), last: false);
        Member(json, "total_cv", Quote(DecimalText.Volume(result.TotalCv)), last: false);
        Member(json, "total_payout", Quote(DecimalText.Money(result.TotalPayoutCents)), last: false);
        Member(json, "payout_ratio", Quote(DecimalText.Quotient(totalPayout, result.TotalCv)), last: false);
        Member(json, "by_bonus", Object(byBonus.Select(p => (p.Item1, Quote(p.Item2))).ToList()), last: false);
        Member(json, "ranks", Object(firstSeen.Select(r => (result.Plan.Ranks[r].Name, rankCounts[r].ToString(CultureInfo.InvariantCulture))).ToList()), last: true);
        json.Append('}');
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        stream.Write(bytes);
    }

    private static void Member(StringBuilder json, string name, string value, bool last) =>
        json.Append("  ").Append(Quote(name)).Append(": ").Append(value).Append(last ? "\n" : ",\n");

    private static string Object(List<(string Name, string Value)> members)
    {
        if (members.Count == 0) return "{}";
        var sb = new StringBuilder("{\n");
        for (var i = 0; i < members.Count; i++)
        {
            sb.Append("    ").Append(Quote(members[i].Name)).Append(": ").Append(members[i].Value);
            sb.Append(i == members.Count - 1 ? "\n" : ",\n");
        }
        return sb.Append("  }").ToString();
    }

    /// <summary>A JSON string with every non-ASCII character escaped, so the file is plain ASCII.</summary>
    private static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
