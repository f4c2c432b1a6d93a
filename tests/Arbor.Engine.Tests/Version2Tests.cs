using Arbor.Engine.Explain;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>Contract section 9, rule by rule on small trees, with the hand computation next to the expectation.</summary>
public class Version2Tests
{
    /// <summary>Ranks Member, Bronze (PV 100, GV 300) and Gold (PV 100, GV 1,000); active from PV 50.</summary>
    private static string Plan(string bonuses) => BonusTests.Plan(bonuses);

    // ---- 9.1 unilevel over the placement tree ----------------------------------------------

    // A sponsors everyone; the company filled A's matrix: B, C, D at positions 1–3, E under B at position 1.
    private const string Matrix = """
        id,sponsor_id,joined_on,status,placement_id,side
        A,,2025-01-01,active,,
        B,A,2025-01-01,active,A,1
        C,A,2025-01-01,active,A,2
        D,A,2025-01-01,active,A,3
        E,A,2025-01-01,active,B,1
        """;

    private const string MatrixOrders = """
        id,date,member_id,kind,pv,cv
        OA,2026-11-02,A,personal,50,0
        OB,2026-11-02,B,personal,50,0
        OE,2026-11-03,E,personal,100,100
        """;

    [Fact]
    public void Unilevel_OverThePlacementTree_PaysUpTheMatrixColumns()
    {
        // E's order, up the placement tree: B (level 1) 10 % of 100 = 10.00, A (level 2) 5 % = 5.00.
        var r = Run.Period(Plan("  - type: unilevel\n    percents: [10, 5]\n    tree: placement"), Matrix, MatrixOrders);
        Assert.Equal(["A unilevel 5.00 OE E 2", "B unilevel 10.00 OE E 1"], Run.Lines(r));
        // Up the sponsor tree (the default) E's sponsor A is level 1: 10 % = 10.00, and B is not above E.
        var sponsor = Run.Period(Plan("  - type: unilevel\n    percents: [10, 5]"), Matrix, MatrixOrders);
        Assert.Equal(["A unilevel 10.00 OE E 1"], Run.Lines(sponsor));
    }

    [Fact]
    public void Matrix_TwoMembersAtOnePosition_IsAnErrorOnTheSecondsLine()
    {
        var members = Matrix + "\nF,A,2025-01-01,active,A,2";
        var e = Run.Fails(() => Run.Period(Plan("  - type: unilevel\n    percents: [10]\n    tree: placement"), members, MatrixOrders));
        Assert.Equal(["members.csv:7: member 'F' is placed at position 2 of 'A', which member 'C' (line 4) already holds"], e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void Matrix_NumberedPositionInAPlanWithBinary_IsAnErrorOnThatLine()
    {
        var e = Run.Fails(() => Run.Period(Plan("  - type: binary\n    percent: 10"), Matrix, MatrixOrders));
        Assert.Equal("members.csv:3: side must be 'L' or 'R' in a plan with a binary bonus, not the position 1", e.Errors[0].ToString());
    }

    [Fact]
    public void Unilevel_OverThePlacementTree_WithoutPlacementColumns_IsAnError()
    {
        var e = Run.Fails(() => Run.Period(Plan("  - type: unilevel\n    percents: [10]\n    tree: placement"),
            "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n", "id,date,member_id,kind,pv,cv\n"));
        Assert.Equal(["members.csv:1: plan.yaml pays unilevel over the placement tree (tree: placement), but no member has a placement_id: add the placement_id and side columns"],
            e.Errors.Select(x => x.ToString()));
    }

    // ---- 9.2 binary cycles ------------------------------------------------------------------

    private const string Binary = """
        id,sponsor_id,joined_on,status,placement_id,side
        A,,2025-01-01,active,,
        L,A,2025-01-01,active,A,L
        R,A,2025-01-01,active,A,R
        """;

    private static (List<string> Lines, decimal CarryLeft, decimal CarryRight) Cycles(string cycle, decimal ownPv, decimal left, decimal right, string cap = "")
    {
        var plan = Plan($"  - type: binary\n    cycle: {cycle}\n{cap}");
        var r = Run.Period(plan, Binary, $"id,date,member_id,kind,pv,cv\nOA,2026-11-02,A,personal,{ownPv},0\nOL,2026-11-02,L,personal,{left},{left}\nOR,2026-11-02,R,personal,{right},{right}\n");
        return (Run.Lines(r), r.CarryLeft[0], r.CarryRight[0]);
    }

    [Fact]
    public void Binary_OneToOne_ASideOfExactlyOneCycle_EarnsOneCycle()
    {
        // L = 100, R = 250: n = floor(min(100, 250) / 100) = 1; A (PV 50: Member, value 10) earns 1 × 10 = 10.00;
        // each side gives up 1 × 100: carries 0 and 150.
        var (lines, left, right) = Cycles("{ volume: 100, value: { Member: 10, Gold: 25 } }", 50, 100, 250);
        Assert.Equal(["A binary 10.00 - A 0"], lines);
        Assert.Equal((0m, 150m), (left, right));
        // One unit of volume short of a cycle: nothing earned, nothing given up.
        var (none, keptLeft, keptRight) = Cycles("{ volume: 100, value: 10 }", 50, 99.99m, 250);
        Assert.Empty(none);
        Assert.Equal((99.99m, 250m), (keptLeft, keptRight));
    }

    [Fact]
    public void Binary_TwoToOne_EqualSides_TakeTheDoubleFromTheLeft()
    {
        // L = R = 200: the left is the stronger when equal. n = min(floor(200 / 200), floor(200 / 100)) = 1;
        // the left gives up 2 × 100, the right 100: carries 0 and 100; paid 1 × 10.
        var (lines, left, right) = Cycles("{ volume: 100, value: 10, ratio: \"2:1\" }", 50, 200, 200);
        Assert.Equal(["A binary 10.00 - A 0"], lines);
        Assert.Equal((0m, 100m), (left, right));
        // L = 150, R = 500: the right is stronger. n = min(floor(500 / 200), floor(150 / 100)) = min(2, 1) = 1: carries 50 and 300.
        var (_, weakLeft, strongRight) = Cycles("{ volume: 100, value: 10, ratio: \"2:1\" }", 50, 150, 500);
        Assert.Equal((50m, 300m), (weakLeft, strongRight));
    }

    [Fact]
    public void Binary_CapsByRank_AndTheVolumeIsGivenUpEvenWhenUnpaid()
    {
        // A: PV 100, GV 1,100 → Gold (value 25 by the map). 500/500: 5 cycles = 125.00, capped at Gold's 40.00; carries 0 and 0.
        var (capped, left, right) = Cycles("{ volume: 100, value: { Member: 10, Gold: 25 } }", 100, 500, 500, "    cap: { Bronze: 15, Gold: 40 }");
        Assert.Equal(["A binary 40.00 - A 0"], capped);
        Assert.Equal((0m, 0m), (left, right));
        // A as a Member (PV 50, below every listed cap): no cap, 5 × 10 = 50.00.
        var (uncapped, _, _) = Cycles("{ volume: 100, value: { Member: 10, Gold: 25 } }", 50, 500, 500, "    cap: { Bronze: 15, Gold: 40 }");
        Assert.Equal(["A binary 50.00 - A 0"], uncapped);
        // A inactive (PV 0): not paid, but the 3 cycles' volume is still given up: carries 0 and 100.
        var (unpaid, l, r) = Cycles("{ volume: 100, value: 10 }", 0, 300, 400);
        Assert.Empty(unpaid);
        Assert.Equal((0m, 100m), (l, r));
    }

    // ---- 9.3 stairstep slabs and the walk from the sponsor ------------------------------------

    // A sponsors B, B sponsors C. GV: C 100 (below every slab: 0 %), B 300 (exactly the first slab: 5 %), A 1,000 (exactly the second: 8 %).
    private const string Chain = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,B,2025-01-01\n";
    private const string ChainOrders = """
        id,date,member_id,kind,pv,cv
        OA,2026-11-02,A,personal,700,0
        OB,2026-11-02,B,personal,200,200
        OC,2026-11-02,C,personal,100,100
        """;
    private const string Slabs = "  - type: stairstep\n    percents_by_gv: [ { min_gv: 300, percent: 5 }, { min_gv: 1000, percent: 8 } ]";

    [Fact]
    public void Stairstep_BySlab_GvExactlyAtASlabTakesIt()
    {
        // OC from C (0 %): B 5 % of 100 = 5.00 (level 1), A 8 − 5 = 3 % = 3.00 (level 2).
        // OB from B (5 %): B 5 % of 200 = 10.00 (level 0), A 3 % = 6.00 (level 1).
        var r = Run.Period(Plan(Slabs), Chain, ChainOrders);
        Assert.Equal(["A stairstep 6.00 OB B 1", "A stairstep 3.00 OC C 2", "B stairstep 10.00 OB B 0", "B stairstep 5.00 OC C 1"], Run.Lines(r));
        var slab = PlanReader.Parse(Plan(Slabs), "plan.yaml").Find<StairstepBonus>()!;
        Assert.Equal([0m, 5m, 5m, 8m], new[] { 299.99m, 300m, 999.99m, 1000m }.Select(gv => slab.PercentOf(0, gv)));
    }

    [Fact]
    public void Stairstep_StartingAtTheSponsor_NeverPaysAMemberOnItsOwnOrders()
    {
        // OB's walk starts at A with paid = 0 at level 1: A 8 % of 200 = 16.00; B gets nothing on its own order.
        // OC's walk starts at B: B 5 % = 5.00 (level 1), A 3 % = 3.00 (level 2), as from C itself (C is at 0 %).
        var r = Run.Period(Plan(Slabs + "\n    start: sponsor"), Chain, ChainOrders);
        Assert.Equal(["A stairstep 16.00 OB B 1", "A stairstep 3.00 OC C 2", "B stairstep 5.00 OC C 1"], Run.Lines(r));
    }

    // ---- 9.4 generations closed by rank --------------------------------------------------------

    [Fact]
    public void Matching_GenerationsClosedByRank_RunDownToTheNextMemberOfThatRank()
    {
        // A chain A > B > C > D > E. PV: A 50, B 100, C 180 (a retail order: profit 20.00), D 60, E 60 (retail: profit 10.00).
        // GV: C 300 → Bronze; B 400 → Bronze; A 450, PV 50 → Member. Closing rank Bronze.
        // E's 10.00: D (nobody between) g1 10 % = 1.00; C (D between, not Bronze) g1 = 1.00 — C is at the top of its
        // generation; B (C, D between; C is Bronze) g2 5 % = 0.50; A (B, C, D between; two Bronze) g3: no percent.
        // C's 20.00: B g1 10 % = 2.00 — C, Bronze, is at the bottom of B's first generation; A (B between) g2 5 % = 1.00.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,B,2025-01-01\nD,C,2025-01-01\nE,D,2025-01-01\n";
        var orders = """
            id,date,member_id,kind,pv,cv,amount,wholesale
            OA,2026-11-02,A,personal,50,0,,
            OB,2026-11-02,B,personal,100,0,,
            OC,2026-11-02,C,retail,180,0,200,180
            OD,2026-11-02,D,personal,60,0,,
            OE,2026-11-02,E,retail,60,0,110,100
            """;
        var matching = "  - type: retail_profit\n  - type: matching\n    of: [retail_profit]\n    percents: [10, 5]";
        var r = Run.Period(Plan(matching + "\n    generation_rank: Bronze"), members, orders);
        Assert.Equal(["A matching 1.00 - C 2", "B matching 2.00 - C 1", "B matching 0.50 - E 2", "C matching 1.00 - E 1", "D matching 1.00 - E 1"],
            Run.LinesOf(r, BonusType.Matching));
        // By sponsor levels (version 1): E's 10.00 pays D g1 1.00 and C g2 0.50; C's 20.00 pays B g1 2.00 and A g2 1.00.
        var byLevel = Run.Period(Plan(matching), members, orders);
        Assert.Equal(["A matching 1.00 - C 2", "B matching 2.00 - C 1", "C matching 0.50 - E 2", "D matching 1.00 - E 1"],
            Run.LinesOf(byLevel, BonusType.Matching));
    }

    // ---- 9.5 fast start that replaces unilevel ------------------------------------------------

    [Fact]
    public void FastStart_Exclusive_ReplacesUnilevelUpToTheLastDayOfTheWindow()
    {
        // C joined 2026-11-01, window 10 days. O1 on 11-10 (9 days: the last day inside) pays fast start only:
        // B 20 % of 100 = 20.00. O2 on 11-11 (10 days: outside) pays unilevel only: B 5.00 (level 1), A 5.00 (level 2).
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,B,2026-11-01\n";
        var orders = """
            id,date,member_id,kind,pv,cv
            OA,2026-11-02,A,personal,50,0
            OB,2026-11-02,B,personal,50,0
            O1,2026-11-10,C,personal,100,100
            O2,2026-11-11,C,personal,100,100
            """;
        var bonuses = "  - type: fast_start\n    within_days: 10\n    percents: [20]\n    exclusive: {0}\n  - type: unilevel\n    percents: [5, 5]";
        var r = Run.Period(Plan(bonuses.Replace("{0}", "true", StringComparison.Ordinal)), members, orders);
        Assert.Equal(["A unilevel 5.00 O2 C 2", "B fast_start 20.00 O1 C 1", "B unilevel 5.00 O2 C 1"], Run.Lines(r));
        // Not exclusive: O1 pays both.
        var both = Run.Period(Plan(bonuses.Replace("{0}", "false", StringComparison.Ordinal)), members, orders);
        Assert.Equal(["A unilevel 5.00 O1 C 2", "A unilevel 5.00 O2 C 2", "B fast_start 20.00 O1 C 1", "B unilevel 5.00 O1 C 1", "B unilevel 5.00 O2 C 1"],
            Run.Lines(both));
    }

    // ---- commissions explain ------------------------------------------------------------------

    [Fact]
    public void Explain_TellsEachVersion2RuleInWords()
    {
        // Cycles: L = R = 200 under 2:1 → 1 cycle; the left gives up 200, the right 100.
        var binary = Run.Period(Plan("  - type: binary\n    cycle: { volume: 100, value: 10, ratio: \"2:1\" }"), Binary,
            "id,date,member_id,kind,pv,cv\nOA,2026-11-02,A,personal,50,0\nOL,2026-11-02,L,personal,200,200\nOR,2026-11-02,R,personal,200,200\n");
        var cycles = MemberExplanation.Write(binary, 0);
        Assert.Contains("Cycles (2:1, two volumes of 100 from the stronger side and one from the other): 1; the left gives up 200, the right 100. Paid 1 × 10 for a Member.", cycles, StringComparison.Ordinal);
        Assert.Contains("binary 10.00: 1 cycle(s) of 100 × 10 for a Member.", cycles, StringComparison.Ordinal);

        // The slab A reached, and the walk from the sponsor.
        var slab = MemberExplanation.Write(Run.Period(Plan(Slabs + "\n    start: sponsor"), Chain, ChainOrders), 0);
        Assert.Contains("stairstep 16.00: order OB of B (CV 200), 1 step(s) below you (the walk starts at B's sponsor: no one is paid on its own orders): your GV 1000 reaches the slab from 1000, percent 8 % minus 0 % already paid below = 8 %.",
            slab, StringComparison.Ordinal);

        // Where a generation closed: B is paid on E two generations down, closed at C.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,B,2025-01-01\nD,C,2025-01-01\nE,D,2025-01-01\n";
        var orders = "id,date,member_id,kind,pv,cv,amount,wholesale\nOB,2026-11-02,B,personal,100,0,,\nOC,2026-11-02,C,personal,180,0,,\nOD,2026-11-02,D,personal,60,0,,\nOE,2026-11-02,E,retail,60,0,110,100\n";
        var matching = Run.Period(Plan("  - type: retail_profit\n  - type: matching\n    of: [retail_profit]\n    percents: [10, 5]\n    generation_rank: Bronze"), members, orders);
        Assert.Contains("matching 0.50: E, generation 2 below you (generations close at each Bronze or above: C), earned 10.00 in retail_profit before caps: 5 %.",
            MemberExplanation.Write(matching, 1), StringComparison.Ordinal);

        // Why an order paid fast start instead of unilevel.
        var fast = Run.Period(Plan("  - type: fast_start\n    within_days: 10\n    percents: [20]\n    exclusive: true\n  - type: unilevel\n    percents: [5]"),
            "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2026-11-01\n", "id,date,member_id,kind,pv,cv\nOA,2026-11-02,A,personal,50,0\nO1,2026-11-10,B,personal,100,100\n");
        Assert.Contains("fast_start 20.00: order O1 of B (CV 100), placed 9 day(s) after B joined; you are 1 level(s) up: 20 %. Inside the 10-day window the order pays fast start instead of unilevel.",
            MemberExplanation.Write(fast, 0), StringComparison.Ordinal);
    }

    // ---- the plan reader ----------------------------------------------------------------------

    [Theory]
    [InlineData("  - type: binary\n    percent: 10\n    cycle: { volume: 100, value: 10 }", "plan.yaml:14:5: binary takes either 'percent' or 'cycle', not both")]
    [InlineData("  - type: binary\n    max_carry: 100", "plan.yaml:12:5: binary needs 'percent' or 'cycle'")]
    [InlineData("  - type: binary\n    cycle: { volume: 100, value: 10, ratio: \"3:1\" }", "plan.yaml:13:45: 'ratio' must be '1:1' or '2:1', not '3:1'")]
    [InlineData("  - type: binary\n    cycle: { volume: 0, value: 10 }", "plan.yaml:13:22: 'volume' of a cycle must be above 0")]
    [InlineData("  - type: binary\n    cycle: { volume: 100, value: { Platinum: 10 } }", "plan.yaml:13:36: unknown rank name 'Platinum' (the plan's ranks are Member, Bronze, Gold)")]
    [InlineData("  - type: binary\n    percent: 10\n    cap: { Silver: 10 }", "plan.yaml:14:12: unknown rank name 'Silver' (the plan's ranks are Member, Bronze, Gold)")]
    [InlineData("  - type: stairstep\n    percents_by_gv: [ { min_gv: 500, percent: 5 }, { min_gv: 500, percent: 8 } ]", "plan.yaml:13:62: slabs must be in ascending min_gv: 500 comes after 500")]
    [InlineData("  - type: stairstep\n    percents_by_gv: [ { min_gv: 500, percent: 101 } ]", "plan.yaml:13:47: 'percent' is a percent from 0 to 100, not 101")]
    [InlineData("  - type: stairstep\n    start: top", "plan.yaml:13:12: 'start' must be 'self' or 'sponsor', not 'top'")]
    [InlineData("  - type: matching\n    of: [unilevel]\n    generation_rank: Diamond", "plan.yaml:14:22: unknown rank name 'Diamond' (the plan's ranks are Member, Bronze, Gold)")]
    [InlineData("  - type: unilevel\n    tree: matrix", "plan.yaml:13:11: 'tree' must be 'sponsor' or 'placement', not 'matrix'")]
    [InlineData("  - type: fast_start\n    exclusive: maybe", "plan.yaml:13:16: 'exclusive' must be true or false, not 'maybe'")]
    public void PlanReader_RefusesBadVersion2Keys_AtTheirLineAndColumn(string bonus, string error)
    {
        var e = Run.Fails(() => PlanReader.Parse(Plan(bonus), "plan.yaml"));
        Assert.Equal(error, e.Errors[0].ToString());
    }
}
