using System.Globalization;
using Arbor.Engine.Computation;
using Arbor.Engine.Output;

namespace Arbor.Engine.Tests;

/// <summary>
/// A company large enough that the engine walks its orders on several threads, in several line
/// chunks, and sorts them in several runs: the order bonuses must equal a plain walk written from
/// the contract's text, and payouts.csv must come out in the contract's order.
/// </summary>
public class ScaleTests
{
    private const string Plan = """
        name: scale plan
        active: { min_pv: 40 }
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 40
            min_gv: 200
          - name: Silver
            min_pv: 80
            min_gv: 900
            legs: { count: 2, min_rank: Bronze }
          - name: Gold
            min_pv: 80
            min_gv: 2500
            legs: { count: 2, min_rank: Silver }
        bonuses:
          - type: fast_start
            within_days: 15
            percents: [10, 2.5]
          - type: unilevel
            compression: dynamic
            percents: [5, 4, 3, 2.25]
            max_levels: { Member: 1, Bronze: 2, Silver: 3, Gold: 4 }
          - type: stairstep
            percents: { Bronze: 2, Silver: 4.5, Gold: 7 }
            breakaway_rank: Gold
            overrides: [1.5, 0.75]
        """;

    private static readonly decimal[] FastStart = [10, 2.5m];
    private static readonly decimal[] Unilevel = [5, 4, 3, 2.25m];
    private static readonly int[] UnilevelDepth = [1, 2, 3, 4];
    private static readonly decimal[] Stairstep = [0, 2, 4.5m, 7];
    private static readonly decimal[] Overrides = [1.5m, 0.75m];
    private const int Gold = 3;

    private static (string Members, string Orders) Company(int size, int seed, bool shuffled)
    {
        var random = new Random(seed);
        var members = new List<string>();
        for (var i = 0; i < size; i++)
        {
            // Sponsors mostly recent, so the tree is deep; ids with and without long names.
            var sponsor = i == 0 ? "" : Id(Math.Max(0, i - 1 - random.Next(Math.Min(i, 40))));
            var status = random.Next(25) == 0 ? "terminated" : "active";
            var joined = new DateOnly(2026, 10, 20).AddDays(random.Next(25)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            members.Add($"{Id(i)},{sponsor},{joined},{status}");
        }
        var orders = new List<string>();
        for (var o = 0; o < size * 3; o++)
        {
            var date = new DateOnly(2026, 11, 1).AddDays(random.Next(30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var pv = 10 * (1 + random.Next(12));
            orders.Add($"ORD-{o:D6},{date},{Id(random.Next(size))},personal,{pv},{pv * 9 / 10}.{random.Next(100):D2}");
        }
        if (shuffled)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(orders));
        }
        return ("id,sponsor_id,joined_on,status\n" + string.Join('\n', members) + "\n",
            "id,date,member_id,kind,pv,cv\n" + string.Join('\n', orders) + "\n");
    }

    private static string Id(int i) => i % 7 == 0 ? $"member-with-a-long-id-{i}" : $"M{i}";

    private static readonly Lazy<PeriodResult> Large = new(() =>
    {
        var (members, orders) = Company(8_000, 3, shuffled: false); // over Forest.MinMembersToCut
        return Run.Period(Plan, members, orders);
    });

    [Fact]
    public void Order_bonuses_of_a_large_company_equal_a_plain_walk_of_the_contract()
    {
        var r = Large.Value;
        Assert.True(r.PeriodOrders.Count > 20_000, "the company must be large enough to be split");
        var expected = new List<string>();
        var sponsor = r.Network.Sponsor;
        string Line(string bonus, int payee, int order, int level, decimal percent) =>
            $"{r.Network.Ids[payee]} {bonus} {Math.Round(r.Orders.Cv[order] * percent / 100, 2, MidpointRounding.ToEven):0.00} {r.Orders.Ids[order]} {r.Network.Ids[r.Orders.Member[order]]} {level}";
        foreach (var o in r.PeriodOrders)
        {
            var x = r.Orders.Member[o];
            // fast_start: no compression, joined fewer than 15 days before the order.
            if (r.Orders.Date[o] - r.Network.JoinedOn[x] < 15)
            {
                var u = sponsor[x];
                for (var k = 1; k <= FastStart.Length && u >= 0; k++, u = sponsor[u])
                {
                    if (r.Active[u]) expected.Add(Line("fast_start", u, o, k, FastStart[k - 1]));
                }
            }
            // unilevel: dynamic compression, a level per active member, paid as deep as the rank allows.
            var level = 0;
            for (var u = sponsor[x]; u >= 0 && level < Unilevel.Length; u = sponsor[u])
            {
                if (!r.Active[u]) continue;
                level++;
                if (level <= UnilevelDepth[r.Rank[u]]) expected.Add(Line("unilevel", u, o, level, Unilevel[level - 1]));
            }
            // stairstep: differentials up to the first Gold, then overrides to the next active Golds.
            decimal paid = 0;
            var steps = 0;
            var w = x;
            for (; w >= 0; w = sponsor[w], steps++)
            {
                var p = r.Active[w] ? Stairstep[r.Rank[w]] : 0;
                if (p > paid)
                {
                    expected.Add(Line("stairstep", w, o, steps, p - paid));
                    paid = p;
                }
                if (r.Rank[w] >= Gold) break;
            }
            if (w < 0) continue;
            var generation = 0;
            for (var g = sponsor[w]; g >= 0 && generation < Overrides.Length; g = sponsor[g])
            {
                if (r.Active[g] && r.Rank[g] >= Gold) expected.Add(Line("stairstep", g, o, 100 + ++generation, Overrides[generation - 1]));
            }
        }
        expected.RemoveAll(l => l.Split(' ')[2] == "0.00");

        var actual = Run.Lines(r);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.Contains(actual, l => l.Contains(" stairstep ", StringComparison.Ordinal) && l.EndsWith(" 102", StringComparison.Ordinal));
    }

    [Fact]
    public void Volumes_and_ranks_of_a_large_company_hold_member_by_member()
    {
        // Worked out on every core over groups of subtrees (Forest.WalkBottomUp): each member's
        // figures against its own frontline's, recomputed one member at a time.
        var r = Large.Value;
        var n = r.Network.Count;
        Assert.True(n >= Computation.Forest.MinMembersToCut, "the company must be large enough to be cut");
        var pv = new decimal[n];
        foreach (var o in r.PeriodOrders) pv[r.Orders.Member[o]] += r.Orders.Pv[o];
        var gv = (decimal[])pv.Clone();
        var best = r.Rank.ToArray();
        var depth = new int[n];
        for (var m = 0; m < n; m++) for (var u = r.Network.Sponsor[m]; u >= 0; u = r.Network.Sponsor[u]) depth[m]++;
        foreach (var m in Enumerable.Range(0, n).OrderByDescending(m => depth[m]))
        {
            var s = r.Network.Sponsor[m];
            if (s < 0) continue;
            gv[s] += gv[m];
            best[s] = Math.Max(best[s], best[m]);
        }
        for (var m = 0; m < n; m++)
        {
            Assert.Equal(pv[m], r.Pv[m]);
            Assert.Equal(gv[m], r.Gv[m]);
            Assert.Equal(best[m], r.BestRankInSubtree(m));
            var highestMet = Enumerable.Range(1, r.Plan.Ranks.Count - 1).LastOrDefault(k => r.CheckRank(m, k).Met);
            Assert.Equal(r.Active[m] ? highestMet : 0, r.Rank[m]);
        }
        Assert.Contains(Gold, r.Rank.ToArray());
    }

    [Fact]
    public void Payouts_of_a_large_company_are_in_the_contracts_order()
    {
        var r = Large.Value;
        var lines = Run.Write(r, ResultWriter.WritePayouts).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var sorted = lines
            .Select(l => l.Split(','))
            .OrderBy(f => f[0], StringComparer.Ordinal)
            .ThenBy(f => f[1], StringComparer.Ordinal)
            .ThenBy(f => f[3], StringComparer.Ordinal)
            .ThenBy(f => f[4], StringComparer.Ordinal)
            .ThenBy(f => int.Parse(f[5], CultureInfo.InvariantCulture))
            .Select(f => string.Join(',', f));
        Assert.Equal(sorted, lines);
        Assert.True(lines.Length > 50_000);
    }

    [Fact]
    public void A_large_company_gives_the_same_files_whatever_its_row_order()
    {
        var (members, orders) = Company(8_000, 3, shuffled: true);
        var shuffled = Run.Period(Plan, members, orders);
        Assert.Equal(Run.Write(Large.Value, ResultWriter.WritePayouts), Run.Write(shuffled, ResultWriter.WritePayouts));
        Assert.Equal(Large.Value.TotalPayoutCents, shuffled.TotalPayoutCents);
        Assert.Equal(Large.Value.ByBonusCents, shuffled.ByBonusCents);
    }

    [Fact]
    public void Member_bonuses_of_a_large_company_paid_on_several_cores_equal_a_plain_walk_of_the_contract()
    {
        // Matching (paid to uplines, so two ranges of members may pay one member), pool and rank
        // advancement over ranges of members: each line against the contract's text, and every
        // member's earnings against its lines.
        var plan = Plan.Replace("""
            bonuses:
            """, """
            bonuses:
              - type: rank_advancement
                amounts: { Silver: 250, Gold: 1000 }
              - type: pool
                percent: 1
                shares: { Silver: 1, Gold: 3 }
              - type: matching
                of: [unilevel]
                percents: [10, 5]
                max_generations: { Bronze: 1, Gold: 2 }
            """, StringComparison.Ordinal);
        var (members, orders) = Company(8_000, 5, shuffled: false);
        var r = Run.Period(plan, members, orders);
        var n = r.Network.Count;
        Assert.True(n >= Computation.Forest.MinMembersToCut);
        var lines = Run.Lines(r);
        var unilevelOf = new decimal[n];
        foreach (var l in r.Lines.Where(l => l.Bonus == Plans.BonusType.Unilevel)) unilevelOf[l.Payee] += l.Amount;

        string Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.ToEven).ToString("0.00", CultureInfo.InvariantCulture);
        decimal[] matching = [10, 5];
        int[] generations = [0, 1, 1, 2];
        var shares = new decimal[] { 0, 0, 1, 3 };
        var totalShares = Enumerable.Range(0, n).Where(m => r.Active[m]).Sum(m => shares[r.Rank[m]]);
        decimal[] advancement = [0, 0, 250, 1000];
        var expected = new List<string>();
        for (var s = 0; s < n; s++)
        {
            var u = r.Network.Sponsor[s];
            for (var g = 1; g <= 2 && u >= 0 && unilevelOf[s] != 0; g++, u = r.Network.Sponsor[u])
            {
                if (r.Active[u] && g <= generations[r.Rank[u]]) expected.Add($"{r.Network.Ids[u]} matching {Money(unilevelOf[s] * matching[g - 1] / 100)} - {r.Network.Ids[s]} {g}");
            }
            if (r.Active[s] && shares[r.Rank[s]] > 0) expected.Add($"{r.Network.Ids[s]} pool {Money(r.TotalCv * 1 / 100 * shares[r.Rank[s]] / totalShares)} - {r.Network.Ids[s]} 0");
            var gained = Enumerable.Range(r.Network.HighestRank[s] + 1, Math.Max(0, r.Rank[s] - r.Network.HighestRank[s])).Sum(k => advancement[k]);
            if (r.Active[s] && gained > 0) expected.Add($"{r.Network.Ids[s]} rank_advancement {Money(gained)} - {r.Network.Ids[s]} 0");
        }
        expected.RemoveAll(l => l.Split(' ')[2] == "0.00");
        string[] memberBonuses = ["matching", "pool", "rank_advancement"];
        var actual = lines.Where(l => memberBonuses.Contains(l.Split(' ')[1])).ToList();
        Assert.True(actual.Count(l => l.Contains(" matching ", StringComparison.Ordinal)) > 1_000);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        var earned = new long[n];
        foreach (var l in r.Lines) earned[l.Payee] += l.Cents;
        Assert.Equal(earned, r.EarningsCents);
    }

    [Fact]
    public void Binary_of_a_company_paid_on_several_cores_equals_a_plain_walk_of_the_contract()
    {
        // 12,000 members placed in a deep binary tree with carries in: enough to be cut into ranges.
        const string binaryPlan = """
            name: binary plan
            active: { min_pv: 40 }
            ranks:
              - name: Member
            bonuses:
              - type: binary
                percent: 10
                cap: 500
                max_carry: 3000
                flush_if_inactive: true
            """;
        var random = new Random(11);
        var members = new System.Text.StringBuilder("id,sponsor_id,joined_on,status,placement_id,side,carry_left,carry_right\n");
        const int size = 12_000;
        for (var i = 0; i < size; i++)
        {
            var parent = i == 0 ? "" : Id((i - 1) / 2);
            var side = i == 0 ? "" : i % 2 == 1 ? "L" : "R";
            members.Append(CultureInfo.InvariantCulture, $"{Id(i)},{parent},2026-01-01,active,{parent},{side},{random.Next(0, 400)},{random.Next(0, 400)}.5\n");
        }
        var orders = new System.Text.StringBuilder("id,date,member_id,kind,pv,cv\n");
        for (var o = 0; o < size * 2; o++) orders.Append(CultureInfo.InvariantCulture, $"B{o:D6},2026-11-{1 + o % 28:D2},{Id(random.Next(size))},personal,{10 * random.Next(1, 9)},{random.Next(1, 90)}.{random.Next(10)}\n");
        var r = Run.Period(binaryPlan, members.ToString(), orders.ToString());

        var ownCv = new decimal[size];
        foreach (var o in r.PeriodOrders) ownCv[r.Orders.Member[o]] += r.Orders.Cv[o];
        var subtree = new decimal[size];
        for (var m = size - 1; m >= 0; m--)
        {
            subtree[m] = ownCv[m] + (2 * m + 1 < size ? subtree[2 * m + 1] : 0) + (2 * m + 2 < size ? subtree[2 * m + 2] : 0);
        }
        var expected = new List<string>();
        for (var m = 0; m < size; m++)
        {
            if (!r.Active[m]) continue;
            var left = r.Network.CarryLeft[m] + (2 * m + 1 < size ? subtree[2 * m + 1] : 0);
            var right = r.Network.CarryRight[m] + (2 * m + 2 < size ? subtree[2 * m + 2] : 0);
            var amount = Math.Min(Math.Min(left, right) * 10 / 100, 500);
            var cents = Math.Round(amount, 2, MidpointRounding.ToEven);
            if (cents != 0) expected.Add($"{r.Network.Ids[m]} binary {cents:0.00} - {r.Network.Ids[m]} 0");
        }
        Assert.True(expected.Count > 5_000);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Run.Lines(r).Order(StringComparer.Ordinal));
    }
}
