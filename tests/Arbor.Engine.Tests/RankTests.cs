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
        Assert.Equal(["Silver", "Bronze", "Member", "Bronze"], r.Rank.Select(x => r.Plan.Ranks[x].Name));
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
}
