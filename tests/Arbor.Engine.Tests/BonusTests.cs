using System.Globalization;
using Arbor.Engine.Batch;
using Arbor.Engine.Computation;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>Each bonus on a small tree, with the hand computation next to the expectation.</summary>
public class BonusTests
{
    private const string Ranks = """
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 100
            min_gv: 300
          - name: Gold
            min_pv: 100
            min_gv: 1000
        """;

    internal static string Plan(string bonuses, string extra = "") =>
        $"name: t\nactive: {{ min_pv: 50 }}\n{Ranks}\nbonuses:\n{bonuses}\n{extra}";

    // A chain: A sponsors B, B sponsors C.
    private const string Chain = """
        id,sponsor_id,joined_on,status
        A,,2025-01-01,active
        B,A,2025-01-01,active
        C,B,2025-01-01,active
        """;

    [Fact]
    public void RetailProfit_RetailOrder_PaysAmountMinusWholesaleEvenWhenInactive()
    {
        // C: retail 130.00 − 100.00 = 30.00; C has PV 20 < 50 so it is inactive: retail profit needs no activity.
        var r = Run.Period(Plan("  - type: retail_profit"), Chain, """
            id,date,member_id,kind,pv,cv,amount,wholesale
            O1,2026-11-05,C,retail,20,20,130.00,100.00
            """);
        Assert.Equal(["C retail_profit 30.00 O1 C 0"], Run.Lines(r));
        Assert.False(r.Active[2]);
    }

    [Fact]
    public void RetailProfit_TerminatedMember_GetsNothing()
    {
        var members = Chain.Replace("C,B,2025-01-01,active", "C,B,2025-01-01,terminated", StringComparison.Ordinal);
        var r = Run.Period(Plan("  - type: retail_profit"), members, """
            id,date,member_id,kind,pv,cv,amount,wholesale
            O1,2026-11-05,C,retail,20,20,130.00,100.00
            """);
        Assert.Empty(Run.Lines(r));
    }

    [Fact]
    public void FastStart_OrderWithinWindow_PaysEachLevelAndForfeitsInactive()
    {
        // C joined 2026-11-01. O1 on day 9 (< 30): B (level 1) 20 % of 200 = 40.00; A (level 2) is inactive
        // (no PV) and forfeits its 5 %. B's own order: B joined long ago, no fast start.
        var members = """
            id,sponsor_id,joined_on
            A,,2025-01-01
            B,A,2025-01-01
            C,B,2026-11-01
            """;
        var r = Run.Period(Plan("  - type: fast_start\n    within_days: 30\n    percents: [20, 5]"), members, """
            id,date,member_id,kind,pv,cv
            O1,2026-11-10,C,personal,200,200
            O2,2026-11-30,C,personal,10,10
            OB,2026-11-02,B,personal,60,60
            """);
        // O2: 29 days after joining, still inside: B gets 20 % of 10 = 2.00.
        Assert.Equal(["B fast_start 40.00 O1 C 1", "B fast_start 2.00 O2 C 1"], Run.Lines(r));
    }

    [Fact]
    public void FastStart_OrderOnDayWithinDays_IsTooLate()
    {
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nC,A,2026-10-22\n";
        // 2026-11-21 − 2026-10-22 = 30 days: not fewer than 30.
        var r = Run.Period(Plan("  - type: fast_start\n    within_days: 30\n    percents: [20]"), members,
            "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,100,100\nO1,2026-11-21,C,personal,100,100\nO2,2026-11-20,C,personal,100,100\n");
        Assert.Equal(["A fast_start 20.00 O2 C 1"], Run.Lines(r));
    }

    [Fact]
    public void FastStart_JoinedWithinDaysBeforeThePeriod_OnlyTheLaterJoinerQualifies()
    {
        // The period starts 2026-11-01. C joined 2026-10-02, 30 days before: even an order on the
        // first day is not fewer than 30 days after. D joined 2026-10-03: 29 days, 20 % of 100.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nC,A,2026-10-02\nD,A,2026-10-03\n";
        var r = Run.Period(Plan("  - type: fast_start\n    within_days: 30\n    percents: [20]"), members,
            "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,100,100\nOC,2026-11-01,C,personal,100,100\nOD,2026-11-01,D,personal,100,100\n");
        Assert.Equal(["A fast_start 20.00 OD D 1"], Run.Lines(r));
    }

    private const string InactiveMiddle = """
        id,date,member_id,kind,pv,cv
        OA,2026-11-01,A,personal,100,100
        OB,2026-11-01,B,personal,10,10
        OC,2026-11-01,C,personal,100,100
        """;

    [Fact]
    public void Unilevel_PercentsOfManyDecimals_PayTheExactProductRounded()
    {
        // 5.00005 % has five decimals, past the integer path: every line takes the exact product.
        // OC (CV 10.1): B level 1, 10.1 × 5.00005 % = 0.50500505 → 0.51; A level 2, 10.1 × 1 % = 0.101 → 0.10.
        // OB (CV 100): A level 1, 5.00005 → 5.00.
        var r = Run.Period(Plan("  - type: unilevel\n    compression: none\n    percents: [5.00005, 1]"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,100,100
            OC,2026-11-01,C,personal,100,10.1
            """);
        Assert.Equal(["A unilevel 5.00 OB B 1", "A unilevel 0.10 OC C 2", "B unilevel 0.51 OC C 1"], Run.Lines(r));
    }

    [Fact]
    public void Unilevel_DynamicCompression_SkipsInactiveWithoutUsingALevel()
    {
        // B has PV 10 < 50: inactive. OC: B skipped, A is level 1: 10 % of 100 = 10.00.
        // OB: A level 1 = 1.00. OA: nobody above A.
        var r = Run.Period(Plan("  - type: unilevel\n    compression: dynamic\n    percents: [10, 5]"), Chain, InactiveMiddle);
        Assert.Equal(["A unilevel 1.00 OB B 1", "A unilevel 10.00 OC C 1"], Run.Lines(r));
    }

    [Fact]
    public void SettledElsewhere_ReturnCountsInVolumes_ButPaysNoOrderBonus()
    {
        // C returns 40 of an earlier period's order (RC). Left to the engine it would pay
        // B 10 % of −40 = −4.00 and A 5 % of −40 = −2.00; settled elsewhere (clawed back by the
        // caller) it pays nothing, while C's PV is 100 − 40 = 60 and A's GV still counts it.
        const string orders = """
            id,date,member_id,kind,pv,cv,original_id
            OA,2026-11-01,A,personal,100,100,
            OB,2026-11-01,B,personal,100,100,
            OC,2026-11-01,C,personal,100,100,
            RC,2026-11-02,C,return,-40,-40,OLD
            """;
        var plan = PlanReader.Parse(Plan("  - type: unilevel\n    percents: [10, 5]"), "plan.yaml");
        var network = MemberFileReader.Read(Run.Stream(Chain), "members.csv", plan);
        var book = OrderFileReader.Read(Run.Stream(orders), "orders.csv", network);
        var engine = PeriodEngine.Run(plan, network, book, Run.November);
        Assert.Contains("B unilevel -4.00 RC C 1", Run.Lines(engine));

        var settled = new bool[book.Count];
        settled[3] = true;
        var r = PeriodEngine.Run(plan, network, book, Run.November, settled);
        Assert.Equal(["A unilevel 10.00 OB B 1", "A unilevel 5.00 OC C 2", "B unilevel 10.00 OC C 1"], Run.Lines(r));
        Assert.Equal((60m, 260m), (r.Pv[2], r.Gv[0]));
    }

    [Fact]
    public void Unilevel_NoCompression_InactiveForfeitsItsLevel()
    {
        // OC: B is level 1 but inactive (forfeited); A is level 2: 5 % of 100 = 5.00.
        var r = Run.Period(Plan("  - type: unilevel\n    compression: none\n    percents: [10, 5]"), Chain, InactiveMiddle);
        Assert.Equal(["A unilevel 1.00 OB B 1", "A unilevel 5.00 OC C 2"], Run.Lines(r));
    }

    [Fact]
    public void Unilevel_MaxLevels_RankNotDeepEnoughForfeitsAndNothingRollsUp()
    {
        // Member is paid 1 level only (Bronze and above take Member's value? No: listed Bronze: 2).
        // A: PV 100, GV 100+10+100 = 210 < 300 → Member → level 2 on OC forfeited.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10, 5]\n    max_levels: { Member: 1, Bronze: 2 }"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,60,60
            OC,2026-11-01,C,personal,100,100
            """);
        Assert.Equal(["A unilevel 6.00 OB B 1", "B unilevel 10.00 OC C 1"], Run.Lines(r));
    }

    [Fact]
    public void Unilevel_Return_ClawsBackWithNegativeLine()
    {
        // OC 100 then RC −40 in the same period: B gets 10.00 and −4.00. A has no PV: inactive, nothing from OB.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]"), Chain, """
            id,date,member_id,kind,pv,cv,original_id
            OB,2026-11-01,B,personal,60,60,
            OC,2026-11-01,C,personal,100,100,
            RC,2026-11-20,C,return,-40,-40,OC
            """);
        Assert.Equal(["B unilevel 10.00 OC C 1", "B unilevel -4.00 RC C 1"], Run.Lines(r));
        Assert.Equal(60m, r.Pv[2]);
    }

    private const string BinaryTree = """
        id,sponsor_id,joined_on,placement_id,side,carry_left,carry_right
        A,,2025-01-01,,,50,
        B,A,2025-01-01,A,L,,
        C,A,2025-01-01,A,R,,
        D,B,2025-01-01,B,L,,
        """;

    [Fact]
    public void Binary_MatchesWeakerLegAndCarriesTheRest()
    {
        // A: L = carry 50 + B 300 + D 100 = 450; R = C 120. Matched 120: 10 % = 12.00.
        // Carry out L 450 − 120 = 330, R 0. B: L = D 100, R = 0: matched 0, carries 100/0.
        var r = Run.Period(Plan("  - type: binary\n    percent: 10"), BinaryTree, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,300,300
            OC,2026-11-01,C,personal,120,120
            OD,2026-11-01,D,personal,100,100
            """);
        Assert.Equal(["A binary 12.00 - A 0"], Run.Lines(r));
        Assert.Equal(330m, r.CarryLeft[0]);
        Assert.Equal(0m, r.CarryRight[0]);
        Assert.Equal(100m, r.CarryLeft[1]);
    }

    [Fact]
    public void Binary_CapMaxCarryAndFlush_Apply()
    {
        // A: matched 120 → 12.00 capped at 5.00; carry left 330 capped at 200.
        // B is inactive (PV 10): its left carry 100 is flushed to 0.
        var r = Run.Period(Plan("  - type: binary\n    percent: 10\n    cap: 5\n    max_carry: 200\n    flush_if_inactive: true"), BinaryTree, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,10,290
            OC,2026-11-01,C,personal,120,120
            OD,2026-11-01,D,personal,100,110
            """);
        Assert.Equal(["A binary 5.00 - A 0"], Run.Lines(r));
        Assert.Equal(200m, r.CarryLeft[0]);
        Assert.Equal(0m, r.CarryLeft[1]);
    }

    [Theory]
    // A: L 450, R = C's CV; 10 % of the matched volume against a cap of 12.015 (capped, then rounded half to even).
    [InlineData("120.16", "12.02")] // 12.016 is above the cap: 12.015 → 12.02
    [InlineData("120.30", "12.02")] // 12.03 → the cap, 12.02, not 12.03
    [InlineData("120.14", "12.01")] // 12.014, under the cap → 12.01
    [InlineData("120.05", "12.00")] // 12.005 → 12.00
    public void Binary_CapComesBeforeRounding(string rightCv, string paid)
    {
        var r = Run.Period(Plan("  - type: binary\n    percent: 10\n    cap: 12.015"), BinaryTree, $"""
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,300,300
            OC,2026-11-01,C,personal,120,{rightCv}
            OD,2026-11-01,D,personal,100,100
            """);
        Assert.Equal([$"A binary {paid} - A 0"], Run.Lines(r));
    }

    [Fact]
    public void Binary_NegativeSideVolume_CountsAsZero()
    {
        // C's return makes R = −50: R counts as 0, matched 0, left carries on.
        var r = Run.Period(Plan("  - type: binary\n    percent: 10"), BinaryTree, """
            id,date,member_id,kind,pv,cv,original_id
            OA,2026-11-01,A,personal,100,100,
            RC,2026-11-01,C,return,-50,-50,X
            """);
        Assert.Empty(Run.Lines(r));
        Assert.Equal(50m, r.CarryLeft[0]);
        Assert.Equal(0m, r.CarryRight[0]);
    }

    [Fact]
    public void Stairstep_DifferentialsThenBreakawayOverrides()
    {
        // Chain X ← U1 ← U2 ← U3 ← U4 (each sponsors the one before).
        // U1 Bronze (GV ≥ 300), U2/U3/U4 Gold (GV ≥ 1000). Percents Member 0, Bronze 5, Gold 10.
        // Order of X, CV 100: X 0 %; U1 5 % = 5.00 (level 1); U2 10 − 5 = 5.00 (level 2) and breaks away;
        // U3 first override 2 % = 2.00 (level 101); U4 second 1 % = 1.00 (level 102).
        var members = """
            id,sponsor_id,joined_on
            U4,,2025-01-01
            U3,U4,2025-01-01
            U2,U3,2025-01-01
            U1,U2,2025-01-01
            X,U1,2025-01-01
            """;
        var r = Run.Period(Plan("  - type: stairstep\n    percents: { Member: 0, Bronze: 5, Gold: 10 }\n    breakaway_rank: Gold\n    overrides: [2, 1]"), members, """
            id,date,member_id,kind,pv,cv
            O,2026-11-01,X,personal,60,100
            P1,2026-11-01,U1,personal,300,0
            P2,2026-11-01,U2,personal,700,0
            P3,2026-11-01,U3,personal,100,0
            P4,2026-11-01,U4,personal,100,0
            """);
        Assert.Equal(["Member", "Bronze", "Gold", "Gold", "Gold"], new[] { 4, 3, 2, 1, 0 }.Select(m => r.Plan.Ranks[r.Rank[m]].Name));
        Assert.Equal(["U1 stairstep 5.00 O X 1", "U2 stairstep 5.00 O X 2", "U3 stairstep 2.00 O X 101", "U4 stairstep 1.00 O X 102"], Run.Lines(r));
    }

    [Fact]
    public void Stairstep_MembersBelowTheSameFirstPaidMember_CountLevelsFromThemselves()
    {
        // The chain above with Y below X, both Member (0 %): both orders' walks first pay U1, so
        // they share its stops, each counting levels from itself. Y's order (CV 200): U1 5 % = 10.00
        // at level 2, U2 5 % = 10.00 at level 3, overrides 4.00 and 2.00; X's as above.
        var members = "id,sponsor_id,joined_on\nU4,,2025-01-01\nU3,U4,2025-01-01\nU2,U3,2025-01-01\nU1,U2,2025-01-01\nX,U1,2025-01-01\nY,X,2025-01-01\n";
        var r = Run.Period(Plan("  - type: stairstep\n    percents: { Member: 0, Bronze: 5, Gold: 10 }\n    breakaway_rank: Gold\n    overrides: [2, 1]"), members,
            "id,date,member_id,kind,pv,cv\nO,2026-11-01,X,personal,60,100\nOY,2026-11-01,Y,personal,60,200\nP1,2026-11-01,U1,personal,300,0\nP2,2026-11-01,U2,personal,700,0\nP3,2026-11-01,U3,personal,100,0\nP4,2026-11-01,U4,personal,100,0\n");
        Assert.Equal(["Member", "Member", "Bronze", "Gold", "Gold", "Gold"], new[] { 5, 4, 3, 2, 1, 0 }.Select(m => r.Plan.Ranks[r.Rank[m]].Name));
        Assert.Equal([
            "U1 stairstep 5.00 O X 1", "U1 stairstep 10.00 OY Y 2",
            "U2 stairstep 5.00 O X 2", "U2 stairstep 10.00 OY Y 3",
            "U3 stairstep 2.00 O X 101", "U3 stairstep 4.00 OY Y 101",
            "U4 stairstep 1.00 O X 102", "U4 stairstep 2.00 OY Y 102"], Run.Lines(r));
    }

    [Fact]
    public void Stairstep_LevelsDeeperThanAStoredLineHolds_AreWrittenWhole()
    {
        // A chain U ← M1 ← … ← M2000: U is Bronze (5 %), every Mk a Member (0 %), so U is paid 5 % of each
        // order at level k, the steps from Mk up to U. A stored line holds levels up to 1,022; from 1,023
        // up the store keeps them beside the line.
        var members = new System.Text.StringBuilder("id,sponsor_id,joined_on\nU,,2025-01-01\nM1,U,2025-01-01\n");
        for (var k = 2; k <= 2000; k++) members.Append(CultureInfo.InvariantCulture, $"M{k},M{k - 1},2025-01-01\n");
        int[] depths = [5, 1022, 1023, 1024, 1500, 2000];
        var orders = "id,date,member_id,kind,pv,cv\nP,2026-11-01,U,personal,300,0\n"
            + string.Concat(depths.Select(k => $"O{k},2026-11-01,M{k},personal,60,100\n"));
        var r = Run.Period(Plan("  - type: stairstep\n    percents: { Member: 0, Bronze: 5, Gold: 10 }"), members.ToString(), orders);
        string[] expected = [.. depths.OrderBy(k => $"O{k}", StringComparer.Ordinal).Select(k => $"U stairstep 5.00 O{k} M{k} {k}")];
        Assert.Equal(expected, Run.Lines(r));
        var written = Run.Write(r, Output.ResultWriter.WritePayouts).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        Assert.Equal(expected.Select(l => l.Replace(' ', ',')), written);
    }

    [Fact]
    public void Stairstep_PercentsOfManyDecimals_PayTheExactProductRounded()
    {
        // The chain above with percents of five decimals (past the integer path) on an order of CV 10.1:
        // U1 5.00005 % = 0.50500505 → 0.51; U2 10 − 5.00005 = 4.99995 % = 0.50499495 → 0.50;
        // U3 2.00001 % = 0.2020101 → 0.20; U4 1 % = 0.101 → 0.10.
        var members = "id,sponsor_id,joined_on\nU4,,2025-01-01\nU3,U4,2025-01-01\nU2,U3,2025-01-01\nU1,U2,2025-01-01\nX,U1,2025-01-01\n";
        var r = Run.Period(Plan("  - type: stairstep\n    percents: { Member: 0, Bronze: 5.00005, Gold: 10 }\n    breakaway_rank: Gold\n    overrides: [2.00001, 1]"), members,
            "id,date,member_id,kind,pv,cv\nO,2026-11-01,X,personal,60,10.1\nP1,2026-11-01,U1,personal,300,0\nP2,2026-11-01,U2,personal,700,0\nP3,2026-11-01,U3,personal,100,0\nP4,2026-11-01,U4,personal,100,0\n");
        Assert.Equal(["U1 stairstep 0.51 O X 1", "U2 stairstep 0.50 O X 2", "U3 stairstep 0.20 O X 101", "U4 stairstep 0.10 O X 102"], Run.Lines(r));
    }

    [Fact]
    public void RankAdvancement_PaysEveryRankAboveTheOldHighest()
    {
        // A reaches Gold (PV 700, GV 1100) from Member: Bronze 10 + Gold 100 = 110.00. B stays Bronze (GV 400) as before: nothing.
        var members = "id,sponsor_id,joined_on,highest_rank\nA,,2025-01-01,\nB,A,2025-01-01,Bronze\n";
        var r = Run.Period(Plan("  - type: rank_advancement\n    amounts: { Bronze: 10, Gold: 100 }"), members,
            "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,700,700\nOB,2026-11-01,B,personal,400,400\n");
        Assert.Equal(["A rank_advancement 110.00 - A 0"], Run.Lines(r));
        Assert.Equal([2, 1], r.HighestRank);
    }

    [Fact]
    public void Pool_SharesByRankOfTotalCv()
    {
        // Total CV 1100; pool 10 % = 110. A Gold (GV 1100, 3 shares), B Bronze (GV 400, 1 share), 4 shares:
        // A 110 × 3 / 4 = 82.50, B 110 × 1 / 4 = 27.50.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n";
        var r = Run.Period(Plan("  - type: pool\n    percent: 10\n    shares: { Bronze: 1, Gold: 3 }"), members,
            "id,date,member_id,kind,pv,cv\nOA,2026-11-01,A,personal,700,700\nOB,2026-11-01,B,personal,400,400\n");
        Assert.Equal(["A pool 82.50 - A 0", "B pool 27.50 - B 0"], Run.Lines(r));
    }

    [Fact]
    public void Matching_PaysOnGenerationsEarningsLimitedByRank()
    {
        // Unilevel 10 % one level. OC 1000: B earns 100.00; OB 200: A earns 20.00.
        // Matching 50 % gen 1, 25 % gen 2; Member 0 generations, Bronze 1, Gold 2.
        // A is Gold (GV 1300): gen 1 B 50 % × 100 = 50.00; gen 2 C earned nothing. B is Bronze: C earned nothing.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]\n  - type: matching\n    of: [unilevel]\n    percents: [50, 25]\n    max_generations: { Bronze: 1, Gold: 2 }"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,200,200
            OC,2026-11-01,C,personal,1000,1000
            """);
        Assert.Equal(["A matching 50.00 - B 1", "A unilevel 20.00 OB B 1", "B unilevel 100.00 OC C 1"], Run.Lines(r));
    }

    [Fact]
    public void Caps_MemberCapThenPayoutCap_ScaleLinesAndRoundAgain()
    {
        // Unilevel 10 %: B earns 100.00 (OC) and A 30.00 (OB 300). Member cap 60: B's line → 100 × 60 / 100 = 60.00.
        // Payout cap 5 % of total CV 1400 = 70; grand total 60 + 30 = 90 > 70:
        // B 60 × 70 / 90 = 46.666… → 46.67; A 30 × 70 / 90 = 23.333… → 23.33.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]", "caps:\n  member: 60\n  payout_percent: 5"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,300,300
            OC,2026-11-01,C,personal,1000,1000
            """);
        Assert.Equal(["A unilevel 23.33 OB B 1", "B unilevel 46.67 OC C 1"], Run.Lines(r));
        Assert.True(r.Caps.PayoutCapApplied);
    }

    [Fact]
    public void Caps_TheExplanationGivesEachCappedLineItsAmountBeforeCaps()
    {
        // The same period as above: B's line 100.00 before caps, 46.67 after; A's 30.00 before, 23.33 after.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]", "caps:\n  member: 60\n  payout_percent: 5"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,300,300
            OC,2026-11-01,C,personal,1000,1000
            """);
        var b = Explain.MemberExplanation.Write(r, r.Network.IndexOf("B"));
        var a = Explain.MemberExplanation.Write(r, r.Network.IndexOf("A"));
        Assert.Contains("unilevel 46.67 (before caps 100.00)", b, StringComparison.Ordinal);
        Assert.Contains("unilevel 23.33 (before caps 30.00)", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Caps_LinesRoundedToZeroAreNotWritten()
    {
        // Unilevel 10 %: A earns 0.01 (OB, CV 0.1), B 100.00 (OC). Payout cap 1 % of total CV 1100.1 = 11.001;
        // grand total 100.01: A 0.01 × 11.001 / 100.01 = 0.0011 → 0.00, not written; B 100 × 11.001 / 100.01 = 10.9999… → 11.00.
        const string orders = """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            OB,2026-11-01,B,personal,300,0.1
            OC,2026-11-01,C,personal,1000,1000
            """;
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]", "caps:\n  payout_percent: 1"), Chain, orders);
        Assert.Equal(["B unilevel 11.00 OC C 1"], Run.Lines(r));
        Assert.Equal(1, r.LineCount);
        Assert.Equal(0, r.EarningsCents[r.Network.IndexOf("A")]);
        Assert.Equal(1100, r.TotalPayoutCents);

        // Member cap 0.004: A's 0.01 becomes 0.004 → 0.00 and B's 100.00 too; nothing is written, nothing paid.
        var capped = Run.Period(Plan("  - type: unilevel\n    percents: [10]", "caps:\n  member: 0.004"), Chain, orders);
        Assert.Empty(Run.Lines(capped));
        Assert.Equal(0, capped.TotalPayoutCents);
    }

    [Fact]
    public void Caps_APayoutCapOfExactlyHalf_RoundsAHalfCentToZero()
    {
        // Unilevel 10 %: A earns 0.01 (OB, CV 0.1), B 100.00 (OC); grand total 100.01. Payout cap
        // 5 % of total CV 1000.1 = 50.005, exactly half: A 0.01 × ½ = 0.005 → 0.00 (half to even),
        // not written; B 100.00 × ½ = 50.00. Above ½ no line can reach zero; at ½ one can.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]", "caps:\n  payout_percent: 5"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,0
            OB,2026-11-01,B,personal,300,0.1
            OC,2026-11-01,C,personal,1000,1000
            """);
        Assert.Equal(["B unilevel 50.00 OC C 1"], Run.Lines(r));
        Assert.Equal(1, r.LineCount);
        Assert.Equal(5000, r.TotalPayoutCents);
        Assert.True(r.Caps.PayoutCapApplied);
    }

    [Fact]
    public void Caps_AQuietPeriodWithOnlyAReturn_HasNothingToScale()
    {
        // Total CV −50, so the payout limit is 5 % of it, −2.50; the grand total, 0.00 (retail
        // profit is not capped), exceeds it but no factor scales a zero total: the cap is not
        // applied and the retail line stays (docs/compensation-decisions.md, 14).
        var r = Run.Period(Plan("  - type: retail_profit", "caps:\n  payout_percent: 5"), Chain, """
            id,date,member_id,kind,pv,cv,amount,wholesale
            O1,2026-11-05,C,retail,20,20,130.00,100.00
            R1,2026-11-06,B,return,-70,-70,,
            """);
        Assert.Equal(["C retail_profit 30.00 O1 C 0"], Run.Lines(r));
        Assert.Equal(-50m, r.TotalCv);
        Assert.False(r.Caps.PayoutCapApplied);
        Assert.Equal(0, r.TotalPayoutCents);
    }

    [Fact]
    public void Caps_RetailProfitIsNeverCapped()
    {
        var r = Run.Period(Plan("  - type: retail_profit", "caps:\n  member: 1\n  payout_percent: 1"), Chain,
            "id,date,member_id,kind,pv,cv,amount,wholesale\nO1,2026-11-05,C,retail,20,20,130.00,100.00\n");
        Assert.Equal(["C retail_profit 30.00 O1 C 0"], Run.Lines(r));
        Assert.Equal(0, r.TotalPayoutCents);
    }

    [Fact]
    public void Rounding_HalfToEven()
    {
        // 5 % of 0.5 = 0.025 → 0.02 (even); 5 % of 0.7 = 0.035 → 0.04 (even).
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [5]"), "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n", """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,0
            O1,2026-11-02,B,personal,1,0.5
            O2,2026-11-03,B,personal,1,0.7
            """);
        Assert.Equal(["A unilevel 0.02 O1 B 1", "A unilevel 0.04 O2 B 1"], Run.Lines(r));
    }

    [Theory]
    [InlineData("0.125", 12)]
    [InlineData("0.135", 14)]
    [InlineData("-0.125", -12)]
    [InlineData("-0.135", -14)]
    [InlineData("2.5049", 250)]
    [InlineData("0", 0)]
    public void Rounding_ToCents_IsTheEnginesRuleHalfToEven(string amount, long cents) =>
        Assert.Equal(cents, Rounding.ToCents(decimal.Parse(amount, CultureInfo.InvariantCulture)));

    [Fact]
    public void Period_OrdersOutsideTheRange_AreIgnored()
    {
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10]"), Chain, """
            id,date,member_id,kind,pv,cv
            OA,2026-11-01,A,personal,100,100
            O0,2026-10-31,B,personal,500,500
            O9,2026-12-01,B,personal,500,500
            """);
        Assert.Empty(Run.Lines(r));
        Assert.Equal(100m, r.TotalPv);
    }
}
