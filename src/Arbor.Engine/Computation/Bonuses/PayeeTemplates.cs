using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Who an order pays, at which level and which percent, depends only on the member who placed
/// it, not on the order: unilevel and stairstep walk the upline once per ordering member
/// (on every core) and keep the stops as a template, and each order then pays its member's
/// template on its own CV. Each template entry also sums the cents it paid, so a payee's
/// totals are added once per entry rather than once per line.
/// </summary>
internal sealed class PayeeTemplates
{
    /// <summary>One stop of a walk: the member paid, the line's level, the percent (an index into the bonus's table).</summary>
    public readonly record struct Stop(int Payee, int Level, int Percent);

    private struct Entry
    {
        public long Sum;
        public int Payee;
        public int Level;
        public int Percent;
    }

    private readonly Entry[] _entries;
    private readonly int[] _start; // per member: its first entry
    private readonly int[] _count; // per member: its number of entries

    private PayeeTemplates(Entry[] entries, int[] start, int[] count)
    {
        _entries = entries;
        _start = start;
        _count = count;
    }

    /// <summary>
    /// Walks once for every member with an order the bonus pays on: <paramref name="walk"/>
    /// adds the stops of member x's orders, in the order its lines are to be paid.
    /// </summary>
    public static PayeeTemplates Build(PeriodContext ctx, Action<int, List<Stop>> walk)
    {
        var n = ctx.Network.Count;
        var ordering = new bool[n];
        foreach (var o in ctx.BonusOrders) ordering[ctx.Orders.Member[o]] = true;
        var start = new int[n];
        var count = new int[n];
        var ranges = Math.Clamp(n / 65_536, 1, Environment.ProcessorCount);
        var parts = new Entry[ranges][];
        Parallel.For(0, ranges, r =>
        {
            var from = (int)((long)n * r / ranges);
            var to = (int)((long)n * (r + 1) / ranges);
            var stops = new List<Stop>();
            var entries = new List<Entry>();
            for (var x = from; x < to; x++)
            {
                if (!ordering[x]) continue;
                stops.Clear();
                walk(x, stops);
                start[x] = entries.Count;
                count[x] = stops.Count;
                foreach (var s in stops) entries.Add(new Entry { Payee = s.Payee, Level = s.Level, Percent = s.Percent });
            }
            parts[r] = [.. entries];
        });
        // One array: each range's entries after the earlier ranges'.
        var all = new Entry[parts.Sum(p => (long)p.Length)];
        var offset = 0;
        for (var r = 0; r < ranges; r++)
        {
            parts[r].CopyTo(all, offset);
            if (offset > 0)
            {
                for (var x = (int)((long)n * r / ranges); x < (int)((long)n * (r + 1) / ranges); x++) start[x] += offset;
            }
            offset += parts[r].Length;
        }
        return new PayeeTemplates(all, start, count);
    }

    /// <summary>
    /// Pays every order the bonus pays on: its member's stops, each <c>percents[stop.Percent]</c> %
    /// of the order's CV, in order of orders; then adds each stop's sum to its payee's totals.
    /// </summary>
    public void Pay(PeriodContext ctx, BonusType bonus, ExactDecimal[] percents)
    {
        var orders = ctx.Orders;
        var bonusOrders = ctx.BonusOrders;
        var entries = _entries;
        ctx.EmitOnOrders(bonus, (from, to, sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var o = bonusOrders[i];
                var x = orders.Member[o];
                var cv = new ExactDecimal(orders.Cv[o]);
                var end = _start[x] + _count[x];
                for (var e = _start[x]; e < end; e++)
                {
                    ref var entry = ref entries[e];
                    var cents = Money.Percent(cv, percents[entry.Percent]);
                    if (cents == 0) continue; // zero-amount lines are not written
                    sink.Write(entry.Payee, o, x, entry.Level, cents);
                    // Orders of one member may be paid on two threads at once.
                    Interlocked.Add(ref entry.Sum, cents);
                }
            }
        });
        foreach (ref readonly var entry in entries.AsSpan())
        {
            if (entry.Sum != 0) ctx.AddToTotals(bonus, entry.Payee, entry.Sum);
        }
    }
}
