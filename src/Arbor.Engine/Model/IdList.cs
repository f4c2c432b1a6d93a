using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Arbor.Engine.Model;

/// <summary>
/// Ids as UTF-8 in one block of bytes, back to back, with where each starts: millions of ids
/// are then two arrays rather than millions of strings for the collector to trace and move,
/// and the output files copy their bytes as they are. An id is made a string only when asked
/// (<see cref="this[int]"/>), for messages and for callers that work with strings.
/// </summary>
/// <remarks>
/// Ids are kept as valid UTF-8: bytes that are not are stored as U+FFFD, exactly as decoding
/// them to a string would, so an id reads back the same either way.
/// </remarks>
public sealed class IdList : IReadOnlyList<string>
{
    private readonly byte[] _bytes;
    private readonly int[] _starts; // Count + 1: id i is _bytes[_starts[i].._starts[i + 1]]

    private IdList(byte[] bytes, int[] starts)
    {
        _bytes = bytes;
        _starts = starts;
    }

    /// <summary>No ids.</summary>
    public static IdList Empty { get; } = new([], [0]);

    /// <summary>Number of ids.</summary>
    public int Count => _starts.Length - 1;

    /// <summary>Id <paramref name="index"/> as a new string.</summary>
    public string this[int index] => Encoding.UTF8.GetString(Utf8(index));

    /// <summary>Id <paramref name="index"/> as UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Utf8(int index) => _bytes.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>The arrays themselves, not to be written: every id back to back as UTF-8, and where each starts (and after the last, where it ends).</summary>
    internal (byte[] Bytes, int[] Starts) Block => (_bytes, _starts);

    /// <summary>The ids of <paramref name="ids"/>, in order.</summary>
    public static IdList Of(IEnumerable<string> ids)
    {
        var builder = new Builder();
        foreach (var id in ids) builder.Add(id);
        return builder.ToList();
    }

    /// <summary>The ids of every builder of <paramref name="parts"/>, one after another.</summary>
    internal static IdList Concat(IReadOnlyList<Builder> parts)
    {
        var count = 0;
        var length = 0;
        foreach (var part in parts)
        {
            count += part.Count;
            length = checked(length + part.Length);
        }
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        var starts = new int[count + 1];
        int at = 0, id = 0;
        foreach (var part in parts)
        {
            part.CopyTo(bytes.AsSpan(at), starts.AsSpan(id), at);
            at += part.Length;
            id += part.Count;
        }
        starts[count] = at;
        return new IdList(bytes, starts);
    }

    /// <summary>
    /// Compares ids <paramref name="a"/> and <paramref name="b"/> as
    /// <see cref="string.CompareOrdinal(string, string)"/> compares them as strings (by UTF-16
    /// code unit), without making strings: the sign of the result is what counts.
    /// </summary>
    public int CompareOrdinal(int a, int b) => CompareOrdinal(Utf8(a), Utf8(b));

    /// <summary>Two valid UTF-8 texts in the order of their UTF-16 code units.</summary>
    internal static int CompareOrdinal(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var at = x.CommonPrefixLength(y);
        if (at == x.Length || at == y.Length) return x.Length.CompareTo(y.Length);
        // Bytes order UTF-8 by code point; UTF-16 puts the surrogates of code points past U+FFFF
        // (lead bytes F0–F4) before U+E000–U+FFFF (lead bytes EE, EF). Equal bytes before
        // `at` mean both texts start a code point at the same place, so these are lead bytes.
        int p = x[at], q = y[at];
        if (p >= 0xF0 && q is 0xEE or 0xEF) return -1;
        if (q >= 0xF0 && p is 0xEE or 0xEF) return 1;
        return p - q;
    }

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Collects ids one after another, each as UTF-8.</summary>
    internal sealed class Builder
    {
        private byte[] _bytes = new byte[4096];
        private int[] _starts = new int[256];

        /// <summary>Ids added.</summary>
        public int Count { get; private set; }

        /// <summary>Their bytes.</summary>
        public int Length { get; private set; }

        /// <summary>Adds an id given as UTF-8; bytes that are not valid UTF-8 are stored as U+FFFD.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<byte> utf8)
        {
            if (!System.Text.Unicode.Utf8.IsValid(utf8))
            {
                Add(Encoding.UTF8.GetString(utf8));
                return;
            }
            if (Count == _starts.Length) Array.Resize(ref _starts, _starts.Length * 2);
            if (_bytes.Length - Length < utf8.Length) Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(_bytes.Length * 2L, (long)Length + utf8.Length)));
            _starts[Count++] = Length;
            utf8.CopyTo(_bytes.AsSpan(Length));
            Length += utf8.Length;
        }

        /// <summary>Adds an id given as a string.</summary>
        public void Add(string id)
        {
            Span<byte> buffer = stackalloc byte[256];
            var length = Encoding.UTF8.GetByteCount(id);
            var bytes = length <= buffer.Length ? buffer[..length] : new byte[length];
            Encoding.UTF8.GetBytes(id, bytes);
            Add(bytes);
        }

        /// <summary>The ids added so far.</summary>
        public IdList ToList() => Concat([this]);

        /// <summary>Copies the bytes into <paramref name="bytes"/> and the starts, each plus <paramref name="offset"/>, into <paramref name="starts"/>.</summary>
        public void CopyTo(Span<byte> bytes, Span<int> starts, int offset)
        {
            _bytes.AsSpan(0, Length).CopyTo(bytes);
            for (var i = 0; i < Count; i++) starts[i] = _starts[i] + offset;
        }
    }
}
