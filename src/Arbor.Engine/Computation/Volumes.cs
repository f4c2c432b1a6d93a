using System.Runtime.CompilerServices;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>Section 4.1–4.3: personal volume, group volume and activity.</summary>
internal static class Volumes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(PeriodContext ctx)
    {
        // Own volumes on every core, each core summing the orders of its own range of members
        // (every core reads all orders and keeps its members'), so no two cores add to one sum.
        // As integers when every order's volumes allow, else as decimals: the same sums.
        var integers = SumAsIntegers(ctx);
        var totals = integers is null ? SumAsDecimals(ctx) : (Pv: integers.TotalPv, Cv: integers.TotalCv);
        ctx.TotalPv = totals.Pv;
        ctx.TotalCv = totals.Cv;

        // GV: the whole downline, whatever anyone's status, bottom-up on every core; as integers
        // when the own volumes were, and no sum can outgrow them (their magnitudes add up below 2^59).
        if (integers is { GroupFits: true }) GroupAsIntegers(ctx, integers.Own);
        else GroupAsDecimals(ctx);
    }

    private static void GroupAsDecimals(PeriodContext ctx)
    {
        var pv = ctx.Pv;
        var gv = ctx.Gv;
        var sponsors = ctx.Sponsors;
        sponsors.WalkBottomUp([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            for (var i = topDown.Length - 1; i >= 0; i--)
            {
                var m = topDown[i];
                var sum = pv[m];
                foreach (var c in sponsors.ChildrenOf(m)) sum += gv[c];
                gv[m] = sum;
            }
        });
    }

    /// <summary>
    /// GV from the integer own sums: each member's sum of ten-thousandths and most decimals, as
    /// for own volumes; then, on every core, each as its decimal and both volumes as plain
    /// ten-thousandths for the ranks (<see cref="PeriodContext.PvUnits"/>).
    /// </summary>
    private static void GroupAsIntegers(PeriodContext ctx, IntegerSums[] own)
    {
        var n = ctx.Network.Count;
        var sums = GC.AllocateUninitializedArray<long>(n); // every member's written bottom-up before it is read
        var sponsors = ctx.Sponsors;
        sponsors.WalkBottomUp([MethodImpl(MethodImplOptions.AggressiveOptimization)] (ReadOnlySpan<int> topDown) =>
        {
            for (var i = topDown.Length - 1; i >= 0; i--)
            {
                var m = topDown[i];
                var sum = own[m].Pv;
                foreach (var c in sponsors.ChildrenOf(m)) sum = Add(sum, sums[c]);
                sums[m] = sum;
            }
        });
        var gv = ctx.Gv;
        var pvUnits = GC.AllocateUninitializedArray<long>(n);
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var m = from; m < to; m++)
            {
                gv[m] = ToDecimal(sums[m] >> ScaleBits, (int)(sums[m] & ScaleMask));
                sums[m] >>= ScaleBits;
                pvUnits[m] = own[m].Pv >> ScaleBits;
            }
        });
        ctx.PvUnits = pvUnits;
        ctx.GvUnits = sums;
    }

    /// <summary>
    /// The own volumes as decimals, and activity: each member's PV and CV side by side, so an order
    /// touches one place in memory. Returns the period's totals (the members' sums).
    /// </summary>
    private static (decimal Pv, decimal Cv) SumAsDecimals(PeriodContext ctx)
    {
        var (pv, ownCv, active) = (ctx.Pv, ctx.OwnCv, ctx.Active);
        var terminated = ctx.Network.Terminated;
        var minPv = ctx.Plan.ActiveMinPv;
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        var n = ctx.Network.Count;
        var own = new DecimalSums[n];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, first, last) =>
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<DecimalSums, long>(own.AsSpan());
            // A batch of orders at a time: a word of each of its members' sums is read first, in
            // a run of loads that do not wait for one another (their cache misses overlap), then
            // the sums are added to from cache.
            Span<int> members = stackalloc int[Batch];
            long seen = 0;
            for (var start = 0; start < periodOrders.Length; start += Batch)
            {
                var count = Math.Min(Batch, periodOrders.Length - start);
                for (var b = 0; b < count; b++)
                {
                    var m = members[b] = orders.Member[periodOrders[start + b]];
                    if (m >= first && m < last) seen ^= words[4 * m];
                }
                for (var b = 0; b < count; b++)
                {
                    var m = members[b];
                    if (m < first || m >= last) continue;
                    var o = periodOrders[start + b];
                    ref var sum = ref own[m];
                    sum.Pv += orders.Pv[o];
                    sum.Cv += orders.Cv[o];
                }
            }
            Touch.Keep(seen);
        });
        var rangeTotals = new (decimal Pv, decimal Cv)[Cores.PartsFor(n)];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (r, from, to) =>
        {
            decimal totalPv = 0, totalCv = 0;
            for (var m = from; m < to; m++)
            {
                pv[m] = own[m].Pv;
                ownCv[m] = own[m].Cv;
                active[m] = !terminated[m] && pv[m] >= minPv;
                totalPv += own[m].Pv;
                totalCv += own[m].Cv;
            }
            rangeTotals[r] = (totalPv, totalCv);
        });
        return (rangeTotals.Aggregate(0m, (sum, r) => sum + r.Pv), rangeTotals.Aggregate(0m, (sum, r) => sum + r.Cv));
    }

    /// <summary>
    /// The own volumes as integers: each sum a count of ten-thousandths with, in its low three
    /// bits, the most decimals of what it adds up (a decimal sum keeps the most decimals of its
    /// terms: 1.50 + 2.5 = 4.00). Half the memory of two decimals, and no decimal additions.
    /// Null when some order's volume has more than four decimals or some sum grows past 2^59
    /// (the decimals then sum them).
    /// </summary>
    private static IntegerVolumes? SumAsIntegers(PeriodContext ctx)
    {
        var (pv, ownCv, active) = (ctx.Pv, ctx.OwnCv, ctx.Active);
        var terminated = ctx.Network.Terminated;
        var minPv = ctx.Plan.ActiveMinPv;
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        var n = ctx.Network.Count;
        var own = new IntegerSums[n];
        var tooLarge = false;
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, first, last) =>
        {
            Span<int> members = stackalloc int[Batch];
            long seen = 0;
            var fits = true;
            for (var start = 0; start < periodOrders.Length && fits; start += Batch)
            {
                var count = Math.Min(Batch, periodOrders.Length - start);
                for (var b = 0; b < count; b++)
                {
                    var m = members[b] = orders.Member[periodOrders[start + b]];
                    if (m >= first && m < last) seen ^= own[m].Pv;
                }
                for (var b = 0; b < count; b++)
                {
                    var m = members[b];
                    if (m < first || m >= last) continue;
                    var o = periodOrders[start + b];
                    ref var sum = ref own[m];
                    fits &= TryAdd(ref sum.Pv, orders.Pv[o]) & TryAdd(ref sum.Cv, orders.Cv[o]);
                }
            }
            if (!fits) Volatile.Write(ref tooLarge, true);
            Touch.Keep(seen);
        });
        if (tooLarge) return null;
        var rangeTotals = new (Int128 Pv, int PvScale, Int128 Cv, int CvScale, Int128 PvMagnitude)[Cores.PartsFor(n)];
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (r, from, to) =>
        {
            Int128 totalPv = 0, totalCv = 0, pvMagnitude = 0;
            int pvScale = 0, cvScale = 0;
            for (var m = from; m < to; m++)
            {
                var sums = own[m];
                pv[m] = ToDecimal(sums.Pv >> ScaleBits, (int)(sums.Pv & ScaleMask));
                ownCv[m] = ToDecimal(sums.Cv >> ScaleBits, (int)(sums.Cv & ScaleMask));
                active[m] = !terminated[m] && pv[m] >= minPv;
                totalPv += sums.Pv >> ScaleBits;
                totalCv += sums.Cv >> ScaleBits;
                pvMagnitude += Math.Abs(sums.Pv >> ScaleBits);
                pvScale = Math.Max(pvScale, (int)(sums.Pv & ScaleMask));
                cvScale = Math.Max(cvScale, (int)(sums.Cv & ScaleMask));
            }
            rangeTotals[r] = (totalPv, pvScale, totalCv, cvScale, pvMagnitude);
        });
        Int128 allPv = 0, allCv = 0, allPvMagnitude = 0;
        int allPvScale = 0, allCvScale = 0;
        foreach (var (rPv, rPvScale, rCv, rCvScale, rPvMagnitude) in rangeTotals)
        {
            allPv += rPv;
            allCv += rCv;
            allPvMagnitude += rPvMagnitude;
            allPvScale = Math.Max(allPvScale, rPvScale);
            allCvScale = Math.Max(allCvScale, rCvScale);
        }
        return new IntegerVolumes(ToDecimal(allPv, allPvScale), ToDecimal(allCv, allCvScale), own, allPvMagnitude < MostTenThousandths);
    }

    /// <summary>What the integer own sums give: the period's totals, the sums, and whether group sums of them stay in range.</summary>
    private sealed record IntegerVolumes(decimal TotalPv, decimal TotalCv, IntegerSums[] Own, bool GroupFits);

    /// <summary>An integer sum's ten-thousandths are in its bits above these; the most decimals of its terms in these.</summary>
    private const int ScaleBits = 3;
    private const long ScaleMask = (1 << ScaleBits) - 1;

    /// <summary>Ten-thousandths: the most decimals an order's volume may have for the integer sums.</summary>
    private const int IntegerScale = 4;

    /// <summary>How large a sum of ten-thousandths may grow: its bits shifted up by <see cref="ScaleBits"/> stay inside a long.</summary>
    private const long MostTenThousandths = 1L << 59;

    /// <summary>Adds a volume to a sum kept as ten-thousandths and decimals; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAdd(ref long sum, decimal volume)
    {
        if (!Money.TrySplit(volume, out var mantissa, out var scale) || scale > IntegerScale) return false;
        var tenThousandths = scale switch
        {
            0 => mantissa * 10_000,
            1 => mantissa * 1_000,
            2 => mantissa * 100,
            3 => mantissa * 10,
            _ => mantissa,
        };
        // Under 2^45 (31-bit digits), added to a sum under 2^59: the result still fits with its decimals.
        var total = Add(sum, (tenThousandths << ScaleBits) | (long)scale);
        if (total >> ScaleBits >= MostTenThousandths || total >> ScaleBits <= -MostTenThousandths) return false;
        sum = total;
        return true;
    }

    /// <summary>Two sums kept with their decimals in the low bits, added: the counts add, the most decimals stay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Add(long a, long b) => (((a >> ScaleBits) + (b >> ScaleBits)) << ScaleBits) | Math.Max(a & ScaleMask, b & ScaleMask);

    /// <summary>A count of ten-thousandths as the decimal of <paramref name="scale"/> decimals it is (its terms had at most that many).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal ToDecimal(long tenThousandths, int scale)
    {
        // Below 2^59 in magnitude (TryAdd): the low and middle words hold it. Constant divisors: multiplications.
        var magnitude = (ulong)Math.Abs(scale switch
        {
            0 => tenThousandths / 10_000,
            1 => tenThousandths / 1_000,
            2 => tenThousandths / 100,
            3 => tenThousandths / 10,
            _ => tenThousandths,
        });
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, tenThousandths < 0, (byte)scale);
    }

    /// <inheritdoc cref="ToDecimal(long, int)"/>
    private static decimal ToDecimal(Int128 tenThousandths, int scale)
    {
        long perUnit = 1; // ten-thousandths per unit of the last decimal
        for (var s = scale; s < IntegerScale; s++) perUnit *= 10;
        var magnitude = (UInt128)Int128.Abs(tenThousandths / perUnit);
        var high = (uint)(magnitude >> 64); // throws past 96 bits, as a decimal sum would
        return new decimal(unchecked((int)(uint)(magnitude & uint.MaxValue)), unchecked((int)(uint)((magnitude >> 32) & uint.MaxValue)), unchecked((int)high), tenThousandths < 0, (byte)scale);
    }

    private const int Batch = 32;

    /// <summary>A member's own volumes as decimals.</summary>
    private struct DecimalSums
    {
        public decimal Pv;
        public decimal Cv;
    }

    /// <summary>A member's own volumes as integers (<see cref="SumAsIntegers"/>).</summary>
    private struct IntegerSums
    {
        public long Pv;
        public long Cv;
    }
}
