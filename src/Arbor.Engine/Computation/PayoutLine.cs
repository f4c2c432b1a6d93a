using System.Runtime.CompilerServices;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation;

/// <summary>
/// One line of <c>payouts.csv</c>. Amounts are whole cents: every line is rounded to two
/// decimals, so cents hold it exactly and sum without rounding.
/// </summary>
public struct PayoutLine
{
    /// <summary>The amount after both caps, in cents.</summary>
    public long Cents;

    /// <summary>The member paid.</summary>
    public int Payee;

    /// <summary>The order the line is computed from, or -1 for member-based bonuses.</summary>
    public int SourceOrder;

    /// <summary>The member whose order or result the line is computed from.</summary>
    public int SourceMember;

    /// <summary>The level or generation (stairstep overrides: 100 + generation).</summary>
    public int Level;

    /// <summary>The bonus type.</summary>
    public BonusType Bonus;

    /// <summary>The amount after caps as a decimal with two places.</summary>
    public readonly decimal Amount => Cents / 100m;
}

/// <summary>
/// A payout line as the engine stores it, 20 bytes: what <see cref="PayoutLine"/> holds
/// besides the bonus (the same for a whole chunk). <see cref="Source"/> is the order for
/// order-based bonuses, whose source member is the order's member, and the source member for
/// the others.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
internal struct StoredLine
{
    public long Cents;
    public int Payee;
    public int Source;
    public int Level;
}

/// <summary>
/// The period's payout lines in chunks of at most <see cref="ChunkSize"/> lines, each chunk
/// holding the lines of one bonus for the payees of one block (a range of payees in ordinal
/// order of their ids, <see cref="Blocks"/> of them) as one sink emitted them. A position is
/// <c>chunk × ChunkSize + offset</c>.
/// Chunks never move, so the store grows without copying, and sinks on several threads fill
/// their own chunks side by side; appending their sinks in order keeps each payee's lines in
/// order. The output sort places a block at a time, reading only its chunks: the block's
/// payees' places and cursors are small enough to stay in cache.
/// </summary>
internal sealed class PayoutLineStore
{
    public const int ChunkBits = 16;
    public const int ChunkSize = 1 << ChunkBits;

    /// <summary>Blocks of payees the lines are kept in.</summary>
    public const int Blocks = 64;

    /// <summary>
    /// The shift that takes a member number to its block: consecutive member numbers, at most
    /// <see cref="Blocks"/> blocks and at least 4,096 members a block (a small company keeps
    /// few blocks, each sink one run of chunks per block). Member numbers follow the members
    /// file, which is usually in id order, so that a block's payees are also close together in
    /// the output.
    /// </summary>
    public static int BlockShift(int members) =>
        Math.Max(12, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, members - 1)) - System.Numerics.BitOperations.Log2(Blocks));

    private readonly List<StoredLine[]> _chunks = [];
    private readonly List<int> _counts = [];
    private readonly List<BonusType> _bonuses = [];
    private readonly List<int> _blocks = [];

    /// <summary>Number of chunks.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>The lines of chunk <paramref name="chunk"/>.</summary>
    public Span<StoredLine> Chunk(int chunk) => _chunks[chunk].AsSpan(0, _counts[chunk]);

    /// <summary>The line at <paramref name="position"/> as a <see cref="PayoutLine"/>.</summary>
    public PayoutLine LineAt(int position, OrderBook orders)
    {
        Span<PayoutLine> line = stackalloc PayoutLine[1];
        Gather([position], orders, line);
        return line[0];
    }

    /// <summary>The bonus of every line of chunk <paramref name="chunk"/>.</summary>
    public BonusType BonusOf(int chunk) => _bonuses[chunk];

    /// <summary>The block of every payee of chunk <paramref name="chunk"/>.</summary>
    public int BlockOf(int chunk) => _blocks[chunk];

    /// <summary>
    /// The lines at <paramref name="positions"/> into <paramref name="into"/>, for writing: lines
    /// and orders sit at random places in memory, so each is fetched in a short loop whose loads
    /// do not wait for each other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gather(ReadOnlySpan<int> positions, OrderBook orders, Span<PayoutLine> into)
    {
        var chunks = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_chunks);
        var bonuses = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bonuses);
        for (var i = 0; i < positions.Length; i++)
        {
            var p = positions[i];
            ref readonly var stored = ref chunks[p >> ChunkBits][p & (ChunkSize - 1)];
            ref var line = ref into[i];
            line.Cents = stored.Cents;
            line.Payee = stored.Payee;
            line.SourceOrder = stored.Source;
            line.Level = stored.Level;
            line.Bonus = bonuses[p >> ChunkBits];
        }
        for (var i = 0; i < positions.Length; i++)
        {
            ref var line = ref into[i];
            if (BonusNames.IsOrderBased(line.Bonus)) line.SourceMember = orders.Member[line.SourceOrder];
            else
            {
                line.SourceMember = line.SourceOrder;
                line.SourceOrder = -1;
            }
        }
    }

    /// <summary>Adds the lines of <paramref name="sink"/> after those already stored.</summary>
    public void Append(LineSink sink)
    {
        foreach (var (chunk, count, block) in sink.Filled())
        {
            if (count == 0) continue;
            if (_chunks.Count == 1 << (31 - ChunkBits)) throw new InvalidOperationException($"A period cannot have more than {1 << (31 - ChunkBits)} chunks of payout lines.");
            _chunks.Add(chunk);
            _counts.Add(count);
            _bonuses.Add(sink.Bonus);
            _blocks.Add(block);
        }
    }
}

/// <summary>
/// Where one bonus's lines go as they are computed, on one thread: into chunks of the store,
/// one run of chunks per block of payees, adding each line to its payee's totals (for the caps,
/// the sort and, when the plan matches the bonus, matching) unless made without totals, when
/// whoever runs it adds them. No allocation per line.
/// </summary>
internal sealed class LineSink
{
    private readonly bool _byOrder;
    private readonly int _blockShift;
    private readonly StoredLine[][] _current;
    private readonly int[] _used;
    private readonly List<(StoredLine[] Chunk, int Block)> _chunks = [];

    /// <param name="bonus">The bonus.</param>
    /// <param name="totals">Per payee, what its lines add up to; null when they are added elsewhere.</param>
    /// <param name="matched">True when matching pays on the bonus.</param>
    /// <param name="blockShift">A payee's block is its number shifted right by this (<see cref="PayoutLineStore.BlockShift"/>).</param>
    public LineSink(BonusType bonus, MemberTotals[]? totals, bool matched, int blockShift)
    {
        Bonus = bonus;
        Totals = totals;
        Matched = matched;
        _byOrder = BonusNames.IsOrderBased(bonus);
        _blockShift = blockShift;
        _current = new StoredLine[PayoutLineStore.Blocks][];
        for (var b = 0; b < _current.Length; b++) _current[b] = [];
        _used = new int[PayoutLineStore.Blocks];
    }

    public BonusType Bonus { get; }

    /// <summary>Per payee, what its lines add up to; null when the sink's lines' totals are added elsewhere.</summary>
    public MemberTotals[]? Totals { get; }

    /// <summary>True when matching pays on this bonus.</summary>
    public bool Matched { get; }

    /// <summary>The chunks in the order they were started, with how many lines each holds and its block.</summary>
    public IEnumerable<(StoredLine[] Chunk, int Count, int Block)> Filled()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var (chunk, block) = _chunks[i];
            yield return (chunk, chunk == _current[block] ? _used[block] : chunk.Length, block);
        }
    }

    /// <summary>Stores a line and adds it to its payee's totals (when the sink keeps them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        if (cents == 0) return; // zero-amount lines are not written
        Write(payee, sourceOrder, sourceMember, level, cents);
        if (Totals is null) return;
        ref var totals = ref Totals[payee];
        if (Bonus != BonusType.RetailProfit) totals.Capped += cents;
        if (Matched) totals.Matched += cents;
        totals.Lines++;
    }

    /// <summary>Stores a line of non-zero <paramref name="cents"/>; its payee's totals are the caller's to add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(int payee, int sourceOrder, int sourceMember, int level, long cents)
    {
        var block = payee >> _blockShift;
        var chunk = _current[block];
        var used = _used[block];
        if (used == chunk.Length)
        {
            chunk = NewChunk(block);
            used = 0;
        }
        ref var line = ref chunk[used];
        _used[block] = used + 1;
        line.Cents = cents;
        line.Payee = payee;
        // An order-based line's source member is its order's member: only the order is kept.
        line.Source = _byOrder ? sourceOrder : sourceMember;
        line.Level = level;
    }

    private StoredLine[] NewChunk(int block)
    {
        // Small first, so that a bonus with few lines stays small, but never below the large
        // object heap's 85,000 bytes: smaller chunks would be copied by every collection that
        // promotes them (a block per sink per bonus adds up: 40 ms of pauses in the computation
        // when they started at 1,024 lines). Uninitialised, since every line is written before it
        // is read and untouched pages cost nothing.
        var size = Math.Clamp(_current[block].Length * 4, 8192, PayoutLineStore.ChunkSize);
        var chunk = GC.AllocateUninitializedArray<StoredLine>(size);
        _current[block] = chunk;
        _used[block] = 0;
        _chunks.Add((chunk, block));
        return chunk;
    }
}

/// <summary>
/// What one member's lines add up to, in cents, as the bonuses are computed, and how many
/// there are: side by side, so that adding a line to them touches one place in memory.
/// </summary>
internal struct MemberTotals
{
    /// <summary>The lines caps apply to: every bonus but retail profit.</summary>
    public long Capped;

    /// <summary>The lines of the bonuses matching pays on.</summary>
    public long Matched;

    /// <summary>How many non-zero lines it has (caps take off those they round to zero): the output sort places lines by these counts.</summary>
    public int Lines;
}

/// <summary>
/// The contract's one rounding rule, in one place: every line is computed exactly and then
/// rounded to 2 decimals, half to even. The integer paths below give the same result as
/// exact decimal arithmetic (they are exact); they exist because they are ten times faster.
/// </summary>
public static class Money
{
    private static readonly long[] Pow10 = [.. Enumerable.Range(0, 19).Select(i => (long)Math.Pow(10, i))];

    /// <summary>Rounds to 2 decimals, half to even, and returns whole cents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long ToCents(decimal amount) => (long)(Math.Round(amount, 2, MidpointRounding.ToEven) * 100m);

    /// <summary><c>percent</c> % of <paramref name="volume"/>, rounded to cents.</summary>
    public static long Percent(decimal volume, decimal percent)
    {
        // cents = volume × percent / 100 × 100 = volume × percent, exactly.
        if (TrySplit(volume, out var vm, out var vs) && TrySplit(percent, out var pm, out var ps) && vs + ps <= 18)
        {
            return DivideByPowerOf10HalfEven(vm * pm, vs + ps);
        }
        return ToCents(volume * percent / 100m);
    }

    /// <summary>
    /// <c>percent</c> % of <paramref name="volume"/>, rounded to cents, from values split once:
    /// the same result as <see cref="Percent(decimal, decimal)"/> without taking either apart per line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Percent(in ExactDecimal volume, in ExactDecimal percent)
    {
        if (volume.Fits && percent.Fits && volume.Scale + percent.Scale <= 18)
        {
            return DivideByPowerOf10HalfEven(volume.Mantissa * percent.Mantissa, volume.Scale + percent.Scale);
        }
        return ToCents(volume.Value * percent.Value / 100m);
    }

    /// <summary><c>(a × b) / c</c> computed in decimal, rounded to cents.</summary>
    public static long Ratio(decimal a, decimal b, decimal c) => ToCents(a * b / c);

    /// <summary>
    /// <paramref name="cents"/> × <paramref name="factor"/>,
    /// rounded to cents: the exact value of a capped line (<c>line × cap / total</c>).
    /// </summary>
    public static long Scale(long cents, in Fraction factor)
    {
        // Fast path: the whole computation fits in 64 bits (the usual case once the fraction is reduced).
        if (factor.Small && Math.Abs(cents) < factor.MaxCents)
        {
            return DivideHalfEven(cents * (long)factor.Numerator, (long)factor.Denominator);
        }
        var product = (Int128)cents * factor.Numerator;
        var q = Int128.DivRem(product, factor.Denominator);
        var quotient = q.Quotient;
        var twice = Int128.Abs(q.Remainder) * 2;
        if (twice > factor.Denominator || (twice == factor.Denominator && (quotient & 1) != 0)) quotient += product < 0 ? -1 : 1;
        return (long)quotient;
    }

    /// <summary>Splits a decimal into a mantissa that fits 31 bits and its scale; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TrySplit(decimal value, out long mantissa, out int scale)
    {
        // Its four words in a local, not on a stackalloc: a method with a stackalloc is never inlined.
        var words = default(DecimalWords);
        Span<int> bits = words;
        decimal.GetBits(value, bits);
        scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || bits[1] != 0 || bits[0] < 0)
        {
            mantissa = 0;
            return false;
        }
        mantissa = bits[3] < 0 ? -(long)bits[0] : bits[0];
        return true;
    }

    /// <summary>A decimal's four words (<see cref="decimal.GetBits(decimal, Span{int})"/>) as a local.</summary>
    [InlineArray(4)]
    private struct DecimalWords
    {
        private int _word;
    }

    /// <summary>
    /// <paramref name="numerator"/> / 10^<paramref name="exponent"/>, rounded half to even. The
    /// usual exponents (a volume's and a percent's decimals together) divide by a constant,
    /// which the compiler turns into a multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long DivideByPowerOf10HalfEven(long numerator, int exponent) => exponent switch
    {
        0 => numerator,
        1 => RoundHalfEven(numerator / 10, numerator % 10, 10),
        2 => RoundHalfEven(numerator / 100, numerator % 100, 100),
        3 => RoundHalfEven(numerator / 1_000, numerator % 1_000, 1_000),
        4 => RoundHalfEven(numerator / 10_000, numerator % 10_000, 10_000),
        _ => DivideHalfEven(numerator, Pow10[exponent]),
    };

    /// <summary>
    /// <paramref name="numerator"/> / 10^<typeparamref name="TPower"/>, rounded half to even:
    /// the power a constant of each instantiation, so that the division is a multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long DivideHalfEven<TPower>(long numerator) where TPower : struct, IPowerOfTen =>
        TPower.Value == 1 ? numerator : RoundHalfEven(numerator / TPower.Value, numerator % TPower.Value, TPower.Value);

    internal static long DivideHalfEven(long numerator, long denominator)
    {
        if (denominator == 1) return numerator;
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        return RoundHalfEven(quotient, remainder, denominator);
    }

    /// <summary>A truncated quotient moved one away from zero when the remainder is over half, or exactly half and the quotient odd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundHalfEven(long quotient, long remainder, long denominator)
    {
        var twice = Math.Abs(remainder) * 2;
        if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) quotient += remainder < 0 ? -1 : 1;
        return quotient;
    }
}

/// <summary>A power of ten known when code is compiled: <see cref="Money.DivideHalfEven{TPower}"/> divides by a constant.</summary>
internal interface IPowerOfTen
{
    static abstract long Value { get; }
}

/// <summary>The powers of ten 10^0 to 10^4 as types.</summary>
internal static class PowerOfTen
{
    public struct Zero : IPowerOfTen { public static long Value => 1; }
    public struct One : IPowerOfTen { public static long Value => 10; }
    public struct Two : IPowerOfTen { public static long Value => 100; }
    public struct Three : IPowerOfTen { public static long Value => 1_000; }
    public struct Four : IPowerOfTen { public static long Value => 10_000; }
}

/// <summary>
/// A cap's fraction made ready to scale many lines: whether and below which amount the 64-bit
/// path holds is worked out once, not per line. The same results as <see cref="Money.Scale"/>.
/// </summary>
internal readonly struct CentScale(Fraction factor)
{
    private readonly Fraction _factor = factor;
    private readonly long _numerator = factor.Small ? (long)factor.Numerator : 0;
    private readonly long _denominator = factor.Small ? (long)factor.Denominator : 1;
    private readonly long _maxCents = factor.Small ? factor.MaxCents : 0; // 0: never the 64-bit path

    /// <summary><paramref name="cents"/> × the fraction, rounded to cents half to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Apply(long cents) =>
        Math.Abs(cents) < _maxCents ? Money.DivideHalfEven(cents * _numerator, _denominator) : Money.Scale(cents, _factor);
}

/// <summary>
/// A <see cref="CentScale"/> for every line of a period (the payout cap): the results for
/// amounts of 0 to <see cref="Size"/> − 1 cents, which most lines are, are worked out once and
/// looked up, so that a line costs a load instead of a 64-bit division. The same results.
/// </summary>
internal sealed class CentScaleTable
{
    /// <summary>Amounts below this many cents are looked up.</summary>
    public const int Size = 1 << 16;

    private readonly CentScale _scale;
    private readonly long[] _table = new long[Size];

    public CentScaleTable(CentScale scale)
    {
        _scale = scale;
        for (var cents = 0; cents < Size; cents++) _table[cents] = scale.Apply(cents);
    }

    /// <inheritdoc cref="CentScale.Apply"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Apply(long cents) => unchecked((ulong)cents) < Size ? _table[cents] : _scale.Apply(cents);
}

/// <summary>An exact positive ratio of two decimals as integers: used to scale capped lines.</summary>
public readonly record struct Fraction(Int128 Numerator, Int128 Denominator)
{
    /// <summary>True when numerator and denominator fit in 63 bits.</summary>
    public bool Small => Numerator <= long.MaxValue && Numerator >= 0 && Denominator <= long.MaxValue;

    /// <summary>Below this many cents, cents × numerator fits in 63 bits.</summary>
    public long MaxCents => Numerator == 0 ? long.MaxValue : (long)(long.MaxValue / Numerator);

    /// <summary>The fraction <paramref name="numerator"/> / <paramref name="denominator"/> with both as integers.</summary>
    public static Fraction Of(decimal numerator, decimal denominator)
    {
        var (nm, ns) = Split(numerator);
        var (dm, ds) = Split(denominator);
        // (nm / 10^ns) / (dm / 10^ds) = nm × 10^ds / (dm × 10^ns)
        var numeratorValue = nm * Int128Pow10(ds);
        var denominatorValue = dm * Int128Pow10(ns);
        var gcd = Gcd(Int128.Abs(numeratorValue), Int128.Abs(denominatorValue));
        if (denominatorValue < 0) gcd = -gcd;
        return gcd == 0 ? new Fraction(numeratorValue, denominatorValue) : new Fraction(numeratorValue / gcd, denominatorValue / gcd);
    }

    private static Int128 Gcd(Int128 a, Int128 b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    private static (Int128 Mantissa, int Scale) Split(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 mantissa = unchecked((uint)bits[0]) | ((Int128)unchecked((uint)bits[1]) << 32) | ((Int128)unchecked((uint)bits[2]) << 64);
        return (bits[3] < 0 ? -mantissa : mantissa, (bits[3] >> 16) & 0xFF);
    }

    private static Int128 Int128Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }
}

/// <summary>
/// A decimal taken apart once into a mantissa of at most 31 bits and its scale (when it
/// fits), so that the many lines computed from one order's CV or one plan percent multiply
/// integers instead of decimals.
/// </summary>
public readonly struct ExactDecimal
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ExactDecimal(decimal value)
    {
        Value = value;
        Fits = Money.TrySplit(value, out var mantissa, out var scale);
        Mantissa = mantissa;
        Scale = scale;
    }

    /// <summary>An amount of whole cents, without dividing a decimal by 100.</summary>
    public static ExactDecimal OfCents(long cents)
    {
        var magnitude = cents == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(cents);
        return new ExactDecimal(new decimal(unchecked((int)magnitude), unchecked((int)(magnitude >> 32)), 0, cents < 0, 2));
    }

    public decimal Value { get; }
    public bool Fits { get; }
    public long Mantissa { get; }
    public int Scale { get; }
}
