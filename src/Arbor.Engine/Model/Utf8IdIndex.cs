using System.Runtime.CompilerServices;

namespace Arbor.Engine.Model;

/// <summary>
/// Finds a member number from an id as UTF-8 bytes, the way the orders file holds it: no
/// string, no UTF-16 conversion per lookup. Open addressing over a power-of-two table whose
/// slots hold a hash and the member number side by side; ids of up to 15 bytes are also kept
/// in 16-byte keys with their length in the last byte, so that a lookup usually reads two
/// places in memory.
/// </summary>
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

    /// <summary>
    /// Indexes <paramref name="ids"/>; an id equal to one before it is left out of the index and
    /// its pair (the earlier index first) added to <paramref name="duplicates"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Utf8IdIndex(IdList ids, List<(int First, int Again)> duplicates)
    {
        var count = ids.Count;
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

    /// <summary>The member number of the id <paramref name="utf8"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(ReadOnlySpan<byte> utf8)
    {
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Matches(int m, ReadOnlySpan<byte> utf8)
    {
        var key = _keys.AsSpan(m * KeySize, KeySize);
        if (key[KeySize - 1] != Long) return key[KeySize - 1] == utf8.Length && utf8.SequenceEqual(key[..utf8.Length]);
        return _lengths[m] == utf8.Length && utf8.SequenceEqual(_long.AsSpan(_longStart[m], utf8.Length));
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return unchecked((uint)hash.ToHashCode());
    }
}
