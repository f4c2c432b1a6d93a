using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>What one bonus pays in a period.</summary>
public sealed record BonusTotal(string Bonus, decimal Amount, int Lines);

/// <summary>A member's earnings in a period.</summary>
public sealed record Earner(string Handle, string Name, decimal Amount);

/// <summary>
/// A computed period in figures, for staff to check before they close it: members, active
/// members, what the company pays (retail profit is not paid by the company; clawbacks reduce
/// the payout) and its ratio to the period's CV, the payout per bonus, and the top earners.
/// </summary>
public sealed record PeriodSummary(
    string Period, int Members, int Active, decimal TotalCv, decimal TotalPayout, decimal? PayoutRatio,
    IReadOnlyList<BonusTotal> ByBonus, IReadOnlyList<Earner> TopEarners, int Clawbacks)
{
    public static async Task<PeriodSummary> OfAsync(ArborDatabase database, ComputedPeriod c, int top = 10, CancellationToken ct = default)
    {
        var result = c.Result;
        var clawed = c.Clawbacks.Sum(x => x.Cents);
        var payout = (result.TotalPayoutCents + clawed) / 100m;
        var byBonus = new List<BonusTotal>();
        foreach (var type in Enum.GetValues<BonusType>())
        {
            var i = (int)type;
            if (i >= result.ByBonusCents.Length || result.ByBonusLines[i] == 0) continue;
            byBonus.Add(new BonusTotal(BonusNames.Of(type), result.ByBonusCents[i] / 100m, result.ByBonusLines[i]));
        }
        if (c.Clawbacks.Count > 0) byBonus.Add(new BonusTotal(BonusNames.Of(BonusType.Clawback), clawed / 100m, c.Clawbacks.Count));

        var network = c.Snapshot.Network;
        var earnings = result.EarningsCents.ToArray();
        var best = Enumerable.Range(0, earnings.Length)
            .Where(m => earnings[m] > 0)
            .OrderByDescending(m => earnings[m]).ThenBy(m => network.Ids[m], StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var ids = best.Select(m => c.Snapshot.MemberIds[m]).ToList();
        await using var db = database.CreateContext();
        var names = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var earners = best.Select(m => new Earner(network.Ids[m], names.GetValueOrDefault(c.Snapshot.MemberIds[m], ""), earnings[m] / 100m)).ToList();
        return new PeriodSummary(c.Key.Key, network.Count, result.ActiveMembers, result.TotalCv, payout,
            result.TotalCv == 0 ? null : payout / result.TotalCv, byBonus, earners, c.Clawbacks.Count);
    }
}
