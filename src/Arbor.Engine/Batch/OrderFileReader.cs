using System.Runtime.CompilerServices;
using System.Text;
using Arbor.Engine.Model;

namespace Arbor.Engine.Batch;

/// <summary>Reads <c>orders.csv</c> (contract section 2) into an <see cref="OrderBook"/>.</summary>
public static class OrderFileReader
{
    private static readonly string[] Required = ["id", "date", "member_id", "kind", "pv", "cv"];
    // customer_id: Arbor's extension of the contract's file (decision 18), for plans that count retail customers.
    private static readonly string[] Optional = ["amount", "wholesale", "original_id", "customer_id"];

    /// <summary>Reads the orders file at <paramref name="path"/>; errors name the path as given.</summary>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static OrderBook ReadFile(string path, Network network, string membersFileName = "members.csv")
    {
        using var stream = BatchFile.Open(path);
        if (!ChunkedFile.IsLarge(stream)) return Read(stream, path, network, membersFileName);
        network.IndexOfUtf8([]); // build the id index once, before the chunks share it
        // Members named by number (M0 … M999999) are looked up once every chunk is read, all at
        // once. A file with errors, or with a number that names no member, is read again
        // looking each member up as its row is read, so that its errors are the usual ones.
        if (network.NumberedIds is { } numbered)
        {
            try
            {
                var (book, cut) = ReadChunks(stream, path, network, membersFileName, numbered);
                if (book is not null) return book;
                if (!cut) return ReadFromStart(stream, path, network, membersFileName);
            }
            catch (InputException)
            {
            }
        }
        return ReadChunks(stream, path, network, membersFileName, null).Book ?? ReadFromStart(stream, path, network, membersFileName);
    }

    private static OrderBook ReadFromStart(FileStream stream, string path, Network network, string membersFileName)
    {
        stream.Seek(0, SeekOrigin.Begin);
        return Read(stream, path, network, membersFileName);
    }

    /// <summary>
    /// Reads a large file in chunks on every core; the book is null when the file cannot be cut
    /// (<c>Cut</c> false) or when a number of <paramref name="numbered"/> named no member.
    /// </summary>
    private static (OrderBook? Book, bool Cut) ReadChunks(FileStream stream, string path, Network network, string membersFileName, Utf8IdIndex? numbered)
    {
        // Each chunk writes its orders straight into its place in one book, sized by line count;
        // blank lines (rows fewer than lines) leave gaps, closed afterwards.
        OrderBook? book = null;
        var ranges = ChunkedFile.Read<OrderBookRange>(stream, path, Required, Optional,
            chunks =>
            {
                book = new OrderBook(chunks.Sum(c => c.Lines));
                return [.. chunks.Select(c => new OrderBookRange(book, c.FirstRow, c.Lines))];
            },
            (csv, header, errors, range) => ReadBody(csv, header, errors, range, network, membersFileName, numbered));
        if (ranges is null) return (null, false);
        var filled = ranges.Select(r => (r.Start, r.Count)).ToList();
        if (numbered is not null && !MembersOfNumbers(book!.Member, filled, numbered)) return (null, true);
        var full = filled.Sum(r => r.Count) == book!.Count;
        // Only read rows have ids, so the chunks' ids in order are already the compacted book's.
        // Gaps hold no orders, so the parts' retail amounts and originals are the compacted book's too.
        return ((full ? book : book.Compact(filled)).Finish(path, IdList.Concat([.. ranges.Select(r => r.Ids)]),
            new([.. ranges.Select(r => r.Retail)]), new([.. ranges.Select(r => r.Originals)])), true);
    }

    /// <summary>Turns the members' numbers in the <paramref name="filled"/> parts of <paramref name="member"/> into members, on every core; false when one names no member.</summary>
    private static bool MembersOfNumbers(int[] member, List<(int Start, int Count)> filled, Utf8IdIndex numbered)
    {
        const int Part = 1 << 16;
        var parts = filled.SelectMany(r => Enumerable.Range(0, (r.Count + Part - 1) / Part)
            .Select(k => (Start: r.Start + k * Part, Count: Math.Min(Part, r.Count - k * Part)))).ToArray();
        var found = new bool[parts.Length];
        Parallel.For(0, parts.Length, p => found[p] = numbered.MembersOfNumbers(member.AsSpan(parts[p].Start, parts[p].Count)));
        return found.All(f => f);
    }

    /// <summary>Reads an orders file from <paramref name="stream"/>; <paramref name="fileName"/> is used in errors.</summary>
    /// <exception cref="InputException">The file is invalid.</exception>
    public static OrderBook Read(Stream stream, string fileName, Network network, string membersFileName = "members.csv")
    {
        var errors = new ErrorList(fileName);
        var builder = new OrderBookBuilder();
        using (var csv = new CsvReader(stream))
        {
            try
            {
                ReadRows(csv, errors, builder, network, membersFileName);
            }
            catch (CsvFormatException e)
            {
                errors.Add(e.Line, e.Message);
            }
        }
        errors.ThrowIfAny();
        return builder.Build(fileName);
    }

    private static void ReadRows(CsvReader csv, ErrorList errors, IOrderRows builder, Network network, string membersFileName)
    {
        var header = Header.Read(csv, errors, Required, Optional);
        if (header is null) return;
        ReadBody(csv, header, errors, builder, network, membersFileName, null);
    }

    /// <summary>
    /// Reads the rows into <paramref name="builder"/>. With <paramref name="numbered"/>, the
    /// network's ids indexed by number, each row's member is given as its number, to be looked
    /// up later (<see cref="Utf8IdIndex.MembersOfNumbers"/>): an id not of that form is reported
    /// at once, a number that names no member only then.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadBody(CsvReader csv, Header header, ErrorList errors, IOrderRows builder, Network network, string membersFileName, Utf8IdIndex? numbered)
    {
        int id = header["id"], date = header["date"], member = header["member_id"], kind = header["kind"],
            pv = header["pv"], cv = header["cv"], amount = header["amount"], wholesale = header["wholesale"],
            original = header["original_id"], customer = header["customer_id"];
        var row = new RowParser(csv, errors);
        // Ids stay UTF-8; only a message makes one a string.
        static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

        while (csv.Read() && !errors.Full)
        {
            if (!row.CheckWidth(header.Count)) continue;
            var orderId = row.RequiredField(id, "id");
            var orderDate = row.RequiredDate(date, "date");

            var memberIndex = -1;
            var memberField = csv.Field(member);
            if (memberField.Length == 0) row.Error("'member_id' is empty");
            else
            {
                memberIndex = numbered is null ? network.IndexOfUtf8(memberField) : numbered.NumberOf(memberField);
                // Bytes that are not UTF-8 were read as U+FFFD in the members file too: look them up the same way.
                if (memberIndex < 0 && !System.Text.Unicode.Utf8.IsValid(memberField))
                {
                    var asRead = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(memberField));
                    memberIndex = numbered is null ? network.IndexOfUtf8(asRead) : numbered.NumberOf(asRead);
                }
                if (memberIndex < 0)
                {
                    row.Error($"member_id '{Encoding.UTF8.GetString(memberField)}' of order '{Text(orderId)}' does not name any member in {membersFileName}");
                }
            }

            var orderKind = OrderKind.Personal;
            var k = csv.Field(kind);
            if (k.SequenceEqual("personal"u8)) orderKind = OrderKind.Personal;
            else if (k.SequenceEqual("retail"u8)) orderKind = OrderKind.Retail;
            else if (k.SequenceEqual("return"u8)) orderKind = OrderKind.Return;
            else row.Error($"kind must be 'personal', 'retail' or 'return', not '{Encoding.UTF8.GetString(k)}'");

            var orderPv = row.RequiredDecimal(pv, "pv");
            var orderCv = row.RequiredDecimal(cv, "cv");
            if (orderKind == OrderKind.Return && (orderPv > 0 || orderCv > 0))
            {
                row.Error($"return '{Text(orderId)}' has a positive volume (pv {Encoding.UTF8.GetString(csv.Field(pv))}, cv {Encoding.UTF8.GetString(csv.Field(cv))}); a return's pv and cv must be zero or negative");
            }

            decimal paid = 0, memberPrice = 0;
            if (orderKind == OrderKind.Retail)
            {
                var a = row.NullableDecimal(amount, "amount");
                var w = row.NullableDecimal(wholesale, "wholesale");
                if (a is null || w is null)
                {
                    row.Error($"retail order '{Text(orderId)}' needs both 'amount' (what the customer paid) and 'wholesale' (the member price)");
                }
                paid = a ?? 0;
                memberPrice = w ?? 0;
            }
            var originalId = orderKind == OrderKind.Return ? row.OptionalText(original) : null;
            string? customerId = null;
            if (customer >= 0 && csv.Field(customer).Length > 0)
            {
                // Only a retail order has a customer: on another kind the column is a mistake, not a detail to ignore.
                if (orderKind == OrderKind.Retail) customerId = row.OptionalText(customer);
                else if (row.Ok) row.Error($"{Encoding.UTF8.GetString(k)} order '{Text(orderId)}' has a customer_id ('{Encoding.UTF8.GetString(csv.Field(customer))}'); only retail orders have a customer");
            }

            if (row.Ok)
            {
                builder.Add(csv.Line, orderId, orderDate, memberIndex, orderKind, orderPv, orderCv, paid, memberPrice, originalId, customerId);
            }
        }
    }
}
