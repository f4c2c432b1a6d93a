using Arbor.Core.Compliance;

namespace Arbor.Core.Tests;

/// <summary>
/// Each per-member indicator on both sides of its threshold, at the threshold and one PV or one cent
/// off, with the company's default settings (own use 100 PV, retail share ≥ 50 %, non-participants
/// > 50 %, 70 % resold, 10 customers, loading factor 2, first order ≤ 200 PV, recruiting ≤ 50 %).
/// </summary>
public class ComplianceIndicatorTests
{
    internal static MemberFigures Figures(decimal retailPv = 0, decimal personalPv = 0, decimal groupRetail = 0, decimal groupPersonal = 0, int customers = 0,
        decimal purchases = 0, decimal earnings = 0, decimal retailProfit = 0, decimal recruiting = 0, decimal? firstOrderPv = null) =>
        new(1, "M", "Member M", true, "Member", new Volume(retailPv, personalPv), new Volume(groupRetail, groupPersonal), customers,
            purchases, earnings, retailProfit, earnings - retailProfit, recruiting, firstOrderPv);

    private static Indicator Run(string key, MemberFigures f, ComplianceSettings? s = null) =>
        MemberIndicators.Compute(f, s ?? ComplianceSettings.Default).Single(i => i.Key == key);

    [Theory]
    [InlineData(50, 50, 50, 100, IndicatorResult.Pass)]   // 50 / 100 = 50 %: at the threshold passes
    [InlineData(49, 50, 49, 99, IndicatorResult.Fail)]    // one PV short of retail: 49 / 99
    [InlineData(51, 50, 51, 101, IndicatorResult.Pass)]
    [InlineData(0, 0, 0, 0, IndicatorResult.NotApplicable)] // nothing bought at all
    public void RetailShare_IsRetailPvOverRetailAndPersonalPv(decimal retail, decimal personal, int numerator, int denominator, IndicatorResult result)
    {
        var i = Run(MemberIndicators.RetailShare, Figures(retail, personal));
        Assert.Equal((denominator == 0 ? (decimal?)null : (decimal)numerator / denominator, result), (i.Value, i.Result));
    }

    [Theory]
    [InlineData(50, 50, IndicatorResult.Fail)]       // exactly 50 %: the Vemma order asks for MORE than half
    [InlineData(51, 50, IndicatorResult.Pass)]       // 51 / 101 = 50.5 %
    [InlineData(50, 51, IndicatorResult.Fail)]       // 50 / 101
    [InlineData(0, 0, IndicatorResult.NotApplicable)]
    public void NonParticipantShare_OfTheGroup_MustBeMoreThanHalf(decimal groupRetail, decimal groupPersonal, IndicatorResult result)
    {
        // The member's own volume says nothing here: only its group's (itself and its downline) counts.
        var i = Run(MemberIndicators.NonParticipantShare, Figures(retailPv: 0, personalPv: 500, groupRetail: groupRetail, groupPersonal: groupPersonal));
        Assert.Equal(result, i.Result);
    }

    [Theory]
    // (retail + min(personal, 100)) / (retail + personal): (250 + 100) / 500 = 70 %: passes at the threshold.
    [InlineData(250, 250, 10, 350, 500, IndicatorResult.Pass)]
    // One PV less retail: (249 + 100) / 499 = 69.94 %.
    [InlineData(249, 250, 10, 349, 499, IndicatorResult.Fail)]
    // Own purchases within own use count as consumed: (0 + 100) / 100 = 100 %.
    [InlineData(0, 100, 10, 1, 1, IndicatorResult.Pass)]
    // Nothing bought: 1 by the shared definition.
    [InlineData(0, 0, 10, 1, 1, IndicatorResult.Pass)]
    // No bonus: the rule conditions bonuses, so it does not apply.
    [InlineData(0, 1000, 0, 0, 0, IndicatorResult.NotApplicable)]
    public void SeventyPercentRule_CountsRetailAndPlausibleOwnUse(decimal retail, decimal personal, decimal rewards, int numerator, int denominator, IndicatorResult result)
    {
        var i = Run(MemberIndicators.SeventyPercent, Figures(retail, personal, earnings: rewards));
        Assert.Equal((denominator == 0 ? (decimal?)null : (decimal)numerator / denominator, result), (i.Value, i.Result));
    }

    [Fact]
    public void SeventyPercentRule_FollowsTheCompanysOwnUseSetting()
    {
        // Own use 150: (250 + 150) / 500 = 80 % passes; with the default 100 it is (250 + 100) / 500 = 70 %.
        var f = Figures(250, 250, earnings: 10);
        Assert.Equal(0.8m, Run(MemberIndicators.SeventyPercent, f, new ComplianceSettings(OwnUsePv: 150)).Value);
        // A stricter rule (75 %) fails the default 70 %.
        Assert.Equal(IndicatorResult.Fail, Run(MemberIndicators.SeventyPercent, f, new ComplianceSettings(MinResoldPercent: 75)).Result);
    }

    [Theory]
    [InlineData(10, 5, IndicatorResult.Pass)]
    [InlineData(9, 5, IndicatorResult.Fail)]
    [InlineData(0, 0, IndicatorResult.NotApplicable)]   // no bonus this period
    [InlineData(0, 0.01, IndicatorResult.Fail)]         // one cent of bonus is a bonus
    public void TenRetailCustomers_AppliesToMembersWhoWereRewarded(int customers, decimal rewards, IndicatorResult result) =>
        Assert.Equal(result, Run(MemberIndicators.TenCustomers, Figures(customers: customers, earnings: rewards)).Result);

    [Theory]
    [InlineData("200", IndicatorResult.Pass)]
    [InlineData("201", IndicatorResult.Fail)]
    [InlineData("200.0001", IndicatorResult.Fail)]
    [InlineData(null, IndicatorResult.NotApplicable)]   // the first order was in an earlier period (or never)
    public void FirstOrderLoading_FiresAboveTheFirstOrderLimit(string? firstPv, IndicatorResult result) =>
        Assert.Equal(result, Run(MemberIndicators.FirstOrderLoading,
            Figures(personalPv: 1, firstOrderPv: firstPv is null ? null : decimal.Parse(firstPv, System.Globalization.CultureInfo.InvariantCulture))).Result);

    [Theory]
    // Limit = 2 × (retail PV + 100).
    [InlineData(0, 200, 200, IndicatorResult.Pass)]     // 2 × (0 + 100) = 200: at the limit
    [InlineData(0, 201, 200, IndicatorResult.Fail)]
    [InlineData(26, 252, 252, IndicatorResult.Pass)]    // 2 × (26 + 100) = 252
    [InlineData(26, 253, 252, IndicatorResult.Fail)]
    [InlineData(0, 0, 200, IndicatorResult.NotApplicable)]
    public void PeriodLoading_FiresWhenOwnPurchasesPassTheFactorTimesRetailAndOwnUse(decimal retail, decimal personal, decimal limit, IndicatorResult result)
    {
        var i = Run(MemberIndicators.PeriodLoading, Figures(retail, personal));
        Assert.Equal((limit, result), (i.Threshold, i.Result));
    }

    [Theory]
    [InlineData(30.00, 30.00, IndicatorResult.Pass)]   // earned what it spent: no loss
    [InlineData(29.99, 30.00, IndicatorResult.Fail)]   // one cent short
    [InlineData(0, 0, IndicatorResult.Pass)]
    [InlineData(-5.00, 0, IndicatorResult.Fail)]       // a clawback beyond the period's income
    public void NetLoss_FiresWhenEarningsAreBelowOwnPurchases(decimal earnings, decimal purchases, IndicatorResult result)
    {
        var i = Run(MemberIndicators.NetLoss, Figures(earnings: earnings, purchases: purchases));
        Assert.Equal((earnings - purchases, result), (i.Value, i.Result));
    }

    [Theory]
    [InlineData(100, 50, IndicatorResult.Pass)]      // 50 %: at the threshold
    [InlineData(100, 50.01, IndicatorResult.Fail)]   // one cent more
    [InlineData(0, 0, IndicatorResult.NotApplicable)]
    public void RecruitingShare_OfAllEarnings_RetailProfitIncluded(decimal earnings, decimal recruiting, IndicatorResult result)
    {
        // Retail profit is sales-tied and counts in the denominator: 50 / (70 rewards + 30 retail profit).
        var i = Run(MemberIndicators.RecruitingShare, Figures(earnings: earnings, retailProfit: earnings * 0.3m, recruiting: recruiting));
        Assert.Equal(result, i.Result);
    }

    [Fact]
    public void Settings_OutOfRange_AreRefused()
    {
        Assert.Equal("min_resold_percent", new ComplianceSettings(MinResoldPercent: 170).Check()?.Where);
        Assert.Equal("loading_factor", new ComplianceSettings(LoadingFactor: 0.5m).Check()?.Where);
        Assert.Equal("retention_months", new ComplianceSettings(RetentionMonths: 0).Check()?.Where);
        Assert.Null(ComplianceSettings.Default.Check());
    }
}
