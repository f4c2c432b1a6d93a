using Arbor.Engine.Batch;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>Every input error of contract sections 2 and 3: located as FILE:LINE: (plans FILE:LINE:COLUMN:), in words.</summary>
public class ErrorTests
{
    private const string PlanText = """
        name: t
        ranks:
          - name: Member
          - name: Bronze
        bonuses:
          - type: unilevel
            percents: [10]
        """;

    private static readonly Plan Plan = PlanReader.Parse(PlanText, "plan.yaml");

    public static TheoryData<string, string, string> BadMembers() => new()
    {
        { "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,D,2025-01-01\n", "members.csv:4:", "sponsor_id 'D'" },
        { "id,sponsor_id,joined_on\nA,,2025-01-01\nA,,2025-01-02\n", "members.csv:3:", "duplicate member id 'A'" },
        { "id,sponsor_id,joined_on\nR,,2025-01-01\nA,C,2025-01-01\nB,A,2025-01-01\nC,B,2025-01-01\n", "members.csv:3:", "sponsor cycle: 'A' → 'C' → 'B' → 'A'" },
        { "id,sponsor_id,joined_on\nA,A,2025-01-01\n", "members.csv:2:", "sponsor cycle" },
        { "id,sponsor_id,joined_on,placement_id,side\nA,,2025-01-01,,\nB,A,2025-01-01,C,L\nC,A,2025-01-01,B,R\n", "members.csv:3:", "placement cycle" },
        { "id,sponsor_id,joined_on,placement_id,side\nA,,2025-01-01,,\nB,A,2025-01-01,A,L\nC,A,2025-01-01,A,L\n", "members.csv:4:", "already holds" },
        { "id,sponsor_id,joined_on,placement_id,side\nA,,2025-01-01,,\nB,A,2025-01-01,Z,L\n", "members.csv:3:", "placement_id 'Z'" },
        { "id,sponsor_id,joined_on,nickname\nA,,2025-01-01,x\n", "members.csv:1:", "unknown column 'nickname'" },
        { "id,sponsor_id\nA,\n", "members.csv:1:", "missing required column 'joined_on'" },
        { "id,sponsor_id,joined_on\nA,,2025-02-30\n", "members.csv:2:", "'joined_on' is not a date" },
        { "id,sponsor_id,joined_on,carry_left\nA,,2025-01-01,12,5\n", "members.csv:2:", "expected 4 fields" },
        { "id,sponsor_id,joined_on,carry_left\nA,,2025-01-01,1O0\n", "members.csv:2:", "'carry_left' is not a number: '1O0'" },
        { "id,sponsor_id,joined_on,status\nA,,2025-01-01,gone\n", "members.csv:2:", "status must be" },
        { "id,sponsor_id,joined_on,highest_rank\nA,,2025-01-01,Gold\n", "members.csv:2:", "unknown rank name 'Gold'" },
        { "id,sponsor_id,joined_on\n\"A,,2025-01-01\n", "members.csv:2:", "never closed" },
        // Issue 15: the accepted ranges, control characters, empty files, repeated columns.
        { "id,sponsor_id,joined_on,carry_left\nA,,2025-01-01,1000000000.01\n", "members.csv:2:", "'carry_left' is outside the accepted range" },
        { "id,sponsor_id,joined_on,carry_left\nA,,2025-01-01,-79228162514264337593543950335\n", "members.csv:2:", "'carry_left' is outside the accepted range" },
        { "id,sponsor_id,joined_on,carry_right\nA,,2025-01-01,0.000000001\n", "members.csv:2:", "'carry_right' has more than 8 decimals" },
        { "id,sponsor_id,joined_on,carry_right\nA,,2025-01-01,1e5\n", "members.csv:2:", "'carry_right' is not a number: '1e5'" },
        { "id,sponsor_id,joined_on\nA,,2025-01-01\nB\0,A,2025-01-01\n", "members.csv:3:", "a control character (byte 0x00)" },
        { "id,sponsor_id,joined_on\nA\t,,2025-01-01\n", "members.csv:2:", "a control character (byte 0x09)" },
        { "id,sponsor_id,joined_on\nA,,2025-01-01\n\"B\r\n\u0001\",A,2025-01-01\n", "members.csv:4:", "a control character (byte 0x01)" },
        { "id,sponsor_id,joined_on\nA,,2025-01-01\nB\",A,2025-01-01\n", "members.csv:3:", "a lone quote in a field" },
        { "", "members.csv:1:", "the file is empty" },
        { "\n\n", "members.csv:1:", "the file is empty" },
        { "id,sponsor_id,joined_on\n", "members.csv:2:", "no members, only a header" },
        { "\uFEFFid,sponsor_id,joined_on\r\n", "members.csv:2:", "no members, only a header" },
        { "id,sponsor_id,joined_on,id\nA,,2025-01-01,A\n", "members.csv:1:", "column 'id' appears twice" },
    };

    [Fact]
    public void Members_ByteOrderMarkAndCrlf_AreRead()
    {
        var network = MemberFileReader.Read(new MemoryStream("\uFEFFid,sponsor_id,joined_on\r\nA,,2025-01-01\r\nB,A,2025-01-01\r\n"u8.ToArray()), "members.csv", Plan);
        Assert.Equal(["A", "B"], Enumerable.Range(0, network.Count).Select(i => network.Ids[i]));
    }

    [Fact]
    public void Members_UnknownRankOfThePlan_NamesThePlanFile()
    {
        var plan = PlanReader.Parse(PlanText, "plans/october.yaml");
        var e = Run.Fails(() => MemberFileReader.Read(Run.Stream("id,sponsor_id,joined_on,highest_rank\nA,,2025-01-01,Gold\n"), "members.csv", plan));
        Assert.Contains("the ranks of october.yaml are Member, Bronze", e.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadMembers))]
    public void Members_BadInput_ReportsFileLineAndProblem(string csv, string location, string words)
    {
        var e = Run.Fails(() => MemberFileReader.Read(Run.Stream(csv), "members.csv", Plan));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(location, StringComparison.Ordinal) && x.Message.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void Members_TreeChecks_ReportSponsorCyclesThenPlacementCyclesThenSides()
    {
        // The three checks run side by side; their errors come in one order whichever ends first.
        const string csv = "id,sponsor_id,joined_on,placement_id,side\nA,,2025-01-01,,\nB,A,2025-01-01,A,L\nC,A,2025-01-01,A,L\n"
            + "D,E,2025-01-01,F,L\nE,D,2025-01-01,,\nF,A,2025-01-01,D,R\n";
        var e = Run.Fails(() => MemberFileReader.Read(Run.Stream(csv), "members.csv", Plan));
        Assert.Equal(
            [
                "members.csv:5: sponsor cycle: 'D' → 'E' → 'D' (each sponsors the next, so the tree has no top)",
                "members.csv:5: placement cycle: 'D' → 'F' → 'D' (each is placed under the next, so the tree has no top)",
                "members.csv:4: member 'C' is placed on side L of 'A', which member 'B' (line 3) already holds",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    private const string Members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n";

    public static TheoryData<string, string, string> BadOrders() => new()
    {
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,X,personal,1,1\n", "orders.csv:2:", "member_id 'X'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\nO1,2026-11-02,B,personal,1,1\n", "orders.csv:3:", "duplicate order id 'O1'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,return,5,-5\n", "orders.csv:2:", "positive volume" },
        { "id,date,member_id,kind,pv,cv,amount,wholesale\nO1,2026-11-01,A,retail,5,5,,10\n", "orders.csv:2:", "needs both 'amount'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,retail,5,5\n", "orders.csv:2:", "needs both 'amount'" },
        { "id,date,member_id,kind,pv,cv,coupon\nO1,2026-11-01,A,personal,1,1,x\n", "orders.csv:1:", "unknown column 'coupon'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1.2.3,1\n", "orders.csv:2:", "'pv' is not a number: '1.2.3'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,,1\n", "orders.csv:2:", "'pv' is empty" },
        { "id,date,member_id,kind,pv,cv\nO1,01/11/2026,A,personal,1,1\n", "orders.csv:2:", "'date' is not a date" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,gift,1,1\n", "orders.csv:2:", "kind must be" },
        // Issue 15: a byte below '0' in a number overflowed the parser's digit check.
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1#0,1\n", "orders.csv:2:", "'pv' is not a number: '1#0'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1 0,1\n", "orders.csv:2:", "'pv' is not a number: '1 0'" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,!\n", "orders.csv:2:", "'cv' is not a number: '!'" },
        // Issue 15: numbers past the accepted range overflowed the engine's cents.
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,79228162514264337593543950335\n", "orders.csv:2:", "'cv' is outside the accepted range -1,000,000,000 to 1,000,000,000" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,9999999999999999999,1\n", "orders.csv:2:", "'pv' is outside the accepted range" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,return,-1000000000.00000001,0\n", "orders.csv:2:", "'pv' is outside the accepted range" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,0.0000000000000000000000000001\n", "orders.csv:2:", "'cv' has more than 8 decimals" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,79228162514264337593543950336\n", "orders.csv:2:", "'cv' is not a number" },
        { "id,date,member_id,kind,pv,cv,amount,wholesale\nO1,2026-11-01,A,retail,1,1,1000000001,10\n", "orders.csv:2:", "'amount' is outside the accepted range" },
        { "id,date,member_id,kind,pv,cv,amount,wholesale\nO1,2026-11-01,A,retail,1,1,10,-2000000000\n", "orders.csv:2:", "'wholesale' is outside the accepted range" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\u007f\n", "orders.csv:2:", "a control character (byte 0x7F)" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\rO2,2026-11-01,A,personal,1,1\n", "orders.csv:2:", "a control character (byte 0x0D)" },
        { "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,pers\"onal,1,1\n", "orders.csv:2:", "a lone quote in a field" },
        { "", "orders.csv:1:", "the file is empty" },
        { "id,date,member_id,kind,pv,cv,pv\nO1,2026-11-01,A,personal,1,1,1\n", "orders.csv:1:", "column 'pv' appears twice" },
    };

    [Fact]
    public void Orders_OnlyAHeader_IsAPeriodWithoutOrders()
    {
        var r = Run.Period(PlanText, Members, "id,date,member_id,kind,pv,cv\n");
        Assert.Equal(0, r.Orders.Count);
        Assert.Empty(r.Lines);
    }

    [Fact]
    public void Orders_ByteOrderMarkAndCrlf_AreRead()
    {
        var network = MemberFileReader.Read(Run.Stream(Members), "members.csv", Plan);
        var book = OrderFileReader.Read(new MemoryStream("\uFEFFid,date,member_id,kind,pv,cv\r\nO1,2026-11-01,A,personal,1,2.5\r\n"u8.ToArray()), "orders.csv", network);
        Assert.Equal("O1", book.Ids[0]);
        Assert.Equal(2.5m, book.Cv[0]);
    }

    [Fact]
    public void Orders_LargestAcceptedNumbersEverywhere_Compute()
    {
        // Every volume at the top of its range and every percent at 100: the lines and totals fit.
        const string plan = """
            name: t
            ranks:
              - name: Member
            bonuses:
              - type: retail_profit
              - type: unilevel
                percents: [100, 100]
              - type: stairstep
                percents: { Member: 100 }
            """;
        var orders = "id,date,member_id,kind,pv,cv,amount,wholesale\n" +
            "O1,2026-11-01,B,retail,1000000000,1000000000,1000000000,-1000000000\nO2,2026-11-01,B,personal,999999999.99999999,999999999.99999999,,\n";
        var r = Run.Period(plan, Members, orders);
        Assert.Equal(1999999999.99999999m, r.TotalPv);
        Assert.Equal(1999999999.99999999m, r.TotalCv);
        // B's stairstep takes the whole 100 %, so A's differential is 0 and not written.
        Assert.Equal(["A unilevel 1000000000.00 O1 B 1", "A unilevel 1000000000.00 O2 B 1",
            "B retail_profit 2000000000.00 O1 B 0", "B stairstep 1000000000.00 O1 B 0", "B stairstep 1000000000.00 O2 B 0"], Run.Lines(r));
    }

    [Theory]
    [MemberData(nameof(BadOrders))]
    public void Orders_BadInput_ReportsFileLineAndProblem(string csv, string location, string words)
    {
        var network = MemberFileReader.Read(Run.Stream(Members), "members.csv", Plan);
        var e = Run.Fails(() => OrderFileReader.Read(Run.Stream(csv), "orders.csv", network));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(location, StringComparison.Ordinal) && x.Message.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void Orders_SeveralBadRows_AllReportedInOnePass()
    {
        var network = MemberFileReader.Read(Run.Stream(Members), "members.csv", Plan);
        var e = Run.Fails(() => OrderFileReader.Read(Run.Stream("id,date,member_id,kind,pv,cv\nO1,2026-11-01,X,personal,1,1\nO2,2026-11-01,A,return,1,1\nO3,bad,A,personal,1,1\n"), "orders.csv", network));
        Assert.Equal(["orders.csv:2", "orders.csv:3", "orders.csv:4"], e.Errors.Select(x => $"{x.File}:{x.Line}"));
    }

    public static TheoryData<string, string, string> BadPlans() => new()
    {
        { "name: t\nranks:\n  - name: Member\nbonuses: []\ncolour: red\n", "plan.yaml:5:1:", "unknown key 'colour'" },
        { "name: t\nranks:\n  - name: Member\n    min_pvv: 5\nbonuses: []\n", "plan.yaml:4:5:", "unknown key 'min_pvv'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5]\n    max_levels: { Gold: 3 }\n", "plan.yaml:7:19:", "unknown rank name 'Gold'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5, -1]\n", "plan.yaml:6:19:", "must not be negative" },
        { "name: t\nranks:\n  - name: Member\n  - name: Member\nbonuses: []\n", "plan.yaml:4:11:", "duplicate rank name 'Member'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: matching\n    of: [unilevel, matching]\n", "plan.yaml:6:20:", "cannot name 'matching'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n  - type: unilevel\n", "plan.yaml:6:11:", "appears more than once" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: lottery\n", "plan.yaml:5:11:", "unknown bonus type 'lottery'" },
        { "name: t\nranks: []\nbonuses: []\n", "plan.yaml:2:8:", "at least one rank" },
        { "ranks:\n  - name: Member\nbonuses: []\n", "plan.yaml:1:1:", "missing required key 'name'" },
        { "name: t\nranks:\n  - name: Member\n    legs: { count: 2, min_rank: Gold }\nbonuses: []\n", "plan.yaml:4:33:", "unknown rank name 'Gold'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: ten\n", "plan.yaml:6:14:", "must be a number" },
        { "name: [t\n", "plan.yaml:", "not valid YAML" },
        // Issue 15: an unclosed flow mapping made YamlDotNet throw InvalidOperationException, not YamlException.
        { "name: t\nranks:\n  - name: Member\n    legs: { count: 2, min_rank\nbonuses: []\n", "plan.yaml:5:1:", "not valid YAML" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: pool\n    shares: { Member: 1]\n", "plan.yaml:", "not valid YAML" },
        { "name: t\nranks:\n  - name: Member\nbonuses: []\n---\nname: u\n", "plan.yaml:6:1:", "one YAML document" },
        { "name: " + new string('[', 1000) + new string(']', 1000) + "\n", "plan.yaml:1:", "nested more than 64 deep" },
        { "name: t\nranks:\n  - name: Member\nbonuses: *nothing\n", "plan.yaml:4:10:", "not valid YAML" },
        { "name: t\nranks:\n  - name: Member\nbonuses: []\nname: u\n", "plan.yaml:", "not valid YAML" },
        { "name: t\nranks:\n  - name: Member\n  - name: Gold\0\nbonuses: []\n", "plan.yaml:4:15:", "a control character (U+0000)" },
        { "name: t\nranks:\n  - name: Member\n  - name: Gold\u0085\u0086\nbonuses: []\n", "plan.yaml:4:16:", "a control character (U+0086)" },
        // Issue 15: the accepted ranges.
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [5, 100.5]\n", "plan.yaml:6:19:", "'percents' is a percent from 0 to 100, not 100.5" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 79228162514264337593543950335\n", "plan.yaml:6:14:", "'percent' is a percent from 0 to 100" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 1e309\n", "plan.yaml:6:14:", "'percent' must be a number, not '1e309'" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 10.0000001\n", "plan.yaml:6:14:", "'percent' may have at most 6 decimals" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 10\n    cap: 1000000000000.01\n", "plan.yaml:7:10:", "'cap' must be at most 1,000,000,000,000" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: binary\n    percent: 10\n    max_carry: 0.000000001\n", "plan.yaml:7:16:", "'max_carry' may have at most 8 decimals" },
        { "name: t\nranks:\n  - name: Member\n  - name: Gold\nbonuses:\n  - type: rank_advancement\n    amounts: { Gold: 9999999999999999999 }\n", "plan.yaml:7:22:", "'amounts' must be at most" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: stairstep\n    percents: { Member: 101 }\n", "plan.yaml:6:25:", "'percents' is a percent from 0 to 100" },
        { "name: t\nranks:\n  - name: Member\n    max_leg_percent: 150\nbonuses: []\n", "plan.yaml:4:22:", "'max_leg_percent' is a percent" },
        { "name: t\nranks:\n  - name: Member\nbonuses: []\ncaps: { payout_percent: 100.1 }\n", "plan.yaml:5:25:", "'payout_percent' is a percent" },
        { "name: t\nranks:\n  - name: Member\nbonuses: []\ncaps: { member: 1e13 }\n", "plan.yaml:5:17:", "'member' must be at most" },
        { "name: t\nactive: { min_pv: 1000000000001 }\nranks:\n  - name: Member\nbonuses: []\n", "plan.yaml:2:19:", "'min_pv' must be at most" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: fast_start\n    within_days: 1000001\n", "plan.yaml:6:18:", "'within_days' must be at most 1000000" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: fast_start\n    within_days: 99999999999\n", "plan.yaml:6:18:", "'within_days' must be a whole number" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [1]\n    max_levels: { Member: 2000000 }\n", "plan.yaml:7:27:", "'max_levels' must be at most" },
        { "name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [" + string.Join(',', Enumerable.Repeat("1", 1001)) + "]\n", "plan.yaml:6:15:", "at most 1000 levels" },
        { "name: t\nranks:\n" + string.Concat(Enumerable.Range(0, 1001).Select(i => $"  - name: R{i}\n")) + "bonuses: []\n", "plan.yaml:3:3:", "at most 1000" },
    };

    [Fact]
    public void Plan_ByteOrderMarkAndCrlf_AreRead()
    {
        var plan = PlanReader.Parse("\uFEFF" + PlanText.ReplaceLineEndings("\r\n"), "plan.yaml");
        Assert.Equal(["Member", "Bronze"], plan.Ranks.Select(r => r.Name));
    }

    [Fact]
    public void Plan_LargestAcceptedNumbers_AreRead()
    {
        var plan = PlanReader.Parse("name: t\nranks:\n  - name: Member\n    min_gv: 1000000000000\nbonuses:\n  - type: binary\n    percent: 99.999999\n    cap: 0.00000001\n", "plan.yaml");
        Assert.Equal(1_000_000_000_000m, plan.Ranks[0].MinGv);
        Assert.Equal(99.999999m, plan.Find<BinaryBonus>()!.Percent);
    }

    [Fact]
    public void FitsFile_ReadFromTheBits_AgreesWithTheRangeInDecimals()
    {
        var random = new Random(15);
        var values = new List<decimal> { 1_000_000_000m, -1_000_000_000m, 1_000_000_000.00000001m, 999_999_999.99999999m, 1_000_000_000.00000000m,
            0.00000001m, 0.000000001m, 0m, decimal.MaxValue, decimal.MinValue, 4_294_967_296m, 18_446_744_073.70955161m };
        for (var i = 0; i < 100_000; i++)
        {
            var mantissa = new decimal(random.Next(), random.Next(2) == 0 ? 0 : random.Next(), random.Next(4) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(29));
            values.Add(mantissa);
        }
        foreach (var v in values) Assert.True(InputRanges.FitsFile(v) == (v.Scale <= 8 && Math.Abs(v) <= 1_000_000_000m), v.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Engine_TotalsPastItsIntegers_RefusedNamingTheOrders()
    {
        // Orders handed over directly (as a database does) are not held to a file's ranges: a total past
        // 64-bit cents is refused as an input error, not an OverflowException from a worker thread.
        var plan = PlanReader.Parse("name: t\nranks:\n  - name: Member\nbonuses:\n  - type: unilevel\n    percents: [100]\n", "plan.yaml");
        var network = MemberFileReader.Read(Run.Stream(Members), "members.csv", plan);
        var builder = new Model.OrderBookBuilder();
        for (var o = 0; o < 3; o++) builder.Add(o + 2, $"O{o}", new DateOnly(2026, 11, 2), 1, Model.OrderKind.Personal, 1, 50_000_000_000_000_000m);
        var e = Run.Fails(() => Computation.PeriodEngine.Run(plan, network, builder.Build("orders.csv"), Run.November));
        Assert.Equal("orders.csv", e.Errors.Single().File);
        Assert.Contains("add up to more than 92,233,720,368,547,758.07", e.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerThreads_InputExceptions_ReachTheCallerAsThemselves()
    {
        static void Fail(int line) => throw new InputException([new InputError("orders.csv", line, null, "bad")]);
        var e = Assert.Throws<InputException>(() => Runtime.WorkerExceptions.Unwrapped(() => Task.WaitAll(Task.Run(() => Fail(9)), Task.Run(() => Fail(7)))));
        Assert.Equal(["orders.csv:7: bad", "orders.csv:9: bad"], e.Errors.Select(x => x.ToString()));
        Assert.Throws<OverflowException>(() => Runtime.WorkerExceptions.Unwrapped(() => Parallel.For(0, 2, _ => throw new OverflowException())));
    }

    [Theory]
    [MemberData(nameof(BadPlans))]
    public void Plan_BadInput_ReportsFileLineColumnAndQuotesTheKey(string yaml, string location, string words)
    {
        var e = Run.Fails(() => PlanReader.Parse(yaml, "plan.yaml"));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(location, StringComparison.Ordinal) && x.Message.Contains(words, StringComparison.Ordinal));
    }
}
