using Arbor.Engine.Computation;
using Arbor.Engine.Explain;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>
/// Plan qualifications (issue 17): retail conditions of activity and of a bonus, and the 70 %
/// rule's proportional pay, each on a small chain with the hand computation beside the
/// expectation, line by line. Plans without them compute as before (the examples, byte for byte).
/// </summary>
public class QualificationTests
{
    // A chain: A sponsors B, B sponsors C. One rank: only activity matters.
    private const string Chain = """
        id,sponsor_id,joined_on,status
        A,,2025-01-01,active
        B,A,2025-01-01,active
        C,B,2025-01-01,active
        """;

    private static string Plan(string active, string bonuses, string extra = "") =>
        $"name: t\nactive: {{ {active} }}\nranks:\n  - name: Member\nbonuses:\n{bonuses}\n{extra}";

    // Orders of the active-condition case.
    //   C: O1 personal PV 100, CV 100.
    //   B: OB1 personal 80; OB2 retail 20 (customer K1).  B: retail PV 20, personal PV 80, bought 100: retail share 20 %.
    //   A: OA1 personal 60; OA2 retail 40 (customer K2).  A: retail share 40 / 100 = 40 %.
    // Every member has PV 100 >= min_pv 50.
    private const string ActiveOrders = """
        id,date,member_id,kind,pv,cv,amount,wholesale,customer_id
        O1,2026-11-05,C,personal,100,100,,,
        OB1,2026-11-05,B,personal,80,80,,,
        OB2,2026-11-06,B,retail,20,20,30,20,K1
        OA1,2026-11-05,A,personal,60,60,,,
        OA2,2026-11-06,A,retail,40,40,60,40,K2
        """;

    [Theory]
    // min_retail_share 25: B's 20 % is below it, so B is NOT active. Dynamic compression skips B:
    //   O1 (C, CV 100): level 1 is the next active upline, A: 10 % of 100 = 10.00; no level 2.
    //   OB1 (B, CV 80): A at level 1: 10 % = 8.00.  OB2 (B, CV 20): A: 10 % = 2.00.
    //   C: retail share 0 % (no retail) -> inactive too, but nobody is below C.
    [InlineData("min_pv: 50, min_retail_share: 25", false, "A unilevel 10.00 O1 C 1|A unilevel 8.00 OB1 B 1|A unilevel 2.00 OB2 B 1")]
    // min_retail_share 20: B's 20 % meets it exactly (at least), B is active:
    //   O1: B level 1 10 % = 10.00, A level 2 5 % = 5.00; OB1, OB2: A as above.
    [InlineData("min_pv: 50, min_retail_share: 20", true, "A unilevel 5.00 O1 C 2|A unilevel 8.00 OB1 B 1|A unilevel 2.00 OB2 B 1|B unilevel 10.00 O1 C 1")]
    // No retail condition (a v1 plan): the same as the row above.
    [InlineData("min_pv: 50", true, "A unilevel 5.00 O1 C 2|A unilevel 8.00 OB1 B 1|A unilevel 2.00 OB2 B 1|B unilevel 10.00 O1 C 1")]
    // min_retail_customers 1: B and A have one customer each (K1, K2): both active, as above.
    [InlineData("min_pv: 50, min_retail_customers: 1", true, "A unilevel 5.00 O1 C 2|A unilevel 8.00 OB1 B 1|A unilevel 2.00 OB2 B 1|B unilevel 10.00 O1 C 1")]
    // min_retail_customers 2: nobody has two: A, B and C are inactive, nothing is paid.
    [InlineData("min_pv: 50, min_retail_customers: 2", false, "")]
    public void ActiveCondition_RetailShareOrCustomers_DecideActivityAndCompressionSkipsTheInactive(string active, bool bActive, string expected)
    {
        var r = Run.Period(Plan(active, "  - type: unilevel\n    compression: dynamic\n    percents: [10, 5]"), Chain, ActiveOrders);
        Assert.Equal(expected, string.Join('|', Run.Lines(r)));
        Assert.Equal(bActive, r.Active[1]);
        // Activity is written to members.csv as computed with the conditions.
        Assert.Contains($"B,100,200,{(bActive ? "true" : "false")},Member", Run.Write(r, ResultWriter.WriteMembers), StringComparison.Ordinal);
    }

    // Orders of the per-bonus case.
    //   C: O1 personal 100.
    //   B: OB1 personal 100; OB2 and OB3 retail 10 each, both bought by customer K1: ONE retail customer.
    //   A: OA1 personal 100; OA2 retail 10 (K1) and OA3 retail 10 (K2): TWO retail customers.
    // Everyone has PV >= 50 and no activity condition: all are active.
    private const string BonusOrders = """
        id,date,member_id,kind,pv,cv,amount,wholesale,customer_id
        O1,2026-11-05,C,personal,100,100,,,
        OB1,2026-11-05,B,personal,100,100,,,
        OB2,2026-11-06,B,retail,10,10,15,10,K1
        OB3,2026-11-07,B,retail,10,10,15,10,K1
        OA1,2026-11-05,A,personal,100,100,,,
        OA2,2026-11-06,A,retail,10,10,15,10,K1
        OA3,2026-11-07,A,retail,10,10,15,10,K2
        """;

    [Theory]
    // unilevel needs 2 customers, no compression: B (1 customer) is active but not paid unilevel; it uses level 1 and forfeits it.
    //   O1 (CV 100): B level 1 forfeited; A level 2: 5 % = 5.00.
    //   OB1 (CV 100): A level 1: 10 % = 10.00. OB2, OB3 (CV 10): A level 1: 1.00 each.
    //   Retail profit needs no condition: OA2, OA3, OB2, OB3 each 15 − 10 = 5.00.
    [InlineData("none", 2, "A retail_profit 5.00 OA2 A 0|A retail_profit 5.00 OA3 A 0|A unilevel 5.00 O1 C 2|A unilevel 10.00 OB1 B 1|A unilevel 1.00 OB2 B 1|A unilevel 1.00 OB3 B 1|B retail_profit 5.00 OB2 B 0|B retail_profit 5.00 OB3 B 0")]
    // The same with dynamic compression: for unilevel B counts as inactive and is skipped, so A is level 1 on O1: 10 % = 10.00.
    [InlineData("dynamic", 2, "A retail_profit 5.00 OA2 A 0|A retail_profit 5.00 OA3 A 0|A unilevel 10.00 O1 C 1|A unilevel 10.00 OB1 B 1|A unilevel 1.00 OB2 B 1|A unilevel 1.00 OB3 B 1|B retail_profit 5.00 OB2 B 0|B retail_profit 5.00 OB3 B 0")]
    // One customer is enough: B is paid level 1 on O1 (10.00) and A level 2 (5.00).
    [InlineData("none", 1, "A retail_profit 5.00 OA2 A 0|A retail_profit 5.00 OA3 A 0|A unilevel 5.00 O1 C 2|A unilevel 10.00 OB1 B 1|A unilevel 1.00 OB2 B 1|A unilevel 1.00 OB3 B 1|B retail_profit 5.00 OB2 B 0|B retail_profit 5.00 OB3 B 0|B unilevel 10.00 O1 C 1")]
    public void BonusCondition_MemberMissingIt_IsNotPaidThatBonusButStaysActive(string compression, int customers, string expected)
    {
        var plan = Plan("min_pv: 50", $"  - type: retail_profit\n  - type: unilevel\n    compression: {compression}\n    percents: [10, 5]\n    min_retail_customers: {customers}");
        var r = Run.Period(plan, Chain, BonusOrders);
        Assert.Equal(expected, string.Join('|', Run.Lines(r)));
        Assert.True(r.Active[1]); // a bonus's condition never changes activity
    }

    // Orders of the 70 % rule case.
    //   C: O1 personal PV 333, CV 333.33.
    //   B: OB1 personal 200; OB2 retail 30 (amount 40, wholesale 30).
    //   A: OA1 personal 100; OA2 retail 100 (amount 130, wholesale 100).
    private const string RuleOrders = """
        id,date,member_id,kind,pv,cv,amount,wholesale
        O1,2026-11-05,C,personal,333,333.33,,
        OB1,2026-11-05,B,personal,200,200,,
        OB2,2026-11-06,B,retail,30,30,40,30
        OA1,2026-11-05,A,personal,100,100,,
        OA2,2026-11-06,A,retail,100,100,130,100
        """;

    [Theory]
    // percent 70, own use 50.
    //   B: bought 30 + 200 = 230; resold or consumed 30 + min(200, 50) = 80; s = 80 / 230 = 34.78 % < 70 %.
    //      B's unilevel on O1: 10 % of 333.33 = 33.333 -> 33.33; times s / 0.70 = 80 × 100 / (230 × 70) = 80 / 161:
    //      33.33 × 80 / 161 = 2666.4 / 161 = 16.5614… -> 16.56. B's retail profit (40 − 30 = 10.00) is not scaled.
    //   A: bought 200; resold 100 + min(100, 50) = 150; s = 75 % >= 70 %: paid in full.
    //      Unilevel on OB1: 10 % of 200 = 20.00; on OB2: 10 % of 30 = 3.00; retail profit 130 − 100 = 30.00.
    //      Matching on B's unilevel BEFORE the rule: 50 % of 33.33 = 16.665 -> 16.66 (half to even).
    //   C: bought 333, resold min(333, 50) = 50: s = 15 %; but C has no lines.
    [InlineData("percent: 70, own_use_pv: 50", "16.56")]
    // percent 30: B's 34.78 % is above it: B is paid in full, 33.33.
    [InlineData("percent: 30, own_use_pv: 50", "33.33")]
    // own use 200: B's resold or consumed is 30 + 200 = 230 of 230: s = 100 %: full.
    [InlineData("percent: 70, own_use_pv: 200", "33.33")]
    // percent left out: 70 by default, as the first row.
    [InlineData("own_use_pv: 50", "16.56")]
    public void SalesRule_BelowThePercent_PaysEachLineInProportionAfterMatchingAndRoundsAgain(string rule, string bUnilevel)
    {
        var plan = Plan("min_pv: 50", "  - type: retail_profit\n  - type: unilevel\n    percents: [10]\n  - type: matching\n    of: [unilevel]\n    percents: [50]",
            $"sales_rule: {{ {rule} }}");
        var r = Run.Period(plan, Chain, RuleOrders);
        string[] expected =
        [
            "A matching 16.66 - B 1",
            "A retail_profit 30.00 OA2 A 0",
            "A unilevel 20.00 OB1 B 1",
            "A unilevel 3.00 OB2 B 1",
            "B retail_profit 10.00 OB2 B 0",
            $"B unilevel {bUnilevel} O1 C 1",
        ];
        Assert.Equal(expected, Run.Lines(r));
    }

    [Fact]
    public void SalesRule_ComesBeforeTheMemberCap_AndALineItRoundsToZeroIsLeftOut()
    {
        // As above (percent 70, own use 50) with a member cap of 10, and one more order O2 of C, CV 0.10.
        //   B: unilevel on O1 33.33 and on O2 10 % of 0.10 = 0.01. The rule: 33.33 → 16.56 and 0.01 × 80 / 161 = 0.00497… → 0.00
        //   (left out). The cap: B's 16.56 > 10, so 16.56 × 10 / 16.56 = 10.00.
        //   A: matching on B's unilevel before the rule, 33.33 + 0.01 = 33.34: 50 % = 16.67. A: 20.00 + 3.00 + 16.67 = 39.67 > 10:
        //   each × 10 / 39.67: 20 → 5.0416… → 5.04; 3 → 0.7562… → 0.76; 16.67 → 4.2021… → 4.20. Retail profit is never capped.
        var plan = Plan("min_pv: 50", "  - type: retail_profit\n  - type: unilevel\n    percents: [10]\n  - type: matching\n    of: [unilevel]\n    percents: [50]",
            "sales_rule: { percent: 70, own_use_pv: 50 }\ncaps: { member: 10 }");
        var r = Run.Period(plan, Chain, RuleOrders + "\nO2,2026-11-05,C,personal,0.1,0.10,,");
        Assert.Equal(
            ["A matching 4.20 - B 1", "A retail_profit 30.00 OA2 A 0", "A unilevel 5.04 OB1 B 1", "A unilevel 0.76 OB2 B 1", "B retail_profit 10.00 OB2 B 0", "B unilevel 10.00 O1 C 1"],
            Run.Lines(r));
    }

    [Fact]
    public void Explanation_SaysWhichConditionFailed_WithTheFigures()
    {
        var inactive = Run.Period(Plan("min_pv: 50, min_retail_share: 25", "  - type: unilevel\n    compression: dynamic\n    percents: [10, 5]"), Chain, ActiveOrders);
        var text = MemberExplanation.Write(inactive, 1);
        Assert.Contains("Active: no. PV 100 reaches the 50 PV a member needs, but the plan's retail conditions of activity are not met: retail share 20 % (retail PV 20 of 100 bought) below the plan's 25 %", text, StringComparison.Ordinal);
        // The next rank (none above Member here) lists nothing; the gaps of activity are on the result.
        Assert.Null(NextRank.Of(inactive, 1));

        var bonus = Run.Period(Plan("min_pv: 50", "  - type: unilevel\n    percents: [10, 5]\n    min_retail_customers: 2"), Chain, BonusOrders);
        Assert.Contains("unilevel: not paid to this member: 1 retail customer(s), below the unilevel bonus's 2. For this bonus the member counts as inactive.",
            MemberExplanation.Write(bonus, 1), StringComparison.Ordinal);

        var rule = Run.Period(Plan("min_pv: 50", "  - type: unilevel\n    percents: [10]", "sales_rule: { percent: 70, own_use_pv: 50 }"), Chain, RuleOrders);
        var ruleText = MemberExplanation.Write(rule, 1);
        Assert.Contains("70 % rule: resold or consumed 34.78 % (retail PV 30 + own use up to 50, of 230 bought) is below the plan's 70 %", ruleText, StringComparison.Ordinal);
        Assert.Contains("unilevel 16.56 (before the 70 % rule and caps 33.33)", ruleText, StringComparison.Ordinal);
    }

    [Fact]
    public void NextRank_ListsTheRetailConditionsOfActivity()
    {
        // Two ranks; B (retail share 20 %, one customer) misses share 25 % and customers 3 of activity, so of Bronze.
        var plan = "name: t\nactive: { min_pv: 50, min_retail_share: 25, min_retail_customers: 3 }\nranks:\n  - name: Member\n  - name: Bronze\n    min_pv: 50\nbonuses: []\n";
        var r = Run.Period(plan, Chain, ActiveOrders);
        var gaps = NextRank.Of(r, 1)!;
        Assert.Equal(20m, gaps.RetailShare);
        Assert.Equal(25m, gaps.MinRetailShare);
        Assert.Equal(2, gaps.RetailCustomers);
        Assert.False(gaps.None);
    }

    [Fact]
    public void Plan_WithNeutralConditions_ReproducesTheHybridExampleByteForByte()
    {
        // min_retail_share 0 is met by everyone and a sales rule of 0 % never cuts pay: the conditions are read and
        // worked out, and the outputs are still the expected files of the shared example.
        var folder = Path.Combine(ExampleTests.ExamplesRoot(), "hybrid");
        var yaml = File.ReadAllText(Path.Combine(folder, "plan.yaml"))
            .Replace("active: { min_pv: 100 }", "active: { min_pv: 100, min_retail_share: 0 }\nsales_rule: { percent: 0, own_use_pv: 0 }", StringComparison.Ordinal)
            .Replace("  - type: unilevel\n", "  - type: unilevel\n    min_retail_share: 0\n", StringComparison.Ordinal);
        var plan = PlanReader.Parse(yaml, "plan.yaml");
        Assert.True(plan.HasRetailConditions);
        var period = File.ReadAllText(Path.Combine(folder, "period.txt")).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        var network = Batch.MemberFileReader.ReadFile(Path.Combine(folder, "members.csv"), plan);
        var orders = Batch.OrderFileReader.ReadFile(Path.Combine(folder, "orders.csv"), network);
        var result = PeriodEngine.Run(plan, network, orders, new Model.Period(DateOnly.Parse(period[0], System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(period[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "expected", "payouts.csv")), Run.Write(result, ResultWriter.WritePayouts));
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "expected", "members.csv")), Run.Write(result, ResultWriter.WriteMembers));
    }

    [Theory]
    [MemberData(nameof(ExampleTests.Examples), MemberType = typeof(ExampleTests))]
    public void ExamplePlans_HaveNoRetailConditions(string name)
    {
        // The shared examples are v1 plans: nothing of issue 17 is worked out for them (the engine's path is the old one).
        var plan = PlanReader.ReadFile(Path.Combine(ExampleTests.ExamplesRoot(), name, "plan.yaml"));
        Assert.False(plan.HasRetailConditions);
        Assert.False(plan.CountsRetailCustomers);
    }

    [Theory]
    [InlineData("active: { min_pv: 5, min_retail_sharez: 3 }", "3:22: unknown key 'min_retail_sharez' in active (allowed: min_pv, min_retail_share, min_retail_customers)")]
    [InlineData("active: { min_retail_share: 120 }", "3:29: 'min_retail_share' is a percent from 0 to 100, not 120")]
    [InlineData("active: { min_retail_share: -1 }", "3:29: 'min_retail_share' must not be negative (-1)")]
    [InlineData("active: { min_retail_share: 10.1234567 }", "3:29: 'min_retail_share' may have at most 6 decimals (10.1234567)")]
    [InlineData("active: { min_retail_customers: 2.5 }", "3:33: 'min_retail_customers' must be a whole number of zero or more, not '2.5'")]
    [InlineData("active: { min_retail_customers: 1000001 }", "3:33: 'min_retail_customers' must be at most 1000000 (1000001)")]
    [InlineData("sales_rule: { percent: 70 }", "3:13: missing required key 'own_use_pv'")]
    [InlineData("sales_rule: { percent: 101, own_use_pv: 10 }", "3:24: 'percent' is a percent from 0 to 100, not 101")]
    [InlineData("sales_rule: { own_use_pv: 10, resold: 5 }", "3:31: unknown key 'resold' in sales_rule (allowed: percent, own_use_pv)")]
    [InlineData("sales_rule: { own_use_pv: 1000000000001 }", "3:27: 'own_use_pv' must be at most 1,000,000,000,000 (1000000000001)")]
    public void Plan_BadQualificationKey_IsAnErrorAtItsLineAndColumn(string line, string expected)
    {
        var e = Run.Fails(() => PlanReader.Parse($"name: t\nranks: [{{ name: M }}]\n{line}\nbonuses: []\n", "plan.yaml"));
        Assert.Contains($"plan.yaml:{expected}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min_retail_share: 10")]
    [InlineData("min_retail_customers: 1")]
    public void Plan_QualificationOnRetailProfit_IsRefused(string key)
    {
        var e = Run.Fails(() => PlanReader.Parse($"name: t\nranks: [{{ name: M }}]\nbonuses:\n  - type: retail_profit\n    {key}\n", "plan.yaml"));
        Assert.Contains($"plan.yaml:5:5: '{key.Split(':')[0]}' cannot be set on retail_profit: retail profit is the member's own retail sale", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_QualificationOnABonus_IsReadIntoIt()
    {
        var plan = PlanReader.Parse("name: t\nranks: [{ name: M }]\nbonuses:\n  - type: pool\n    percent: 1\n    shares: { M: 1 }\n    min_retail_share: 12.5\n    min_retail_customers: 3\n", "plan.yaml");
        Assert.Equal(new Qualification(12.5m, 3), plan.Bonuses[0].Qualification);
        Assert.True(plan.CountsRetailCustomers);
    }

    [Fact]
    public void Orders_CustomerIdOnAnotherKind_IsAnError()
    {
        var e = Run.Fails(() => Run.Period(Plan("min_pv: 0", "  - type: retail_profit"), Chain, """
            id,date,member_id,kind,pv,cv,amount,wholesale,original_id,customer_id
            O1,2026-11-05,C,personal,10,10,,,,K1
            """));
        Assert.Equal("orders.csv:2: personal order 'O1' has a customer_id ('K1'); only retail orders have a customer", e.Message);
    }

    [Fact]
    public void Orders_RetailOrderWithoutCustomer_IsAnErrorWhenThePlanCountsCustomers()
    {
        const string orders = """
            id,date,member_id,kind,pv,cv,amount,wholesale,customer_id
            O1,2026-11-05,C,retail,10,10,15,10,K1
            O2,2026-12-05,C,retail,10,10,15,10,
            """;
        // Every retail order, even one outside the period, must name its customer.
        var e = Run.Fails(() => Run.Period(Plan("min_pv: 0, min_retail_customers: 1", "  - type: retail_profit"), Chain, orders));
        Assert.Equal("orders.csv:3: retail order 'O2' has no customer_id; the plan (plan.yaml) counts retail customers (min_retail_customers), so every retail order must name its customer", e.Message);
        // A plan that does not count customers does not ask for them.
        Assert.Equal(["C retail_profit 5.00 O1 C 0"], Run.Lines(Run.Period(Plan("min_pv: 0, min_retail_share: 50", "  - type: retail_profit"), Chain, orders)));
    }
}
