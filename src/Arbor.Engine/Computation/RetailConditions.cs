using System.Runtime.CompilerServices;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation;

/// <summary>
/// Plan qualifications (issue 17; docs/plan-format.md#qualifications): each member's retail
/// figures of the period and the conditions of pay built on them. Made only for a plan that has
/// such a condition, so a plan without one computes exactly as before, at the same speed.
/// <list type="bullet">
/// <item>retail PV and personal PV: the PV of the member's <c>retail</c> and <c>personal</c> orders
/// dated in the period (returns left out: decision 18);</item>
/// <item>retail customers: distinct <c>customer_id</c>s among its retail orders of the period (only
/// when some condition counts them).</item>
/// </list>
/// The contract read plainly, without the speed: <see cref="Reference.Standing"/>.
/// </summary>
internal sealed class RetailConditions
{
    private RetailConditions(decimal[] retailPv, decimal[] personalPv, int[]? customers)
    {
        RetailPv = retailPv;
        PersonalPv = personalPv;
        Customers = customers;
    }

    /// <summary>Per member, the PV of its retail orders dated in the period.</summary>
    public decimal[] RetailPv { get; }

    /// <summary>Per member, the PV of its personal orders dated in the period (its own purchases).</summary>
    public decimal[] PersonalPv { get; }

    /// <summary>Per member, its distinct retail customers in the period; null when no condition counts them.</summary>
    public int[]? Customers { get; }

    /// <summary>The member's retail customers (0 when no condition counts them).</summary>
    public int CustomersOf(int m) => Customers?[m] ?? 0;

    /// <summary>True when member <paramref name="m"/> meets <paramref name="q"/>.</summary>
    public bool Meets(Qualification q, int m) => q.Met(RetailPv[m], PersonalPv[m], CustomersOf(m));

    /// <summary>The figures, or null when the plan has no retail condition.</summary>
    /// <exception cref="InputException">The plan counts retail customers and a retail order has no <c>customer_id</c>.</exception>
    public static RetailConditions? Compute(PeriodContext ctx)
    {
        var plan = ctx.Plan;
        if (!plan.HasRetailConditions) return null;
        var counts = plan.CountsRetailCustomers;
        if (counts) RequireCustomers(ctx.Orders, plan);
        var (retail, personal) = SumVolumes(ctx);
        return new RetailConditions(retail, personal, counts ? CountCustomers(ctx) : null);
    }

    /// <summary>Every retail order of the book must name its customer when the plan counts them.</summary>
    private static void RequireCustomers(OrderBook orders, Plan plan)
    {
        var errors = new ErrorList(orders.Source);
        for (var o = 0; o < orders.Count && !errors.Full; o++)
        {
            if (orders.Kind[o] != OrderKind.Retail || orders.CustomerOf(o) is not null) continue;
            errors.Add(orders.Lines[o],
                $"retail order '{orders.Ids[o]}' has no customer_id; the plan ({plan.Source}) counts retail customers (min_retail_customers), so every retail order must name its customer");
        }
        errors.ThrowIfAny();
    }

    /// <summary>
    /// Retail and personal PV per member, one range of members per core (every core reads the
    /// period's orders and keeps its own members'), so no two cores add to one sum.
    /// </summary>
    private static (decimal[] Retail, decimal[] Personal) SumVolumes(PeriodContext ctx)
    {
        var n = ctx.Network.Count;
        var retail = new decimal[n];
        var personal = new decimal[n];
        var orders = ctx.Orders;
        var periodOrders = ctx.PeriodOrders;
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, first, last) =>
        {
            foreach (var o in periodOrders)
            {
                var m = orders.Member[o];
                if (m < first || m >= last) continue;
                switch (orders.Kind[o])
                {
                    case OrderKind.Retail: retail[m] += orders.Pv[o]; break;
                    case OrderKind.Personal: personal[m] += orders.Pv[o]; break;
                    case OrderKind.Return: break; // left out of the shares (decision 18)
                }
            }
        });
        return (retail, personal);
    }

    /// <summary>
    /// Distinct customers per member: each retail order of the period as one number, its member in
    /// the high half and its customer's number in the low half, sorted; each run of equal numbers
    /// is one customer of one member.
    /// </summary>
    private static int[] CountCustomers(PeriodContext ctx)
    {
        var orders = ctx.Orders;
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new List<long>();
        foreach (var o in ctx.PeriodOrders)
        {
            if (orders.Kind[o] != OrderKind.Retail) continue;
            var id = orders.CustomerOf(o)!; // RequireCustomers saw to it
            if (!numbers.TryGetValue(id, out var c)) numbers[id] = c = numbers.Count;
            pairs.Add(((long)orders.Member[o] << 32) | (uint)c);
        }
        var sorted = pairs.ToArray();
        Array.Sort(sorted);
        var customers = new int[ctx.Network.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1]) customers[(int)(sorted[i] >> 32)]++;
        }
        return customers;
    }

    /// <summary>Activity (section 4.3) with the plan's <c>active</c> retail conditions: an active member that misses one is not active.</summary>
    public void ApplyToActivity(PeriodContext ctx)
    {
        var q = ctx.Plan.ActiveQualification;
        if (q.IsNone) return;
        var active = ctx.Active;
        for (var m = 0; m < active.Length; m++)
        {
            if (active[m] && !Meets(q, m)) active[m] = false;
        }
    }

    /// <summary>Per member, true when it is active and meets <paramref name="q"/>: who a bonus with these conditions pays.</summary>
    public bool[] Qualified(bool[] active, Qualification q)
    {
        var paid = new bool[active.Length];
        for (var m = 0; m < paid.Length; m++) paid[m] = active[m] && Meets(q, m);
        return paid;
    }
}
