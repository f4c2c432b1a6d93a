using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Engine.Tests;

/// <summary>Section 4: activity, capped GV and leg requirements.</summary>
public class RankTests
{
    private const string Plan = """
        name: ranks
        active: { min_pv: 100 }
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 100
            min_gv: 1000
            max_leg_percent: 50
          - name: Silver
            min_pv: 100
            min_gv: 2000
            legs: { count: 2, min_rank: Bronze }
        bonuses: []
        """;

    [Fact]
    public void CappedGv_LegCountsAtMostMaxLegPercentOfMinGv()
    {
        // A: PV 100; legs B (GV 900) and C (GV 100). Bronze caps a leg at 50 % × 1000 = 500:
        // capped GV = 100 + 500 + 100 = 700 < 1000 → Member, although GV is 1100.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,A,2025-01-01\n";
        var r = Run.Period(Plan, members, "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,100,0\nOB,2026-11-01,B,personal,900,0\nOC,2026-11-01,C,personal,100,0\n");
        Assert.Equal(1100m, r.Gv[0]);
        Assert.Equal(0, r.Rank[0]);
        Assert.Equal(700m, r.CheckRank(0, 1).CappedGv);
    }

    [Fact]
    public void Legs_CountDistinctFrontlineLegsHoldingTheRankAnywhereBelow()
    {
        // A's legs: B (Bronze itself) and C, whose downline D is Bronze: 2 legs → Silver (GV 100 + 1000 + 100 + 1000 = 2200).
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,A,2025-01-01\nD,C,2025-01-01\n";
        var r = Run.Period(Plan, members, "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,100,0\nOB,2026-11-01,B,personal,1000,0\nOC,2026-11-01,C,personal,100,0\nOD,2026-11-01,D,personal,1000,0\n");
        Assert.Equal(["Silver", "Bronze", "Member", "Bronze"], r.Rank.ToArray().Select(x => r.Plan.Ranks[x].Name));
        Assert.Equal(2, r.CheckRank(0, 2).QualifiedLegs);
    }

    [Fact]
    public void Terminated_NeverActiveNeverRanked_ButVolumeCountsUpline()
    {
        var members = "id,sponsor_id,joined_on,status\nA,,2025-01-01,active\nB,A,2025-01-01,terminated\n";
        var r = Run.Period(Plan, members, "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,100,0\nOB,2026-11-01,B,personal,5000,0\n");
        Assert.False(r.Active[1]);
        Assert.Equal(0, r.Rank[1]);
        Assert.Equal(5100m, r.Gv[0]);
        // Bronze caps B's leg at 500: 100 + 500 = 600 < 1000, so A stays Member despite GV 5100.
        Assert.Equal(0, r.Rank[0]);
    }

    [Fact]
    public void PaidAsRanks_InTenThousandthsOrDecimals_AreTheHighestRankWhoseEveryRequirementHolds() =>
        // Ranks are worked out in ten-thousandths when every volume and requirement is a whole
        // number of them, else in decimals; requirements here have up to 4 decimals, or in a fifth
        // of the plans up to 6 (the decimal path), volumes 0 to 4. Each member's rank against the requirements checked
        // one by one (RankCheck, in decimals), and its subtree's best against its frontline's.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).ToArbitrary(),
            seed =>
            {
                var random = new Random(seed);
                var mostDecimals = random.Next(5) == 0 ? 6 : 4; // past four: the decimal path
                string Amount(int most) => new decimal(random.Next(1, most), 0, 0, false, (byte)random.Next(0, mostDecimals + 1)).ToString(CultureInfo.InvariantCulture);
                var plan = $$"""
                    name: ranks
                    active: { min_pv: 0.5 }
                    ranks:
                      - name: Member
                      - name: Bronze
                        min_pv: {{Amount(200)}}
                        min_gv: {{Amount(800)}}
                        max_leg_percent: {{Amount(90)}}
                      - name: Silver
                        min_pv: {{Amount(200)}}
                        min_gv: {{Amount(3000)}}
                        legs: { count: {{random.Next(0, 3)}}, min_rank: Bronze }
                      - name: Gold
                        min_pv: {{Amount(200)}}
                        min_gv: {{Amount(9000)}}
                        max_leg_percent: {{Amount(90)}}
                        legs: { count: 2, min_rank: Silver }
                    bonuses:
                      - type: retail_profit
                    """;
                var size = random.Next(1, 80);
                var members = new StringBuilder("id,sponsor_id,joined_on\n");
                for (var m = 0; m < size; m++) members.Append(CultureInfo.InvariantCulture, $"M{m},{(m == 0 ? "" : $"M{random.Next(Math.Max(0, m - 6), m)}")},2025-01-01\n");
                var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
                for (var o = random.Next(0, 200); o > 0; o--)
                {
                    var pv = new decimal(random.Next(0, 40_000), 0, 0, false, (byte)random.Next(0, 5)).ToString(CultureInfo.InvariantCulture);
                    orders.Append(CultureInfo.InvariantCulture, $"O{o},2026-11-05,M{random.Next(size)},personal,{pv},1\n");
                }
                var r = Run.Period(plan, members.ToString(), orders.ToString());
                return Enumerable.Range(0, size).All(m =>
                {
                    var highestMet = Enumerable.Range(1, r.Plan.Ranks.Count - 1).LastOrDefault(k => r.CheckRank(m, k).Met);
                    var best = r.Frontline(m).ToArray().Select(r.BestRankInSubtree).Append(r.Rank[m]).Max();
                    return r.Rank[m] == (r.Active[m] ? highestMet : 0) && r.BestRankInSubtree(m) == best;
                });
            }));
}
