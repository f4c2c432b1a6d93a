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
    /// Reads <paramref name="bytes"/> in chunks with <paramref name="readBody"/>, each into a
    /// builder made by <paramref name="newBuilder"/> (given the chunk's line count), and joins the
    /// builders in order with <paramref name="join"/>. Null when the file cannot be cut.
    /// </summary>
    /// <exception cref="InputException">Errors in any chunk, reported as one read would.</exception>
    public static TBuilder? Read<TBuilder>(byte[] bytes, string fileName, string[] required, string[] optional,
        Func<int, TBuilder> newBuilder, Action<CsvReader, Header, ErrorList, TBuilder> readBody, Action<TBuilder, TBuilder> join)
        where TBuilder : class
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
        var parts = new (ErrorList Errors, TBuilder Builder, bool Broken)[bounds.Count];
        Parallel.For(0, bounds.Count, i =>
        {
            var (start, end, line, lines) = bounds[i];
            var chunkErrors = new ErrorList(fileName);
            var builder = newBuilder(lines + 1);
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
            parts[i] = (chunkErrors, builder, broken);
        });
        var all = newBuilder(0);
        foreach (var (chunkErrors, builder, broken) in parts)
        {
            errors.AddRange(chunkErrors);
            join(all, builder);
            if (broken) break; // reading from start to end stops at the first broken record, too
        }
        errors.ThrowIfAny();
        return all;
    }
}
