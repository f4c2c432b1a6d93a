using System.Runtime.CompilerServices;

namespace Arbor.Engine.Model;

/// <summary>
/// Finds a member number from an id as UTF-8 bytes, the way the orders file holds it: no
/// string, no UTF-16 conversion per lookup. Open addressing over a power-of-two table whose
/// slots hold a hash and the member number side by side; ids of up to 15 bytes are also kept
/// in 16-byte keys with their length in the last byte, so that a lookup usually reads two
/// places in memory.
/// </summary>
/// <remarks>
/// Ids as exports write them, one prefix and a number (<c>M0</c> … <c>M999999</c>, or
/// <c>M0000000</c> … of one width), are indexed by their number instead: a table from number
/// to member, one place in memory per lookup and no hash. That needs every id to be the
/// prefix and at most nine digits, the numbers below four times the count (plus 1,024), and
/// the digits either never starting with a zero (save <c>0</c> itself) or all of one width,
/// so that a number names one id only.
/// </remarks>
internal sealed class Utf8IdIndex
{
    private const int KeySize = 16;
    private const byte Long = 0xFF; // in a key's last byte: the id is longer than 15 bytes
    private readonly ulong[] _slots; // (hash << 32) | (member + 1); 0 is empty
    private readonly int _mask;
    private readonly byte[] _keys; // per member: the id padded with zeros when it fits, its length last
    private readonly int[] _lengths; // per member: the id's length in bytes (read for long ids only)
    private readonly byte[] _long; // ids longer than a key, back to back
    private readonly int[] _longStart; // per member: where its id starts in _long, when long
    private readonly int[]? _byNumber; // when ids are numbered: per number, its member or -1
    private readonly byte[] _prefix = []; // when numbered: what every id starts with
    private readonly int _width; // when numbered: the digits' one width, or 0 when none starts with a zero

    /// <summary>
    /// Indexes <paramref name="ids"/>; an id equal to one before it is left out of the index and
    /// its pair (the earlier index first) added to <paramref name="duplicates"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Utf8IdIndex(IdList ids, List<(int First, int Again)> duplicates)
    {
        var count = ids.Count;
        if (Numbered(ids) is { } numbering)
        {
            (_prefix, _width, var largest) = numbering;
            var byNumber = _byNumber = GC.AllocateUninitializedArray<int>(largest + 1);
            Array.Fill(byNumber, -1);
            for (var m = 0; m < count; m++)
            {
                ref var slot = ref byNumber[Number(ids.Utf8(m)[_prefix.Length..])];
                if (slot >= 0) duplicates.Add((slot, m));
                else slot = m;
            }
            _slots = [];
            _keys = [];
            _lengths = [];
            _longStart = [];
            _long = [];
            return;
        }
        var size = 16;
        while (size < count * 2L) size *= 2;
        _slots = new ulong[size];
        _mask = size - 1;
        _keys = new byte[count * KeySize];
        _lengths = new int[count];
        _longStart = new int[count];
        var longBytes = new List<byte>();
        for (var m = 0; m < count; m++)
        {
            var bytes = ids.Utf8(m);
            var hash = Hash(bytes);
            var slot = (int)(hash & (uint)_mask);
            var again = -1;
            for (; _slots[slot] != 0; slot = (slot + 1) & _mask)
            {
                var entry = _slots[slot];
                var other = (int)(entry & uint.MaxValue) - 1;
                if ((uint)(entry >> 32) == hash && ids.Utf8(other).SequenceEqual(bytes))
                {
                    again = other;
                    break;
                }
            }
            if (again >= 0)
            {
                duplicates.Add((again, m));
                continue;
            }
            _lengths[m] = bytes.Length;
            if (bytes.Length < KeySize)
            {
                bytes.CopyTo(_keys.AsSpan(m * KeySize));
                _keys[m * KeySize + KeySize - 1] = (byte)bytes.Length;
            }
            else
            {
                _keys[m * KeySize + KeySize - 1] = Long;
                _longStart[m] = longBytes.Count;
                longBytes.AddRange(bytes);
            }
            _slots[slot] = ((ulong)hash << 32) | (uint)(m + 1);
        }
        _long = [.. longBytes];
    }

    /// <summary>Whether ids are indexed by their number (see the remarks on <see cref="Utf8IdIndex"/>).</summary>
    public bool IsNumbered => _byNumber is not null;

    /// <summary>The member number of the id <paramref name="utf8"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(ReadOnlySpan<byte> utf8)
    {
        if (_byNumber is { } byNumber)
        {
            var number = NumberOf(utf8);
            return number < 0 ? -1 : byNumber[number];
        }
        var hash = Hash(utf8);
        for (var slot = (int)(hash & (uint)_mask); ; slot = (slot + 1) & _mask)
        {
            var entry = _slots[slot];
            if (entry == 0) return -1;
            if ((uint)(entry >> 32) != hash) continue;
            var m = (int)(entry & uint.MaxValue) - 1;
            if (Matches(m, utf8)) return m;
        }
    }

    /// <summary>
    /// For an index by number: the number of <paramref name="utf8"/>, an id of the index's form,
    /// which may still name no member (a number between two members'); or -1 for an id of
    /// another form, which names none. <see cref="MembersOfNumbers"/> turns numbers into members.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NumberOf(ReadOnlySpan<byte> utf8)
    {
        var byNumber = _byNumber ?? throw new InvalidOperationException("The ids are not indexed by number.");
        // Every id is the prefix and digits of the index's form: anything else names no member.
        if (utf8.Length <= _prefix.Length || !utf8.StartsWith(_prefix)) return -1;
        var digits = utf8[_prefix.Length..];
        if (!IsNumber(digits, _width)) return -1;
        var number = Number(digits);
        return number < (uint)byNumber.Length ? (int)number : -1;
    }

    /// <summary>
    /// For an index by number: replaces each of <paramref name="numbers"/> (from
    /// <see cref="NumberOf"/>) by the member it names, in a loop whose reads of the table do not
    /// wait for one another, so that their cache misses overlap (one lookup at a time, as a file
    /// is read, waits for memory each time). Returns false when a number names no member; it
    /// becomes -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MembersOfNumbers(Span<int> numbers)
    {
        var byNumber = _byNumber ?? throw new InvalidOperationException("The ids are not indexed by number.");
        var missing = 0;
        for (var i = 0; i < numbers.Length; i++)
        {
            var member = byNumber[numbers[i]];
            numbers[i] = member;
            missing |= member;
        }
        return missing >= 0;
    }

    /// <summary>What <see cref="Resolve"/> gives for a reference that names no member.</summary>
    public const int NamesNoMember = -2;

    /// <summary>
    /// The members that <paramref name="references"/> <paramref name="from"/> to
    /// <paramref name="to"/> (excluded) name, into the same places of <paramref name="into"/>:
    /// -1 for an empty reference, <see cref="NamesNoMember"/> for one that names no member. Ids
    /// indexed by number are first all turned into numbers, then looked up in a loop whose reads
    /// do not wait for one another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Resolve(IdList references, int from, int to, int[] into)
    {
        if (_byNumber is { } byNumber)
        {
            for (var i = from; i < to; i++)
            {
                var id = references.Utf8(i);
                into[i] = id.Length == 0 ? -1 : NumberOf(id) is var number and >= 0 ? number : NamesNoMember;
            }
            for (var i = from; i < to; i++)
            {
                var number = into[i];
                if (number >= 0) into[i] = byNumber[number] is var member and >= 0 ? member : NamesNoMember;
            }
            return;
        }
        for (var i = from; i < to; i++)
        {
            var id = references.Utf8(i);
            into[i] = id.Length == 0 ? -1 : IndexOf(id) is var member and >= 0 ? member : NamesNoMember;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Matches(int m, ReadOnlySpan<byte> utf8)
    {
        var key = _keys.AsSpan(m * KeySize, KeySize);
        if (key[KeySize - 1] != Long) return key[KeySize - 1] == utf8.Length && utf8.SequenceEqual(key[..utf8.Length]);
        return _lengths[m] == utf8.Length && utf8.SequenceEqual(_long.AsSpan(_longStart[m], utf8.Length));
    }

    /// <summary>
    /// The common prefix, digits' width (0: none starts with a zero) and largest number of
    /// <paramref name="ids"/> when they can be indexed by number, else null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (byte[] Prefix, int Width, int Largest)? Numbered(IdList ids)
    {
        if (ids.Count == 0) return null;
        var first = ids.Utf8(0);
        var split = first.Length;
        while (split > 0 && char.IsAsciiDigit((char)first[split - 1])) split--;
        var prefix = first[..split];
        var width = first.Length - split;
        bool oneWidth = true, noLeadingZero = true;
        var limit = Math.Min(4L * ids.Count + 1024, Array.MaxLength);
        uint largest = 0;
        for (var m = 0; m < ids.Count; m++)
        {
            var id = ids.Utf8(m);
            if (id.Length <= prefix.Length || !id.StartsWith(prefix)) return null;
            var digits = id[prefix.Length..];
            if (!IsNumber(digits, digits.Length)) return null;
            oneWidth &= digits.Length == width;
            noLeadingZero &= digits.Length == 1 || digits[0] != '0';
            var number = Number(digits);
            if (number >= limit) return null;
            largest = Math.Max(largest, number);
        }
        if (!noLeadingZero && !oneWidth) return null;
        return (prefix.ToArray(), noLeadingZero ? 0 : width, (int)largest);
    }

    /// <summary>
    /// Whether <paramref name="digits"/> are one to nine ASCII digits of the index's form:
    /// <paramref name="width"/> of them, or (width 0) not starting with a zero unless alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNumber(ReadOnlySpan<byte> digits, int width)
    {
        if (digits.Length is 0 or > 9) return false;
        if (width > 0 ? digits.Length != width : digits.Length > 1 && digits[0] == '0') return false;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
        }
        return true;
    }

    /// <summary>The value of at most nine ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Number(ReadOnlySpan<byte> digits)
    {
        uint value = 0;
        foreach (var b in digits) value = (value * 10) + (uint)(b - '0');
        return value;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return unchecked((uint)hash.ToHashCode());
    }
}
