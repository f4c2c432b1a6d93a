using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;

namespace Arbor.Core.Simulation;

/// <summary>A month's orders: the engine's book, what was paid for each (by position), and the members' first orders ever (positions from 1).</summary>
internal sealed record MonthOrders(OrderBook Book, IReadOnlyList<decimal> Paid, IReadOnlySet<long> FirstOrders);

/// <summary>
/// One run of a plan simulation (docs/simulation.md), month by month: members leave (by tenure),
/// recruit (by propensity, slowing as the market is used up), buy for themselves and sell to
/// their customers; then the real compensation engine computes the month for each plan, on the
/// same people and orders, carrying highest ranks and binary carry-over into the next month.
/// Deterministic: the same seed gives the same run. Probabilities are doubles; money and volume
/// are decimal, as everywhere else.
/// </summary>
public sealed class Simulator(Scenario scenario, IReadOnlyList<Plan> plans)
{
    /// <param name="compliance">Whether to compute the scorecard and income disclosure at the end (seconds at 100,000 members): the Monte Carlo report does it for its first run.</param>
    /// <param name="ct">Checked before each month.</param>
    public SimulationRun Run(int months, int seed, bool compliance = true, CancellationToken ct = default)
    {
        var random = new Random(seed);
        var people = new Population(Math.Min(scenario.MarketSize > 0 ? scenario.MarketSize + scenario.SeedMembers : 1 << 16, 1 << 20));
        var state = plans.Select(_ => new PlanState()).ToArray();
        var tracked = plans.Select(p => new SimulatedCompliance(scenario, p, months)).ToArray();
        var lastResults = new PeriodResult[plans.Count];
        MonthOrders? lastOrders = null;
        var binary = plans.Select(p => p.Find<BinaryBonus>() is not null).ToArray();
        var placeBinary = binary.Any(b => b);
        var monthlyCost = scenario.MonthlyFee + decimal.Round(scenario.EventsPerYear / 12m, 2, MidpointRounding.ToEven);

        for (var i = 0; i < scenario.SeedMembers; i++)
        {
            var m = people.Add(i == 0 ? -1 : 0, 0, scenario.Start, recruiter: true, Poisson(random, scenario.CustomersPerMember));
            if (placeBinary && m > 0) people.PlaceBinary(m);
        }
        var figures = new List<MonthFigures>(months);
        for (var month = 0; month < months; month++)
        {
            ct.ThrowIfCancellationRequested();
            var first = scenario.Start.AddMonths(month);
            var last = first.AddMonths(1).AddDays(-1);
            var left = month == 0 ? 0 : Leave(people, random, month);
            var joined = Recruit(people, random, month, first, placeBinary) + (month == 0 ? scenario.SeedMembers : 0);
            var (orders, sales) = Orders(people, random, first, last, monthlyCost, tracked[0].InYear(first), month == months - 1);
            var network = Network(people, state[0]);
            var results = new List<PlanMonth>(plans.Count);
            for (var p = 0; p < plans.Count; p++)
            {
                // Each plan has its own highest ranks and carry-over: the network carries them in.
                if (p > 0) network = Network(people, state[p]);
                var result = PeriodEngine.Run(plans[p], network, orders.Book, new Period(first, last));
                tracked[p].Month(result, state[p].HighestRank, first, last, people.Count);
                results.Add(state[p].Take(result, people.Count));
                lastResults[p] = result;
            }
            var present = 0;
            for (var m = 0; m < people.Count; m++) if (people.Active(m)) present++;
            figures.Add(new MonthFigures(month, first, present, joined, left, people.Count,
                sales.Total, sales.Retail, sales.RetailPv, sales.Pv, sales.Cv, results));
            lastOrders = orders;
        }

        var participants = new Participant[people.Count];
        for (var m = 0; m < people.Count; m++)
        {
            participants[m] = new Participant(people.JoinedMonth[m], people.LeftMonth[m] < 0 ? null : people.LeftMonth[m], people.Recruits[m],
                people.Purchases[m], people.Costs[m],
                [.. state.Select(s => s.EarningsCents[m] / 100m)],
                [.. state.Select((s, p) => plans[p].Ranks[s.HighestRank[m]].Name)]);
        }
        var end = scenario.Start.AddMonths(months - 1);
        if (!compliance || lastOrders is null) return new SimulationRun(seed, figures, participants, [], []);
        var scorecards = plans.Select((_, p) => tracked[p].Scorecard(people, lastResults[p], lastOrders, end, end.AddMonths(1).AddDays(-1))).ToList();
        return new SimulationRun(seed, figures, participants, scorecards, [.. tracked.Select(c => c.Disclosure(people))]);
    }

    private int Leave(Population people, Random random, int month)
    {
        var left = 0;
        // The root (the company's own account) never leaves.
        for (var m = 1; m < people.Count; m++)
        {
            if (!people.Active(m)) continue;
            var chance = month - people.JoinedMonth[m] < 12 ? scenario.DropoutFirstYear : scenario.DropoutLater;
            if (random.NextDouble() < chance)
            {
                people.LeftMonth[m] = month;
                left++;
            }
        }
        return left;
    }

    private int Recruit(Population people, Random random, int month, DateOnly first, bool placeBinary)
    {
        var room = scenario.MarketSize > 0 ? scenario.MarketSize - people.Count : int.MaxValue;
        if (room <= 0) return 0;
        // The market used up so far slows everyone's recruiting alike.
        var fresh = scenario.MarketSize > 0 ? 1.0 - (double)people.Count / scenario.MarketSize : 1.0;
        var existing = people.Count;
        var joined = 0;
        void Join(int sponsor)
        {
            var m = people.Add(sponsor, month, first.AddDays(random.Next(28)), scenario.Sponsoring == Sponsoring.Uniform || random.NextDouble() < scenario.RecruiterShare,
                Poisson(random, scenario.CustomersPerMember));
            people.Costs[m] += scenario.StarterKit;
            if (placeBinary) people.PlaceBinary(m);
            joined++;
        }
        if (scenario.Sponsoring == Sponsoring.Uniform)
        {
            var active = new List<int>(existing);
            for (var m = 0; m < existing; m++) if (people.Active(m)) active.Add(m);
            var count = Math.Min(room, Poisson(random, scenario.RecruitsPerMonth * fresh * active.Count));
            for (var k = 0; k < count; k++) Join(active[random.Next(active.Count)]);
            return joined;
        }
        var rate = scenario.RecruitsPerMonth * fresh;
        for (var m = 0; m < existing && joined < room; m++)
        {
            if (!people.Active(m) || !people.Recruiter[m]) continue;
            for (var k = Poisson(random, rate); k > 0 && joined < room; k--) Join(m);
        }
        return joined;
    }

    private sealed record Sales(decimal Total, decimal Retail, decimal RetailPv, decimal Pv, decimal Cv);

    private (MonthOrders Orders, Sales Sales) Orders(Population people, Random random, DateOnly first, DateOnly last, decimal monthlyCost, bool inYear, bool lastMonth)
    {
        var book = new OrderBookBuilder();
        var paid = new List<decimal>();
        var firstOrders = new HashSet<long>();
        var products = scenario.Products;
        var days = last.Day;
        decimal total = 0, retail = 0, retailPv = 0, pv = 0, cv = 0;
        var n = 0;
        for (var m = 0; m < people.Count; m++)
        {
            if (!people.Active(m)) continue;
            people.Costs[m] += monthlyCost;
            if (random.NextDouble() < scenario.OwnOrderChance)
            {
                var (product, units) = (products[random.Next(products.Count)], 1 + random.Next(scenario.MaxUnits));
                var (orderPv, orderCv, price) = (product.Pv * units, product.Cv * units, product.Member * units);
                var day = Day(people, random, m, first, days);
                book.Add(n + 1, OrderId(n), day, m, OrderKind.Personal, orderPv, orderCv);
                paid.Add(price);
                // The scorecard's order ids are the book's positions from 1 (SimulatedCompliance).
                if (lastMonth && !people.HasBought[m]) firstOrders.Add(n + 1);
                people.HasBought[m] = true;
                n++;
                people.Purchases[m] += price;
                if (inYear) people.YearPurchases[m] += price;
                (total, pv, cv) = (total + price, pv + orderPv, cv + orderCv);
            }
            for (var c = 0; c < people.Customers[m]; c++)
            {
                if (random.NextDouble() >= scenario.CustomerOrderChance) continue;
                var (product, units) = (products[random.Next(products.Count)], 1 + random.Next(scenario.MaxUnits));
                var (orderPv, orderCv, amount) = (product.Pv * units, product.Cv * units, product.Retail * units);
                book.Add(n + 1, OrderId(n), Day(people, random, m, first, days), m, OrderKind.Retail, orderPv, orderCv, amount, product.Member * units, null, people.CustomerId(m, c));
                paid.Add(amount);
                n++;
                (total, retail, retailPv, pv, cv) = (total + amount, retail + amount, retailPv + orderPv, pv + orderPv, cv + orderCv);
            }
        }
        return (new MonthOrders(book.Build("simulation"), paid, firstOrders), new Sales(total, retail, retailPv, pv, cv));
    }

    // Order ids need only be unique within a month: the same strings serve every month.
    private readonly List<string> _orderIds = [];

    private string OrderId(int n)
    {
        while (_orderIds.Count <= n) _orderIds.Add("O" + _orderIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return _orderIds[n];
    }

    // An order's day: in the month, not before its member joined.
    private static DateOnly Day(Population people, Random random, int m, DateOnly first, int days)
    {
        var earliest = people.JoinedOn[m] > first ? people.JoinedOn[m].Day - 1 : 0;
        return first.AddDays(earliest + random.Next(days - earliest));
    }

    private static Network Network(Population people, PlanState state)
    {
        var builder = new NetworkBuilder(people.Count);
        state.Grow(people.Count);
        for (var m = 0; m < people.Count; m++)
        {
            builder.Add(m + 1, people.Ids[m], people.Sponsor[m] < 0 ? null : people.Ids[people.Sponsor[m]], people.JoinedOn[m], !people.Active(m),
                people.PlacementParent[m] < 0 ? null : people.Ids[people.PlacementParent[m]], people.Side[m], state.HighestRank[m], state.CarryLeft[m], state.CarryRight[m]);
        }
        return builder.Build("simulation");
    }

    /// <summary>Knuth's method: λ is small here (a member's recruits or customers in a month).</summary>
    internal static int Poisson(Random random, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30)
        {
            // A large mean (uniform sponsoring over a big company): the normal approximation.
            var u = 1.0 - random.NextDouble();
            var v = random.NextDouble();
            var normal = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
        }
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }

    /// <summary>What flows from one month into the next for one plan, and what each member earned so far.</summary>
    private sealed class PlanState
    {
        public int[] HighestRank = [];
        public decimal[] CarryLeft = [];
        public decimal[] CarryRight = [];
        public long[] EarningsCents = [];

        public void Grow(int count)
        {
            if (HighestRank.Length >= count) return;
            var size = Math.Max(count, HighestRank.Length * 2);
            Array.Resize(ref HighestRank, size);
            Array.Resize(ref CarryLeft, size);
            Array.Resize(ref CarryRight, size);
            Array.Resize(ref EarningsCents, size);
        }

        public PlanMonth Take(PeriodResult result, int count)
        {
            var earnings = result.EarningsCents;
            var highest = result.HighestRank;
            var paid = 0;
            for (var m = 0; m < count; m++)
            {
                EarningsCents[m] += earnings[m];
                if (earnings[m] > 0) paid++;
                HighestRank[m] = highest[m];
                if (result.HasBinary)
                {
                    CarryLeft[m] = result.CarryLeft[m];
                    CarryRight[m] = result.CarryRight[m];
                }
            }
            return new PlanMonth(result.TotalPayoutCents / 100m, result.ByBonusCents.ToArray(), result.ActiveMembers, paid);
        }
    }
}
