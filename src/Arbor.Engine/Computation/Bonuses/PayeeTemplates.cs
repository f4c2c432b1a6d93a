using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Who an order pays, at which level and which percent, depends only on the member who placed
/// it, not on the order: a bonus with long upline walks (stairstep) walks once per ordering
/// member (on every core) and keeps the stops as a template, and each order then pays its
/// member's template on its own CV. Each template entry also sums the cents and counts the lines it paid,
/// so a payee's totals are added once per entry rather than once per line. (Unilevel's walks are
/// short and overlap well with paying; it walks per order.)
/// </summary>
internal sealed class PayeeTemplates
{
    /// <summary>One stop of a walk: the member paid, the line's level, the percent (an index into the bonus's table).</summary>
    public readonly record struct Stop(int Payee, int Level, int Percent);

    /// <summary>Writes the stops of member <paramref name="x"/>'s orders into <paramref name="stops"/> and returns how many.</summary>
    public delegate int Walk(int x, Span<Stop> stops);

    private struct Entry
    {
        public long Sum;
        public int Lines;
        public int Payee;
        public int Level;
        public int Percent;
    }

    // The members are cut into ranges of _rangeSize, walked on every core, each range into its own entries.
    private readonly Entry[][] _entries;
    private readonly int _rangeSize;
    private readonly int[] _start; // per member: its first entry in its range's entries
    private readonly int[] _count; // per member: its number of entries

    private PayeeTemplates(Entry[][] entries, int rangeSize, int[] start, int[] count)
    {
        _entries = entries;
        _rangeSize = rangeSize;
        _start = start;
        _count = count;
    }

    /// <summary>
    /// Walks once for every member with an order the bonus pays on: <paramref name="walk"/>
    /// writes the stops of member x's orders, at most <paramref name="maxStops"/>, in the order
    /// its lines are to be paid.
    /// </summary>
    public static PayeeTemplates Build(PeriodContext ctx, int maxStops, Walk walk)
    {
        var n = ctx.Network.Count;
        var ordering = new bool[n];
        foreach (var o in ctx.BonusOrders) ordering[ctx.Orders.Member[o]] = true;
        var start = new int[n];
        var count = new int[n];
        var ranges = Math.Clamp(n / 65_536, 1, Cores.Parts);
        var rangeSize = Math.Max(1, (n + ranges - 1) / ranges);
        var parts = new Entry[ranges][];
        Parallel.For(0, ranges, r =>
        {
            var from = r * rangeSize;
            var to = Math.Min(n, from + rangeSize);
            var members = 0;
            for (var x = from; x < to; x++) if (ordering[x]) members++;
            // Room for the longest walks; pages never written cost nothing.
            var entries = GC.AllocateUninitializedArray<Entry>(checked(members * maxStops));
            Span<Stop> stops = maxStops <= 64 ? stackalloc Stop[maxStops] : new Stop[maxStops];
            var used = 0;
            for (var x = from; x < to; x++)
            {
                if (!ordering[x]) continue;
                var found = walk(x, stops);
                start[x] = used;
                count[x] = found;
                for (var i = 0; i < found; i++)
                {
                    ref var e = ref entries[used++];
                    e.Sum = 0;
                    e.Lines = 0;
                    e.Payee = stops[i].Payee;
                    e.Level = stops[i].Level;
                    e.Percent = stops[i].Percent;
                }
            }
            parts[r] = entries;
        });
        return new PayeeTemplates(parts, rangeSize, start, count);
    }

    /// <summary>
    /// Pays every order the bonus pays on: its member's stops, each <c>percents[stop.Percent]</c> %
    /// of the order's CV, in order of orders; then adds each stop's sum to its payee's totals.
    /// </summary>
    public void Pay(PeriodContext ctx, BonusType bonus, ExactDecimal[] percents)
    {
        var orders = ctx.Orders;
        var bonusOrders = ctx.BonusOrders;
        ctx.EmitOnOrders(bonus, (from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var o = bonusOrders[i];
                var x = orders.Member[o];
                var cv = new ExactDecimal(orders.Cv[o]);
                var entries = _entries[x / _rangeSize];
                var end = _start[x] + _count[x];
                for (var e = _start[x]; e < end; e++)
                {
                    ref var entry = ref entries[e];
                    var cents = Money.Percent(cv, percents[entry.Percent]);
                    if (cents == 0) continue; // zero-amount lines are not written
                    sink.Write(entry.Payee, o, x, entry.Level, cents);
                    // Orders of one member may be paid on two threads at once.
                    Interlocked.Add(ref entry.Sum, cents);
                    Interlocked.Increment(ref entry.Lines);
                }
            }
        });
        for (var x = 0; x < _count.Length; x++)
        {
            var entries = _entries[x / _rangeSize];
            for (var e = _start[x]; e < _start[x] + _count[x]; e++)
            {
                if (entries[e].Lines != 0) ctx.AddToTotals(bonus, entries[e].Payee, entries[e].Sum, entries[e].Lines);
            }
        }
    }
}
