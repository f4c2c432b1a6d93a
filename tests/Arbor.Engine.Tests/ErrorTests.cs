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
    };

    [Theory]
    [MemberData(nameof(BadMembers))]
    public void Members_BadInput_ReportsFileLineAndProblem(string csv, string location, string words)
    {
        var e = Run.Fails(() => MemberFileReader.Read(Run.Stream(csv), "members.csv", Plan));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(location, StringComparison.Ordinal) && x.Message.Contains(words, StringComparison.Ordinal));
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
    };

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
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public void Plan_BadInput_ReportsFileLineColumnAndQuotesTheKey(string yaml, string location, string words)
    {
        var e = Run.Fails(() => PlanReader.Parse(yaml, "plan.yaml"));
        Assert.Contains(e.Errors, x => x.ToString().StartsWith(location, StringComparison.Ordinal) && x.Message.Contains(words, StringComparison.Ordinal));
    }
}
