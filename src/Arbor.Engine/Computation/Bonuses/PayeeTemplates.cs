using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Who an order pays, at which level and which percent, depends only on the member who placed
/// it, not on the order, and for stairstep only on the first member its walk pays: every member
/// that walk starts at (an owner) has its stops found once (on every core) and kept as a
/// template, with each differential's level kept relative to the ordering member's depth; an
/// ordering member refers to its owner's template with its own depth, and each order pays its
/// member's template on its own CV (unilevel's stops are its holder rows, read in place).
/// Templates are only read while paying; the payees' totals are added after from the stored
/// lines, a block of payees at a time (<see cref="PeriodContext.EmitOnOrders"/>).
/// </summary>
internal sealed class PayeeTemplates
{
    /// <summary>
    /// One stop of a walk: the member paid, the line's level (from <see cref="LevelBelow"/>
    /// when it counts from the ordering member), the percent (an index into the bonus's table).
    /// </summary>
    public readonly record struct Stop(int Payee, int Level, int Percent);

    /// <summary>
    /// Walks from up to <see cref="Lanes"/> owners at once: writes the stops of
    /// <c>members[i]</c>'s walk from <c>stops[i × maxStops]</c> on, and how many into
    /// <c>counts[i]</c>. Walks taken in step (a pointer of each per round) overlap their cache misses.
    /// </summary>
    public delegate void Walks(ReadOnlySpan<int> members, Span<Stop> stops, Span<int> counts);

    /// <summary>The most members <see cref="Walks"/> is given at once.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// The level of a stop at depth <paramref name="payeeDepth"/> counted from the ordering
    /// member (its depth minus the payee's), as a stop keeps it: negative, where fixed levels
    /// (overrides, 100 + generation) are not.
    /// </summary>
    public static int LevelBelow(int payeeDepth) => -(payeeDepth + 1);

    /// <summary>A stop's level for an ordering member at depth <paramref name="depth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LevelFor(int kept, int depth) => kept < 0 ? depth + kept + 1 : kept;

    /// <summary>A stop as a template keeps it: 12 bytes, so that many templates share a cache line.</summary>
    private struct Entry
    {
        public int Payee;
        public int Level;
        public int Percent;
    }

    /// <summary>An ordering member's template (its first entry and how many) and its depth, side by side.</summary>
    private readonly record struct Reference(int Start, int Count, int Depth);

    // Every owner's entries, each range of owners in a region of its own.
    private readonly Entry[] _entries;
    private readonly Reference[] _references;

    private PayeeTemplates(Entry[] entries, Reference[] references)
    {
        _entries = entries;
        _references = references;
    }

    /// <summary>
    /// Walks once from every owner, <see cref="Lanes"/> at a time: <paramref name="walks"/> writes
    /// the stops, at most <paramref name="maxStops"/>, in the order the lines are to be paid.
    /// Then each ordering member refers to the template of <c>ownerOf[member]</c> (-1: none).
    /// </summary>
    public static PayeeTemplates Build(PeriodContext ctx, int maxStops, bool[] owners, int[] ownerOf, Walks walks)
    {
        var n = ctx.Network.Count;
        var ordering = ctx.HasBonusOrders;
        var depth = ctx.Sponsors.Depth;
        // Ranges of a power of two members (a shift finds a member's range), one per core or so.
        var perPart = (uint)Math.Max(1, (n + Cores.Parts - 1) / Cores.Parts);
        var rangeBits = Math.Max(16, 32 - System.Numerics.BitOperations.LeadingZeroCount(perPart - 1));
        var ranges = (int)(((long)n + (1L << rangeBits) - 1) >> rangeBits);
        var regions = new long[ranges + 1];
        for (var r = 0; r < ranges; r++)
        {
            var owned = 0;
            for (int m = r << rangeBits, to = (int)Math.Min(n, (long)m + (1L << rangeBits)); m < to; m++) if (owners[m]) owned++;
            regions[r + 1] = regions[r] + (long)owned * maxStops;
        }
        // Room for the longest walks; pages never written cost nothing.
        var entries = GC.AllocateUninitializedArray<Entry>(checked((int)regions[ranges]));
        var references = new Reference[n];
        Parallel.For(0, ranges, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int r) =>
        {
            var from = r << rangeBits;
            var to = (int)Math.Min(n, (long)from + (1L << rangeBits));
            Span<Stop> stops = Lanes * maxStops <= 1024 ? stackalloc Stop[Lanes * maxStops] : new Stop[Lanes * maxStops];
            Span<int> batch = stackalloc int[Lanes];
            Span<int> counts = stackalloc int[Lanes];
            var at = (int)regions[r];
            var x = from;
            while (x < to)
            {
                var filled = 0;
                for (; x < to && filled < Lanes; x++) if (owners[x]) batch[filled++] = x;
                if (filled == 0) break;
                walks(batch[..filled], stops, counts);
                for (var b = 0; b < filled; b++)
                {
                    references[batch[b]] = new Reference(at, counts[b], depth[batch[b]]);
                    foreach (var stop in stops.Slice(b * maxStops, counts[b]))
                    {
                        ref var e = ref entries[at++];
                        e.Payee = stop.Payee;
                        e.Level = stop.Level;
                        e.Percent = stop.Percent;
                    }
                }
            }
        });
        // Each ordering member takes its owner's template, at its own depth. An owner's orders may
        // take another's (a stairstep that starts at the sponsor): read the owners', write apart.
        var ofOrdering = new Reference[n];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var m = from; m < to; m++)
            {
                if (!ordering[m]) continue;
                var owner = ownerOf[m];
                if (owner >= 0) ofOrdering[m] = references[owner] with { Depth = depth[m] };
            }
        });
        return new PayeeTemplates(entries, ofOrdering);
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
            // A batch of orders at a time: first the members' references, then the first and last
            // entry of each template, every step a tight run of loads that do not wait for one
            // another (their cache misses overlap); then the lines, from what is now in cache.
            Span<int> members = stackalloc int[Batch];
            Span<Reference> references = stackalloc Reference[Batch];
            var seen = 0;
            for (var start = from; start < to; start += Batch)
            {
                var count = Math.Min(Batch, to - start);
                for (var b = 0; b < count; b++) references[b] = _references[members[b] = orders.Member[bonusOrders[start + b]]];
                for (var b = 0; b < count; b++)
                {
                    var reference = references[b];
                    if (reference.Count == 0) continue;
                    seen ^= _entries[reference.Start].Payee ^ _entries[reference.Start + reference.Count - 1].Payee;
                }
                for (var b = 0; b < count; b++)
                {
                    var o = bonusOrders[start + b];
                    var reference = references[b];
                    var cv = new ExactDecimal(orders.Cv[o]);
                    scaled.Pay(new TemplateStops(_entries.AsSpan(reference.Start, reference.Count), reference.Depth), percents, cv, o, members[b], sink);
                }
            }
            Touch.Keep(seen);
        });
    }

    /// <summary>Orders paid per batch.</summary>
    private const int Batch = 32;

    /// <summary>A template's entries as the stops of one order of a member at depth <c>depth</c>.</summary>
    private readonly ref struct TemplateStops(ReadOnlySpan<Entry> entries, int depth) : IOrderStops
    {
        private readonly ReadOnlySpan<Entry> _entries = entries;
        private readonly int _depth = depth;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Pay<TPower>(long cv, long[] percents, int order, int member, LineSink sink) where TPower : struct, IPowerOfTen
        {
            foreach (ref readonly var entry in _entries)
            {
                sink.Add(entry.Payee, order, member, LevelFor(entry.Level, _depth), Money.DivideHalfEven<TPower>(cv * percents[entry.Percent]));
            }
        }

        public void PayExactly(in ExactDecimal cv, ExactDecimal[] percents, int order, int member, LineSink sink)
        {
            foreach (ref readonly var entry in _entries) sink.Add(entry.Payee, order, member, LevelFor(entry.Level, _depth), Money.Percent(cv, percents[entry.Percent]));
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
