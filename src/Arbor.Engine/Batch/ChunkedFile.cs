namespace Arbor.Engine.Batch;

/// <summary>
/// Reads a large batch file on every core: the rows after the header are cut into chunks at
/// line ends, each chunk is read like a file of its own (its line numbers continuing the
/// file's), and the chunks' rows and errors are joined in file order — the same result as
/// reading it from start to end. A file with a quote character is not cut, since a quoted field
/// may hold a line break; nor is a file without a usable header on its first line (the plain
/// reader says what is wrong with it).
/// </summary>
internal static class ChunkedFile
{
    /// <summary>Below this size one core reads a file faster than two can split it.</summary>
    public const long ParallelFrom = 8 << 20;

    /// <summary>The whole file when it is worth cutting into chunks, else null (read the stream as usual).</summary>
    public static byte[]? LoadIfLarge(FileStream stream)
    {
        if (stream.Length < ParallelFrom || Environment.ProcessorCount < 2) return null;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Reads <paramref name="bytes"/> in chunks with <paramref name="readBody"/>, each into its
    /// part of <paramref name="newParts"/> (made from every chunk's first row and line count: a
    /// chunk holds at most that many rows). Returns the parts in file order, or null when the
    /// file cannot be cut.
    /// </summary>
    /// <exception cref="InputException">Errors in any chunk, reported as one read would.</exception>
    public static TPart[]? Read<TPart>(byte[] bytes, string fileName, string[] required, string[] optional,
        Func<IReadOnlyList<(int FirstRow, int Lines)>, TPart[]> newParts, Action<CsvReader, Header, ErrorList, TPart> readBody)
    {
        if (bytes.AsSpan().IndexOf((byte)'"') >= 0) return null;
        var errors = new ErrorList(fileName);
        Header? header;
        using (var headerReader = new CsvReader(new MemoryStream(bytes, writable: false)))
        {
            header = Header.Read(headerReader, errors, required, optional);
            if (header is null || headerReader.Line != 1) return null;
        }
        var headerEnd = bytes.AsSpan().IndexOf((byte)'\n');
        if (headerEnd < 0) return null;

        var bodyStart = headerEnd + 1;
        var firstLine = 2;
        var chunks = Environment.ProcessorCount * 2;
        var bounds = new List<(int Start, int End, int Line, int Lines)>();
        for (var start = bodyStart; start < bytes.Length;)
        {
            var end = Math.Min(bytes.Length, start + Math.Max(1, (bytes.Length - bodyStart) / chunks));
            var newline = end >= bytes.Length ? -1 : bytes.AsSpan(end).IndexOf((byte)'\n');
            end = newline < 0 ? bytes.Length : end + newline + 1;
            var lines = bytes.AsSpan(start, end - start).Count((byte)'\n');
            bounds.Add((start, end, firstLine, lines));
            firstLine += lines;
            start = end;
        }
        var rows = new List<(int FirstRow, int Lines)>();
        foreach (var b in bounds) rows.Add((rows.Count == 0 ? 0 : rows[^1].FirstRow + rows[^1].Lines, b.Lines + 1));
        var builders = newParts(rows);
        var parts = new (ErrorList Errors, bool Broken)[bounds.Count];
        Parallel.For(0, bounds.Count, i =>
        {
            var (start, end, line, _) = bounds[i];
            var chunkErrors = new ErrorList(fileName);
            var builder = builders[i];
            var broken = false;
            using var csv = new CsvReader(new MemoryStream(bytes, start, end - start, writable: false), line);
            try
            {
                readBody(csv, header, chunkErrors, builder);
            }
            catch (CsvFormatException e)
            {
                chunkErrors.Add(e.Line, e.Message);
                broken = true;
            }
            parts[i] = (chunkErrors, broken);
        });
        foreach (var (chunkErrors, broken) in parts)
        {
            errors.AddRange(chunkErrors);
            if (broken) break; // reading from start to end stops at the first broken record, too
        }
        errors.ThrowIfAny();
        return builders;
    }
}
