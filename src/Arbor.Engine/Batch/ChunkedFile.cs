using Arbor.Engine.Runtime;
using Microsoft.Win32.SafeHandles;

namespace Arbor.Engine.Batch;

/// <summary>
/// Reads a large batch file on every core: the rows after the header are cut into chunks at
/// line ends, each chunk is read from the file like a file of its own (its line numbers
/// continuing the file's), and the chunks' rows and errors are joined in file order — the same
/// result as reading it from start to end. Chunks are read straight from the file, so the file
/// is never held in memory as a whole. A file with a quote character is not cut, since a quoted
/// field may hold a line break; nor is a file without a usable header on its first line (the
/// plain reader says what is wrong with it).
/// </summary>
internal static class ChunkedFile
{
    /// <summary>Below this size one core reads a file faster than two can split it.</summary>
    public const long ParallelFrom = 8 << 20;

    private const int Window = 1 << 20;

    /// <summary>True when <paramref name="stream"/> is worth cutting into chunks.</summary>
    public static bool IsLarge(FileStream stream, long from = ParallelFrom) => stream.Length >= from && Cores.Parts >= 2;

    /// <summary>
    /// Reads the file in chunks with <paramref name="readBody"/>, each into its part of
    /// <paramref name="newParts"/> (made from every chunk's first row and line count: a chunk
    /// holds at most that many rows). Returns the parts in file order, or null when the file
    /// cannot be cut.
    /// </summary>
    /// <exception cref="InputException">Errors in any chunk, reported as one read would.</exception>
    public static TPart[]? Read<TPart>(FileStream file, string fileName, string[] required, string[] optional,
        Func<IReadOnlyList<(int FirstRow, int Lines)>, TPart[]> newParts, Action<CsvReader, Header, ErrorList, TPart> readBody)
    {
        var handle = file.SafeFileHandle;
        var length = file.Length;
        var bodyStart = LineEnd(handle, 0, length);
        if (bodyStart < 0) return null;
        var errors = new ErrorList(fileName);
        Header? header;
        using (var headerReader = new CsvReader(new RangeStream(handle, 0, bodyStart)))
        {
            header = Header.Read(headerReader, errors, required, optional);
            if (header is null || headerReader.Line != 1) return null;
        }

        // Cut at line ends, then count each chunk's lines (and look for quotes) on every core.
        var chunks = Cores.Parts * 2;
        var cuts = new List<long> { bodyStart };
        for (var k = 1; k < chunks; k++)
        {
            var cut = LineEnd(handle, Math.Max(cuts[^1], bodyStart + (length - bodyStart) * k / chunks), length);
            if (cut < 0 || cut >= length) break;
            if (cut > cuts[^1]) cuts.Add(cut);
        }
        cuts.Add(length);
        var count = cuts.Count - 1;
        var lines = new int[count];
        var quoted = new bool[count];
        WorkerExceptions.Unwrapped(() => Parallel.For(0, count, i => (lines[i], quoted[i]) = Scan(handle, cuts[i], cuts[i + 1])));
        if (quoted.Any(q => q) || Scan(handle, 0, bodyStart).Quoted) return null;

        var rows = new List<(int FirstRow, int Lines)>();
        var firstLines = new int[count];
        var firstLine = 2;
        // A last line without a line break still holds a row. Counted only when there is one,
        // so that a file without blank lines fills its parts exactly (a reader whose parts are
        // not full copies them closer together).
        var openLastLine = LastByte(handle, length) != '\n' ? 1 : 0;
        for (var i = 0; i < count; i++)
        {
            var rowsAtMost = lines[i] + (i == count - 1 ? openLastLine : 0);
            rows.Add((rows.Count == 0 ? 0 : rows[^1].FirstRow + rows[^1].Lines, rowsAtMost));
            firstLines[i] = firstLine;
            firstLine += lines[i];
        }
        var builders = newParts(rows);
        var parts = new (ErrorList Errors, bool Broken)[count];
        WorkerExceptions.Unwrapped(() => Parallel.For(0, count, i =>
        {
            var chunkErrors = new ErrorList(fileName);
            var broken = false;
            using var csv = new CsvReader(new RangeStream(handle, cuts[i], cuts[i + 1]), firstLines[i]);
            try
            {
                readBody(csv, header, chunkErrors, builders[i]);
            }
            catch (CsvFormatException e)
            {
                chunkErrors.Add(e.Line, e.Message);
                broken = true;
            }
            parts[i] = (chunkErrors, broken);
        }));
        foreach (var (chunkErrors, broken) in parts)
        {
            errors.AddRange(chunkErrors);
            if (broken) break; // reading from start to end stops at the first broken record, too
        }
        errors.ThrowIfAny();
        return builders;
    }

    /// <summary>The number of line breaks in <paramref name="file"/> (read from the page cache; its position is left alone).</summary>
    public static int LineBreaks(FileStream file) => Scan(file.SafeFileHandle, 0, file.Length, stopAtQuote: false).Lines;

    /// <summary>The last byte of a file of <paramref name="length"/> bytes (more than none).</summary>
    private static int LastByte(SafeFileHandle handle, long length)
    {
        Span<byte> last = stackalloc byte[1];
        return RandomAccess.Read(handle, last, length - 1) == 1 ? last[0] : -1;
    }

    /// <summary>The position just past the first line break at or after <paramref name="from"/>, or -1 when there is none.</summary>
    private static long LineEnd(SafeFileHandle handle, long from, long length)
    {
        var buffer = new byte[64 << 10];
        for (var at = from; at < length;)
        {
            var n = RandomAccess.Read(handle, buffer, at);
            if (n <= 0) return -1;
            var i = buffer.AsSpan(0, n).IndexOf((byte)'\n');
            if (i >= 0) return at + i + 1;
            at += n;
        }
        return -1;
    }

    /// <summary>The line breaks between <paramref name="start"/> and <paramref name="end"/>, and whether a quote is among the bytes.</summary>
    private static (int Lines, bool Quoted) Scan(SafeFileHandle handle, long start, long end, bool stopAtQuote = true)
    {
        var buffer = new byte[Math.Clamp(end - start, 1, Window)];
        var lines = 0;
        for (var at = start; at < end;)
        {
            var n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - at)), at);
            if (n <= 0) break;
            var span = buffer.AsSpan(0, n);
            if (stopAtQuote && span.IndexOf((byte)'"') >= 0) return (lines, true);
            lines += span.Count((byte)'\n');
            at += n;
        }
        return (lines, false);
    }

    /// <summary>A read-only stream over bytes <c>[start, end)</c> of a file, read at their offsets.</summary>
    private sealed class RangeStream(SafeFileHandle handle, long start, long end) : Stream
    {
        private readonly long _start = start;
        private long _position = start;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => end - _start;
        public override long Position { get => _position - _start; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, end - _position)], _position);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // The file handle belongs to the caller.
        protected override void Dispose(bool disposing) => base.Dispose(disposing);
    }
}
