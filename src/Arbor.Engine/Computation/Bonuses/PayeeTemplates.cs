using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Who an order pays, at which level and which percent, depends only on the member who placed
/// it, not on the order: stairstep finds the stops once per ordering member (on every core) and
/// keeps them as a template, and each order then pays its member's template on its own CV
/// (unilevel's stops are its holder rows, read in place). Templates are only read while paying;
/// the payees' totals are added after from the stored lines, a block of payees at a time
/// (<see cref="PeriodContext.EmitOnOrders"/>).
/// </summary>
internal sealed class PayeeTemplates
{
    /// <summary>One stop of a walk: the member paid, the line's level, the percent (an index into the bonus's table).</summary>
    public readonly record struct Stop(int Payee, int Level, int Percent);

    /// <summary>
    /// Walks for up to <see cref="Lanes"/> members at once: writes the stops of
    /// <c>members[i]</c>'s orders from <c>stops[i × maxStops]</c> on, and how many into
    /// <c>counts[i]</c>. Walks taken in step (a pointer of each per round) overlap their cache misses.
    /// </summary>
    public delegate void Walks(ReadOnlySpan<int> members, Span<Stop> stops, Span<int> counts);

    /// <summary>The most members <see cref="Walks"/> is given at once.</summary>
    public const int Lanes = 16;

    /// <summary>A stop as a template keeps it: 12 bytes, so that many templates share a cache line.</summary>
    private struct Entry
    {
        public int Payee;
        public int Level;
        public int Percent;
    }

    /// <summary>Where a member's entries are: its first in its range's entries, and how many.</summary>
    private readonly record struct Slot(int Start, int Count);

    // The members are cut into ranges of 2^_rangeBits, walked on every core, each range into its own entries.
    private readonly Entry[][] _entries;
    private readonly int _rangeBits;
    private readonly Slot[] _slots;

    private readonly int _maxStops;

    private PayeeTemplates(Entry[][] entries, int rangeBits, Slot[] slots, int maxStops)
    {
        _entries = entries;
        _rangeBits = rangeBits;
        _slots = slots;
        _maxStops = maxStops;
    }

    /// <summary>
    /// Walks once for every member with an order the bonus pays on, <see cref="Lanes"/> members
    /// at a time: <paramref name="walks"/> writes the stops of each member's orders, at most
    /// <paramref name="maxStops"/>, in the order its lines are to be paid.
    /// </summary>
    public static PayeeTemplates Build(PeriodContext ctx, int maxStops, Walks walks)
    {
        var n = ctx.Network.Count;
        var ordering = ctx.HasBonusOrders;
        var slots = new Slot[n];
        // Ranges of a power of two members (a shift finds a member's range), one per core or so.
        var perPart = (uint)Math.Max(1, (n + Cores.Parts - 1) / Cores.Parts);
        var rangeBits = Math.Max(16, 32 - System.Numerics.BitOperations.LeadingZeroCount(perPart - 1));
        var ranges = (int)(((long)n + (1L << rangeBits) - 1) >> rangeBits);
        var parts = new Entry[Math.Max(1, ranges)][];
        parts[0] = [];
        Parallel.For(0, ranges, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int r) =>
        {
            var from = r << rangeBits;
            var to = (int)Math.Min(n, (long)from + (1L << rangeBits));
            var members = 0;
            for (var m = from; m < to; m++) if (ordering[m]) members++;
            // Room for the longest walks; pages never written cost nothing.
            var entries = GC.AllocateUninitializedArray<Entry>(checked(members * maxStops));
            Span<Stop> stops = Lanes * maxStops <= 1024 ? stackalloc Stop[Lanes * maxStops] : new Stop[Lanes * maxStops];
            Span<int> batch = stackalloc int[Lanes];
            Span<int> counts = stackalloc int[Lanes];
            var at = 0;
            var x = from;
            while (x < to)
            {
                var filled = 0;
                for (; x < to && filled < Lanes; x++) if (ordering[x]) batch[filled++] = x;
                if (filled == 0) break;
                walks(batch[..filled], stops, counts);
                for (var b = 0; b < filled; b++)
                {
                    slots[batch[b]] = new Slot(at, counts[b]);
                    foreach (var stop in stops.Slice(b * maxStops, counts[b]))
                    {
                        ref var e = ref entries[at++];
                        e.Payee = stop.Payee;
                        e.Level = stop.Level;
                        e.Percent = stop.Percent;
                    }
                }
            }
            parts[r] = entries;
        });
        return new PayeeTemplates(parts, rangeBits, slots, maxStops);
    }

    /// <summary>
    /// Pays every order the bonus pays on: its member's stops, each <c>percents[stop.Percent]</c> %
    /// of the order's CV, in order of orders.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pay(PeriodContext ctx, BonusType bonus, ExactDecimal[] percents)
    {
        var orders = ctx.Orders;
        var bonusOrders = ctx.BonusOrders;
        var scaled = ScaledPercents.Of(percents);
        ctx.EmitOnOrders(bonus, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            // A batch of orders at a time: first the members' slots, then the first and last
            // entry of each template, every step a tight run of loads that do not wait for one
            // another (their cache misses overlap); then the lines, from what is now in cache.
            Span<int> members = stackalloc int[Batch];
            Span<Slot> slots = stackalloc Slot[Batch];
            var seen = 0;
            for (var start = from; start < to; start += Batch)
            {
                var count = Math.Min(Batch, to - start);
                for (var b = 0; b < count; b++) slots[b] = _slots[members[b] = orders.Member[bonusOrders[start + b]]];
                for (var b = 0; b < count; b++)
                {
                    var slot = slots[b];
                    if (slot.Count == 0) continue;
                    var entries = _entries[members[b] >> _rangeBits];
                    seen ^= entries[slot.Start].Payee ^ entries[slot.Start + slot.Count - 1].Payee;
                }
                for (var b = 0; b < count; b++)
                {
                    var o = bonusOrders[start + b];
                    var x = members[b];
                    var cv = new ExactDecimal(orders.Cv[o]);
                    var slot = slots[b];
                    var template = _entries[x >> _rangeBits].AsSpan(slot.Start, slot.Count);
                    scaled.Pay(new TemplateStops(template), percents, cv, o, x, sink);
                }
            }
            Touch.Keep(seen);
        });
    }

    /// <summary>Orders paid per batch.</summary>
    private const int Batch = 32;

    /// <summary>A template's entries as the stops of one order.</summary>
    private readonly ref struct TemplateStops(ReadOnlySpan<Entry> entries) : IOrderStops
    {
        private readonly ReadOnlySpan<Entry> _entries = entries;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Pay<TPower>(long cv, long[] percents, int order, int member, LineSink sink) where TPower : struct, IPowerOfTen
        {
            foreach (ref readonly var entry in _entries)
            {
                sink.Add(entry.Payee, order, member, entry.Level, Money.DivideHalfEven<TPower>(cv * percents[entry.Percent]));
            }
        }

        public void PayExactly(in ExactDecimal cv, ExactDecimal[] percents, int order, int member, LineSink sink)
        {
            foreach (ref readonly var entry in _entries) sink.Add(entry.Payee, order, member, entry.Level, Money.Percent(cv, percents[entry.Percent]));
        }
    }
}

/// <summary>
/// The stops one order pays, read in place (a stairstep template, a unilevel holder row): they
/// write its lines, each a percent of its CV, in the order the lines are paid.
/// </summary>
internal interface IOrderStops
{
    /// <summary>
    /// The lines as integers: <c>cv × percents[stop]</c> divided by 10^<typeparamref name="TPower"/>,
    /// a constant the compiler turns into a multiplication. Zero amounts are not written.
    /// </summary>
    void Pay<TPower>(long cv, long[] percents, int order, int member, LineSink sink) where TPower : struct, IPowerOfTen;

    /// <summary>The lines by <see cref="Money.Percent(in ExactDecimal, in ExactDecimal)"/>, when the integers do not hold them.</summary>
    void PayExactly(in ExactDecimal cv, ExactDecimal[] percents, int order, int member, LineSink sink);
}

/// <summary>
/// A bonus's percents as integers of one scale: each percent's mantissa times 10^(scale − its
/// own scale), when all fit in 31 bits. A percent of an order's CV in cents is then the CV's
/// mantissa times the percent's, divided by 10^(the CV's scale + <see cref="Scale"/>): one
/// power of ten for all the lines of an order. Exactly <see cref="Money.Percent(in ExactDecimal, in ExactDecimal)"/>,
/// which divides the same product by the same power of ten before the percent was scaled up.
/// </summary>
internal sealed class ScaledPercents
{
    private ScaledPercents(long[] mantissas, int scale)
    {
        Mantissas = mantissas;
        Scale = scale;
    }

    /// <summary>Per percent (as the bonus numbers them), its mantissa at <see cref="Scale"/>.</summary>
    public long[] Mantissas { get; }

    /// <summary>The common scale, or −1 when some percent does not fit: every line then takes <see cref="Money.Percent(in ExactDecimal, in ExactDecimal)"/>.</summary>
    public int Scale { get; }

    /// <summary>The largest power of ten an order's lines divide by on the integer path.</summary>
    public const int MostPower = 4;

    public static ScaledPercents Of(ExactDecimal[] percents)
    {
        var mantissas = new long[percents.Length];
        // Percents a bonus never pays at may be left unset (zero): zero at any scale.
        var scale = 0;
        foreach (var p in percents)
        {
            if (p.Value == 0) continue;
            if (!p.Fits) return new ScaledPercents(mantissas, -1);
            scale = Math.Max(scale, p.Scale);
        }
        if (scale > MostPower) return new ScaledPercents(mantissas, -1);
        for (var i = 0; i < percents.Length; i++)
        {
            if (percents[i].Value == 0) continue;
            var mantissa = percents[i].Mantissa;
            for (var s = percents[i].Scale; s < scale; s++) mantissa *= 10;
            if (Math.Abs(mantissa) > int.MaxValue) return new ScaledPercents(mantissas, -1);
            mantissas[i] = mantissa;
        }
        return new ScaledPercents(mantissas, scale);
    }

    /// <summary>
    /// Pays one order's <paramref name="stops"/> on its CV: all its lines divide by one power of
    /// ten, chosen here once; <paramref name="percents"/> are the unscaled percents, for the general path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pay<TStops>(scoped in TStops stops, ExactDecimal[] percents, in ExactDecimal cv, int order, int member, LineSink sink)
        where TStops : IOrderStops, allows ref struct
    {
        switch (PowerOfTenFor(cv))
        {
            case 0: stops.Pay<PowerOfTen.Zero>(cv.Mantissa, Mantissas, order, member, sink); break;
            case 1: stops.Pay<PowerOfTen.One>(cv.Mantissa, Mantissas, order, member, sink); break;
            case 2: stops.Pay<PowerOfTen.Two>(cv.Mantissa, Mantissas, order, member, sink); break;
            case 3: stops.Pay<PowerOfTen.Three>(cv.Mantissa, Mantissas, order, member, sink); break;
            case 4: stops.Pay<PowerOfTen.Four>(cv.Mantissa, Mantissas, order, member, sink); break;
            default: stops.PayExactly(cv, percents, order, member, sink); break;
        }
    }

    /// <summary>The power of ten the lines of an order with this CV divide by, or −1 for the general path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PowerOfTenFor(in ExactDecimal cv) =>
        Scale >= 0 && cv.Fits && cv.Scale + Scale <= MostPower ? cv.Scale + Scale : -1;
}
