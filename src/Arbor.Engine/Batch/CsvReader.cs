using System.Runtime.CompilerServices;
using System.Text;

namespace Arbor.Engine.Batch;

/// <summary>
/// A forward-only RFC 4180 reader over UTF-8 bytes, built for files of millions of rows:
/// fields are handed out as byte spans into one reusable buffer, and a quoted field is
/// unescaped in place. Line numbers count physical lines (a quoted line break counts).
/// </summary>
internal sealed class CsvReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;     // first unread byte
    private int _end;       // one past the last byte read from the stream
    private bool _eof;
    private int _nextLine = 1;
    private readonly List<(int Start, int Length)> _fields = new(16);

    /// <param name="firstLine">The line number of the stream's first line (a chunk of a larger file starts later).</param>
    public CsvReader(Stream stream, int firstLine = 1)
    {
        _stream = stream;
        // A small file gets a small buffer: short inputs read by the thousand (tests, services) leave less to collect.
        _buffer = new byte[stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 4096, 1 << 20) : 1 << 20];
        _nextLine = firstLine;
        Fill();
        // Skip a UTF-8 byte order mark at the start of a file (not of a chunk inside one).
        if (firstLine == 1 && _end - _start >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
    }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public int Line { get; private set; }

    /// <summary>Number of fields of the current record.</summary>
    public int FieldCount => _fields.Count;

    /// <summary>The raw (unescaped) bytes of field <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int i)
    {
        var (start, length) = _fields[i];
        return _buffer.AsSpan(start, length);
    }

    /// <summary>Field <paramref name="i"/> as text.</summary>
    public string Text(int i) => Encoding.UTF8.GetString(Field(i));

    /// <summary>
    /// Reads the next record, skipping blank lines. False at the end of the input.
    /// </summary>
    /// <exception cref="CsvFormatException">Broken quoting.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        while (true)
        {
            var recordEnd = FindRecordEnd(out var lines);
            if (recordEnd < 0) return false;
            Line = _nextLine;
            _nextLine += lines;
            var contentEnd = recordEnd;
            if (contentEnd > _start && _buffer[contentEnd - 1] == (byte)'\n') contentEnd--;
            if (contentEnd > _start && _buffer[contentEnd - 1] == (byte)'\r') contentEnd--;
            var blank = contentEnd == _start;
            if (Line > InputRanges.FileLines) throw new CsvFormatException(Line, $"the file has more than {InputRanges.FileLines} lines, the most the engine reads");
            if (!blank)
            {
                CheckControls(_buffer.AsSpan(_start, contentEnd - _start));
                SplitFields(_start, contentEnd);
            }
            _start = recordEnd;
            if (!blank) return true;
        }
    }

    /// <summary>Index one past the record's line break (or the end of input), reading more as needed; -1 at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindRecordEnd(out int lines)
    {
        var scanFrom = _start;
        var inQuotes = false;
        lines = 1;
        while (true)
        {
            var span = _buffer.AsSpan(scanFrom, _end - scanFrom);
            while (true)
            {
                var i = span.IndexOfAny((byte)'"', (byte)'\n');
                if (i < 0) break;
                var at = scanFrom + i;
                if (_buffer[at] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                }
                else if (inQuotes)
                {
                    lines++;
                }
                else
                {
                    return at + 1;
                }
                scanFrom = at + 1;
                span = _buffer.AsSpan(scanFrom, _end - scanFrom);
            }
            scanFrom = _end;
            if (_eof)
            {
                if (_start == _end) return -1;
                if (inQuotes) throw new CsvFormatException(_nextLine, "a quote is never closed: a quoted field without its closing quote, or a lone quote in a field");
                return _end;
            }
            var consumed = _start;
            Fill();
            scanFrom -= consumed - _start;
        }
    }

    /// <summary>Moves unread bytes to the front (growing the buffer if a record fills it) and reads more.</summary>
    private void Fill()
    {
        var remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _start = 0;
            _end = remaining;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        while (_end < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                return;
            }
            _end += n;
        }
    }

    /// <summary>
    /// Refuses control characters (C0 and DEL) in a record: no field of the contract holds one, and
    /// they would reach the outputs unseen. Line breaks inside a quoted field are text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckControls(ReadOnlySpan<byte> record)
    {
        // Printable ASCII passes in one vectorized scan; other bytes (UTF-8 text among them) are looked at one by one.
        if (record.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0) return;
        var quoted = false;
        var line = Line;
        foreach (var b in record)
        {
            if (b == (byte)'"') quoted = !quoted;
            else if (b == (byte)'\n' && quoted) line++;
            else if (b == (byte)'\r' && quoted) continue;
            else if (b is < 0x20 or 0x7F) throw new CsvFormatException(line, $"a control character (byte 0x{b:X2}) in a field; fields are text without control characters");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SplitFields(int start, int end)
    {
        _fields.Clear();
        var pos = start;
        while (true)
        {
            if (pos < end && _buffer[pos] == (byte)'"')
            {
                // Quoted: unescape "" into " in place; the field must end at a comma or the record's end.
                var write = pos;
                var read = pos + 1;
                while (true)
                {
                    if (read >= end) throw new CsvFormatException(Line, "a quote is never closed: a quoted field without its closing quote, or a lone quote in a field");
                    var b = _buffer[read];
                    if (b == (byte)'"')
                    {
                        if (read + 1 < end && _buffer[read + 1] == (byte)'"')
                        {
                            _buffer[write++] = (byte)'"';
                            read += 2;
                            continue;
                        }
                        read++;
                        break;
                    }
                    _buffer[write++] = b;
                    read++;
                }
                _fields.Add((pos, write - pos));
                if (read == end) return;
                if (_buffer[read] != (byte)',') throw new CsvFormatException(Line, "text after the closing quote of a field (a quote inside a quoted field must be doubled)");
                pos = read + 1;
                if (pos == end)
                {
                    _fields.Add((pos, 0));
                    return;
                }
            }
            else
            {
                var rest = _buffer.AsSpan(pos, end - pos);
                var comma = rest.IndexOf((byte)',');
                var length = comma < 0 ? rest.Length : comma;
                if (rest[..length].IndexOf((byte)'"') >= 0) throw new CsvFormatException(Line, "a quote inside an unquoted field (quote the whole field and double the quote)");
                _fields.Add((pos, length));
                if (comma < 0) return;
                pos += comma + 1;
                if (pos == end)
                {
                    _fields.Add((pos, 0));
                    return;
                }
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Broken CSV quoting at a line.</summary>
internal sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
