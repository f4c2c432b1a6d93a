using System.Globalization;
using System.Text;
using Arbor.Engine.Batch;
using Arbor.Engine.Computation;
using Arbor.Engine.Computation.Reference;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;
using FsCheck;
using FsCheck.Fluent;
using Plan = Arbor.Engine.Plans.Plan;

namespace Arbor.Engine.Tests;

/// <summary>
/// The fast engine against the contract computed as it reads (<see cref="ReferenceEngine"/>):
/// random plans with every bonus and option (compression, max levels and generations, binary cap,
/// carry limit and flush, breakaway and overrides, leg caps and leg ranks, both caps) on random
/// companies (terminations, returns, retail orders, orders outside the period, carries in, ranks
/// held before, returns settled elsewhere): every payout line and every member figure the same.
/// </summary>
public class ReferenceTests
{
    [Fact]
    public void Engine_PaysWhatTheContractSays_OnRandomPlansAndCompanies() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(1, 90).Select(size => (seed, size))).ToArbitrary(),
            c => EngineEqualsReference(c.seed, c.size)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Engine_PaysWhatTheContractSays_OnALargerRandomCompany(int seed)
    {
        // Large enough (over Forest.MinMembersToCut and Cores.MinItemsPerPart) that the engine cuts
        // the tree into groups and pays ranges of orders and members on several cores. The
        // reference recurses down the sponsor tree, which may be thousands deep: a thread with room.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { EngineEqualsReference(seed, 9_000); }
            catch (Exception e) { failure = e; }
        }, 256 << 20);
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
    }

    [Fact]
    public void RandomPlansAndCompanies_PayEveryBonus_AndBringEveryCapIntoPlay()
    {
        // The comparison above is only as good as what the random plans pay: every bonus type,
        // both caps applied, overrides and returns settled elsewhere, within a hundred seeds.
        var bonuses = new HashSet<BonusType>();
        var (memberCaps, payoutCaps, overrides, settledReturns) = (0, 0, 0, 0);
        var (twoToOne, placement, slabs, closed, exclusive, numbered) = (0, 0, 0, 0, 0, 0);
        for (var seed = 0; seed < 100; seed++)
        {
            var (plan, network, book, settled) = Generate(seed, 40);
            var r = PeriodEngine.Run(plan, network, book, Run.November, settled);
            foreach (var l in r.Lines) bonuses.Add(l.Bonus);
            if (r.Caps.MemberCap is { } cap && Enumerable.Range(0, network.Count).Any(m => r.CapBase[m] > cap * 100)) memberCaps++;
            if (r.Caps.PayoutCapApplied) payoutCaps++;
            if (r.Lines.Any(l => l.Level > 100)) overrides++;
            if (settled?.Any(s => s) == true) settledReturns++;
            // Section 9's rules, each paying in some of the plans.
            bool Pays(BonusType type) => r.Lines.Any(l => l.Bonus == type);
            if (plan.Find<BinaryBonus>() is { Cycle.TwoToOne: true } && Pays(BonusType.Binary)) twoToOne++;
            if (plan.Find<UnilevelBonus>() is { OverPlacement: true } && Pays(BonusType.Unilevel)) placement++;
            if (plan.Find<StairstepBonus>() is { Slabs: not null, StartAtSponsor: true } && Pays(BonusType.Stairstep)) slabs++;
            if (plan.Find<MatchingBonus>() is { GenerationRank: > 0 } && r.Lines.Any(l => l.Bonus == BonusType.Matching && l.Level > 1)) closed++;
            if (plan.Find<FastStartBonus>() is { Exclusive: true } && Pays(BonusType.FastStart) && Pays(BonusType.Unilevel)) exclusive++;
            if (network.Side.Contains(Side.Numbered)) numbered++;
        }
        Assert.Equal(Enum.GetValues<BonusType>().Where(b => b != BonusType.Clawback).Order(), bonuses.Order());
        Assert.All(new[] { memberCaps, payoutCaps, overrides, settledReturns }, count => Assert.InRange(count, 5, 95));
        Assert.All(new[] { twoToOne, placement, slabs, closed, exclusive, numbered }, count => Assert.InRange(count, 2, 95));
    }

    [Fact]
    public void RandomPlansAndCompanies_BringEveryRetailConditionIntoPlay()
    {
        // Issue 17: within a hundred seeds, members made inactive by the retail conditions of activity, active
        // members a bonus does not pay for its own conditions, and members paid in proportion by the 70 % rule,
        // by share and by customers alike; and plans without any of it.
        var (inactiveByShare, inactiveByCustomers, unpaidByBonus, proportional, without) = (0, 0, 0, 0, 0);
        for (var seed = 0; seed < 100; seed++)
        {
            var (plan, network, book, settled) = Generate(seed, 40);
            var r = PeriodEngine.Run(plan, network, book, Run.November, settled);
            if (!r.HasRetailFigures)
            {
                without++;
                continue;
            }
            var q = plan.ActiveQualification;
            var standing = Enumerable.Range(0, network.Count).Where(m => !network.Terminated[m] && r.Pv[m] >= plan.ActiveMinPv).ToList();
            if (standing.Any(m => !q.ShareMet(r.RetailPv[m], r.PersonalPv[m]))) inactiveByShare++;
            if (standing.Any(m => !q.CustomersMet(r.RetailCustomersOf(m)))) inactiveByCustomers++;
            if (plan.Bonuses.Any(b => Enumerable.Range(0, network.Count).Any(m => r.Active[m] && !r.Meets(b.Qualification, m)))) unpaidByBonus++;
            if (plan.SalesRule is { } rule && r.Lines.Any(l => l.Bonus != BonusType.RetailProfit && rule.Factor(r.RetailPv[l.Payee], r.PersonalPv[l.Payee]) is not null)) proportional++;
        }
        Assert.All(new[] { inactiveByShare, inactiveByCustomers, unpaidByBonus, proportional, without }, count => Assert.InRange(count, 5, 95));
    }

    /// <summary>A random plan and company from <paramref name="seed"/>, read as the engine reads them, and (one time in three) returns settled elsewhere.</summary>
    private static (Plan Plan, Network Network, OrderBook Orders, bool[]? Settled) Generate(int seed, int size)
    {
        var random = new Random(seed);
        // Issue 17's keys and customers draw from a generator of their own, so that the plans and companies
        // of a seed are otherwise those drawn before them.
        var retail = new Random(unchecked(seed * 7919 + 17));
        var version2 = new Random(unchecked(seed * 104_729 + 3));
        var plan = WithVersion2(version2, WithRetailConditions(retail, RandomPlan(random)));
        var (members, orders) = RandomCompany(random, plan, size, retail);
        // A small company may have no member placed: a plan paying up the placement tree refuses it
        // (section 9.1), so such a company pays up the sponsor tree.
        if (plan.Find<UnilevelBonus>() is { OverPlacement: true } overPlacement && !members.Contains(",L,", StringComparison.Ordinal) && !members.Contains(",R,", StringComparison.Ordinal))
        {
            plan = plan with { Bonuses = [.. plan.Bonuses.Select(b => b == overPlacement ? overPlacement with { OverPlacement = false } : b)] };
        }
        // Without a binary, the placement tree may be a matrix of numbered positions (section 9.1).
        if (plan.Find<BinaryBonus>() is null && version2.Next(2) == 0)
        {
            members = members.Replace(",L,", ",1,", StringComparison.Ordinal).Replace(",R,", ",2,", StringComparison.Ordinal);
        }
        var network = MemberFileReader.Read(Run.Stream(members), "members.csv", plan);
        var book = OrderFileReader.Read(Run.Stream(orders), "orders.csv", network);
        bool[]? settled = null;
        if (random.Next(3) == 0)
        {
            settled = new bool[book.Count];
            for (var o = 0; o < book.Count; o++) settled[o] = book.Kind[o] == OrderKind.Return && random.Next(2) == 0;
        }
        return (plan, network, book, settled);
    }

    [Theory]
    [InlineData("v2-cycles")]
    [InlineData("matrix-3wide")]
    [InlineData("hybrid")]
    public void Engine_PaysWhatTheContractSays_OnTheExamples(string name)
    {
        var folder = Path.Combine(ExampleTests.ExamplesRoot(), name);
        var period = File.ReadAllText(Path.Combine(folder, "period.txt")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        var input = BatchInput.Load(Path.Combine(folder, "plan.yaml"), Path.Combine(folder, "members.csv"), Path.Combine(folder, "orders.csv"));
        var dates = new Period(DateOnly.Parse(period[0], CultureInfo.InvariantCulture), DateOnly.Parse(period[1], CultureInfo.InvariantCulture));
        EngineEqualsReference(input.Plan, input.Network, input.Orders, null, dates, name);
    }

    private static void EngineEqualsReference(int seed, int size)
    {
        var (plan, network, book, settled) = Generate(seed, size);
        EngineEqualsReference(plan, network, book, settled, Run.November, $"seed {seed}, size {size}");
    }

    private static void EngineEqualsReference(Plan plan, Network network, OrderBook book, bool[]? settled, Period period, string context)
    {
        var fast = PeriodEngine.Run(plan, network, book, period, settled);
        var reference = ReferenceEngine.Run(plan, Company.From(network, book, settled), period);

        var lines = fast.Lines.Select(l => new Line(network.Ids[l.Payee], l.Bonus, l.SourceOrder < 0 ? null : book.Ids[l.SourceOrder],
            network.Ids[l.SourceMember], l.Level, l.Amount)).ToList();
        for (var i = 0; i < Math.Min(lines.Count, reference.Lines.Count); i++)
        {
            Assert.True(lines[i] == reference.Lines[i], $"{context}: payout line {i + 1} is {lines[i]}, the contract says {reference.Lines[i]}");
        }
        Assert.True(lines.Count == reference.Lines.Count, $"{context}: {lines.Count} payout lines, the contract says {reference.Lines.Count}");

        for (var m = 0; m < network.Count; m++)
        {
            var expected = reference.Members[m];
            var actual = new MemberFigures(network.Ids[m], fast.Pv[m], fast.Gv[m], fast.Active[m], fast.Rank[m], fast.HighestRank[m],
                fast.CarryLeft[m], fast.CarryRight[m], fast.EarningsCents[m] / 100m);
            Assert.True(actual == expected, $"{context}: member {actual}, the contract says {expected}");
            // The outputs keep the scale decimal arithmetic gives volumes (decision 1).
            Assert.Equal(Text(expected.Pv, expected.Gv, expected.CarryLeft, expected.CarryRight), Text(actual.Pv, actual.Gv, actual.CarryLeft, actual.CarryRight));
        }
        Assert.Equal(Text(reference.TotalPv, reference.TotalCv), Text(fast.TotalPv, fast.TotalCv));
        Assert.Equal(reference.TotalPayout, fast.TotalPayoutCents / 100m);
    }

    private static string Text(params decimal[] values) => string.Join(' ', values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    /// <summary>0 to <paramref name="max"/> with up to <paramref name="maxScale"/> decimals.</summary>
    private static decimal Number(Random random, int max, int maxScale)
    {
        var scale = random.Next(maxScale + 1);
        var mantissa = random.Next((int)Math.Min(int.MaxValue, max * (long)Math.Pow(10, scale)) + 1);
        return new decimal(mantissa, 0, 0, false, (byte)scale);
    }

    private static List<decimal> Percents(Random random, int most) =>
        [.. Enumerable.Range(0, random.Next(most + 1)).Select(_ => random.Next(8) == 0 ? 0 : Number(random, 25, 3))];

    private static Plan RandomPlan(Random random)
    {
        var rankCount = random.Next(1, 5);
        var ranks = new List<Rank> { new("R0", 0, 0, null, null) };
        for (var r = 1; r < rankCount; r++)
        {
            var minPv = Pick(random, 0m, 20m, 50m, 80.5m);
            var minGv = Pick(random, 0m, 100m, 250m, 600m, 1500m) * r;
            decimal? legPercent = random.Next(3) == 0 ? Pick(random, 40m, 50m, 33.3m, 100m) : null;
            var legs = random.Next(3) == 0 ? new LegRequirement(random.Next(0, 3), random.Next(rankCount)) : null;
            ranks.Add(new Rank($"R{r}", minPv, minGv, legPercent, legs));
        }
        List<int> Limits() => [.. ranks.Select(_ => random.Next(4) == 0 ? int.MaxValue : random.Next(0, 5))];
        List<decimal> ByRank(int max, int scale) => [.. ranks.Select(_ => random.Next(4) == 0 ? 0 : Number(random, max, scale))];

        var bonuses = new List<Bonus>();
        if (random.Next(4) > 0) bonuses.Add(new RetailProfitBonus());
        if (random.Next(4) > 0) bonuses.Add(new FastStartBonus(random.Next(3) == 0 ? null : random.Next(1, 45), Percents(random, 3)));
        if (random.Next(4) > 0) bonuses.Add(new UnilevelBonus(random.Next(2) == 0, Percents(random, 6), Limits()));
        if (random.Next(4) > 0)
        {
            bonuses.Add(new BinaryBonus(Number(random, 20, 2), random.Next(2) == 0 ? null : Number(random, 60, 2),
                random.Next(2) == 0 ? null : Number(random, 300, 1), random.Next(2) == 0));
        }
        if (random.Next(4) > 0)
        {
            int? breakaway = random.Next(3) == 0 ? null : random.Next(rankCount);
            bonuses.Add(new StairstepBonus(ByRank(12, 2), breakaway, breakaway is null ? [] : Percents(random, 3)));
        }
        if (random.Next(4) > 0) bonuses.Add(new RankAdvancementBonus(ByRank(300, 2)));
        if (random.Next(4) > 0) bonuses.Add(new PoolBonus(Number(random, 5, 2), ByRank(4, 1)));
        if (random.Next(4) > 0)
        {
            BonusType[] matchable = [BonusType.RetailProfit, BonusType.FastStart, BonusType.Unilevel, BonusType.Binary, BonusType.Stairstep, BonusType.RankAdvancement, BonusType.Pool];
            bonuses.Add(new MatchingBonus([.. matchable.Where(_ => random.Next(2) == 0)], Percents(random, 3), Limits()));
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bonuses));
        var caps = new PlanCaps(random.Next(2) == 0 ? null : Number(random, 120, 2), random.Next(2) == 0 ? null : Number(random, 60, 1));
        return new Plan("random", null, Pick(random, 0m, 20m, 50m), ranks, bonuses, caps);
    }

    /// <summary>
    /// Issue 17's keys on a random plan, one plan in two: retail conditions of activity, of each bonus
    /// but retail profit (one in three), and the 70 % rule (one in three), with thresholds around
    /// what the random companies' members reach (a retail share near 20 %, one to three customers).
    /// </summary>
    private static Plan WithRetailConditions(Random random, Plan plan)
    {
        if (random.Next(2) == 0) return plan;
        Qualification Conditions() => new(
            random.Next(2) == 0 ? null : Pick(random, 0m, 10m, 15.5m, 20m, 30m, 45.123456m, 100m),
            random.Next(2) == 0 ? null : random.Next(0, 4));
        return plan with
        {
            ActiveQualification = random.Next(2) == 0 ? Qualification.None : Conditions(),
            Bonuses = [.. plan.Bonuses.Select(b => b is RetailProfitBonus || random.Next(3) > 0 ? b : b with { Qualification = Conditions() })],
            SalesRule = random.Next(3) > 0 ? null : new SalesRule(Pick(random, 0m, 50m, 70m, 85.5m, 100m), Pick(random, 0m, 20m, 50.5m, 150m)),
        };
    }

    /// <summary>
    /// Section 9's keys on a random plan, one plan in two, from a generator of their own: an
    /// exclusive fast start; unilevel over the placement tree; binary cycles (1:1 or 2:1, values
    /// and caps by rank); stairstep slabs and the walk from the sponsor; generations closed by rank.
    /// </summary>
    private static Plan WithVersion2(Random random, Plan plan)
    {
        if (random.Next(2) == 0) return plan;
        var ranks = plan.Ranks.Count;
        decimal?[] Caps() => [.. Enumerable.Range(0, ranks).Select(_ => random.Next(3) == 0 ? null : (decimal?)Number(random, 60, 2))];
        Bonus Changed(Bonus bonus) => bonus switch
        {
            FastStartBonus b => b with { Exclusive = random.Next(2) == 0 },
            UnilevelBonus b => b with { OverPlacement = random.Next(2) == 0 },
            BinaryBonus b when random.Next(3) > 0 => b with
            {
                Cycle = new BinaryCycle(Pick(random, 10m, 25m, 40.5m, 100m), [.. Enumerable.Range(0, ranks).Select(_ => Number(random, 30, 2))], random.Next(2) == 0),
                CapByRank = random.Next(2) == 0 ? Caps() : null,
            },
            BinaryBonus b => b with { CapByRank = random.Next(2) == 0 ? Caps() : null },
            StairstepBonus b => b with
            {
                Slabs = random.Next(2) == 0 ? null : [.. Enumerable.Range(0, random.Next(1, 4)).Select(i => new GvSlab(Pick(random, 0m, 50m, 150.5m) + i * Pick(random, 100m, 300m), Number(random, 12, 2)))],
                StartAtSponsor = random.Next(2) == 0,
            },
            MatchingBonus b => b with { GenerationRank = random.Next(ranks) },
            _ => bonus,
        };
        return plan with { Bonuses = [.. plan.Bonuses.Select(Changed)] };
    }

    /// <summary>
    /// Members sponsored by earlier ones (a few deep chains, a few wide fronts), placed on free
    /// sides of earlier ones; three orders a member of every kind, some outside the period.
    /// </summary>
    private static (string Members, string Orders) RandomCompany(Random random, Plan plan, int size, Random retail)
    {
        var members = new StringBuilder("id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right\n");
        var freeSides = new List<(int Parent, char Side)>();
        var deep = random.Next(2) == 0;
        for (var i = 0; i < size; i++)
        {
            var sponsor = i == 0 || random.Next(30) == 0 ? "" : $"M{(deep ? Math.Max(0, i - 1 - random.Next(3)) : random.Next(i))}";
            var (placement, side) = ("", "");
            if (i > 0 && freeSides.Count > 0 && random.Next(10) > 0)
            {
                var slot = random.Next(Math.Min(freeSides.Count, deep ? 4 : freeSides.Count));
                var (parent, s) = freeSides[slot];
                freeSides.RemoveAt(slot);
                (placement, side) = ($"M{parent}", s.ToString());
            }
            freeSides.Add((i, 'L'));
            freeSides.Add((i, 'R'));
            var status = random.Next(12) == 0 ? "terminated" : "active";
            var joined = new DateOnly(2026, 10, 1).AddDays(random.Next(70) - 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var highest = random.Next(4) == 0 ? plan.Ranks[random.Next(plan.Ranks.Count)].Name : "";
            string Carry() => random.Next(3) == 0 ? Number(random, 400, 2).ToString(CultureInfo.InvariantCulture) : "";
            members.Append(CultureInfo.InvariantCulture, $"M{i},{sponsor},{joined},{status},{placement},{side},{highest},{Carry()},{Carry()}\n");
        }
        var orders = new StringBuilder("id,date,member_id,kind,pv,cv,amount,wholesale,original_id,customer_id\n");
        // Customers of retail orders: a few per company, so that some members have several and some share one;
        // when the plan does not count them, some retail orders have none.
        var customers = Math.Max(1, size / 3);
        string Customer() => plan.CountsRetailCustomers || retail.Next(4) > 0 ? $"K{retail.Next(customers)}" : "";
        for (var o = 0; o < size * 3; o++)
        {
            var m = random.Next(size);
            var date = new DateOnly(2026, 11, 1).AddDays(random.Next(34) - 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var pv = Number(random, 150, 2);
            var cv = Number(random, 150, 3);
            var line = random.Next(10) switch
            {
                < 2 => $"O{o},{date},M{m},retail,{pv},{cv},{pv * 1.3m:0.00},{pv:0.00},,{Customer()}",
                < 3 => $"O{o},{date},M{m},return,{-pv / 2},{-cv},,,O{random.Next(Math.Max(1, o))},",
                _ => $"O{o},{date},M{m},personal,{pv},{cv},,,,",
            };
            orders.Append(line).Append('\n');
        }
        return (members.ToString(), orders.ToString());
    }
}
