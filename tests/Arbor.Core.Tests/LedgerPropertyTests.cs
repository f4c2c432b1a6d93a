using Arbor.Core.Ledger;
using Microsoft.EntityFrameworkCore;
using static Arbor.Core.Tests.PeriodTests;

namespace Arbor.Core.Tests;

/// <summary>
/// Random months of orders, returns (partial and whole), adjustments, closes and payouts; after
/// each month the ledger must balance, every account must equal what happened to it, and no line
/// is ever clawed back beyond itself.
/// </summary>
public class LedgerPropertyTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3];

    [Theory]
    [OnSqlite(With = nameof(Seeds)), OnPostgres(With = nameof(Seeds))]
    public async Task RandomHistories_KeepTheLedgerBalanced(string kind, int seed)
    {
        var random = new Random(seed);
        using var t = await CompanyAsync(kind);
        await MemberTests.EnrollAsync(t, ("C", "A"), ("D", "B"), ("E", "D"));
        string[] members = ["ROOT", "A", "B", "C", "D", "E"];
        var orders = new List<string>();
        var month = new DateOnly(2026, 3, 1);
        var dir = Directory.CreateTempSubdirectory("arbor-prop-").FullName;
        try
        {
            for (var step = 0; step < 6; step++, month = month.AddMonths(1))
            {
                for (var k = random.Next(1, 5); k > 0; k--)
                {
                    var order = await OrderAsync(t, members[random.Next(members.Length)], month.AddDays(random.Next(0, 27)), random.Next(1, 6));
                    orders.Add(order.Number);
                }
                for (var k = random.Next(0, 3); k > 0 && orders.Count > 0; k--)
                {
                    // Some of these ask for more than is left: they must be refused without writing anything.
                    var quantity = random.Next(3) == 0 ? (int?)null : random.Next(1, 4);
                    await ReturnAsync(t, orders[random.Next(orders.Count)], month.AddDays(random.Next(0, 27)), quantity);
                }
                if (random.Next(2) == 0)
                {
                    await using var db = t.Context();
                    var amount = random.Next(-3000, 3000) / 100m;
                    if (amount != 0) (await new Adjust(db).RunAsync(new AdjustmentRequest(members[random.Next(members.Length)], amount, "random", "test", month.AddDays(27)))).Unwrap();
                }
                var key = $"{month:yyyy-MM}";
                var clock = FixedClock.On(month.AddMonths(1).Year, month.AddMonths(1).Month, 2);
                await CloseAsync(t, key, clock);
                if (random.Next(2) == 0)
                {
                    var payouts = new Payouts(t.Database, clock);
                    (await payouts.ExportAsync(key, Path.Combine(dir, $"{key}.csv"))).Unwrap();
                    if (random.Next(3) > 0) (await payouts.ConfirmAsync(key)).Unwrap();
                }
                await CheckAsync(t);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static async Task CheckAsync(TestDatabase t)
    {
        await using var db = t.Context();
        var entries = await db.LedgerEntries.AsNoTracking().ToListAsync();
        Assert.Equal(0m, entries.Sum(e => e.Amount));
        Assert.All(entries.GroupBy(e => e.TransactionId), g => Assert.Equal(0m, g.Sum(e => e.Amount)));

        var lines = await db.PayoutLines.AsNoTracking().ToListAsync();
        var adjustments = await db.Adjustments.AsNoTracking().ToListAsync();
        var paid = await db.PayoutBatchLines.AsNoTracking().Where(l => db.PayoutBatches.Any(b => b.Id == l.BatchId && b.ConfirmedOn != null)).ToListAsync();
        var ledger = new LedgerQueries(db);
        foreach (var member in await db.Members.AsNoTracking().ToListAsync())
        {
            var balance = (await ledger.ForMemberAsync(member.Handle)).Unwrap().Balance;
            Assert.Equal(entries.Where(e => e.MemberId == member.Id).Sum(e => e.Amount), balance);
            var expected = lines.Where(l => l.PayeeId == member.Id && l.Bonus != "retail_profit").Sum(l => l.Amount)
                + adjustments.Where(a => a.MemberId == member.Id).Sum(a => a.Amount)
                - paid.Where(p => p.MemberId == member.Id).Sum(p => p.Amount);
            Assert.Equal(expected, balance);
        }
        // Payout lines carry no foreign keys (a close writes millions): every reference must hold by construction.
        var memberIds = (await db.Members.Select(m => m.Id).ToListAsync()).ToHashSet();
        var orderIds = (await db.Orders.Select(o => o.Id).ToListAsync()).ToHashSet();
        var periodIds = (await db.Periods.Select(p => p.Id).ToListAsync()).ToHashSet();
        Assert.All(lines, l => Assert.True(memberIds.Contains(l.PayeeId) && memberIds.Contains(l.SourceMemberId) && periodIds.Contains(l.PeriodId)
            && (l.SourceOrderId is not { } o || orderIds.Contains(o)) && (l.OriginalLineId is not { } x || lines.Any(y => y.Id == x)), $"line {l.Id}"));

        // No line is clawed back beyond itself; a line whose order came back whole is clawed back exactly.
        var byId = lines.ToDictionary(l => l.Id);
        foreach (var group in lines.Where(l => l.OriginalLineId is not null).GroupBy(l => l.OriginalLineId!.Value))
        {
            var original = byId[group.Key];
            Assert.InRange(-group.Sum(l => l.Amount), 0m, original.Amount);
        }
        var returnedCv = await db.Orders.AsNoTracking().Where(o => o.Kind == "return").Select(o => new { o.OriginalOrderId, o.Cv }).ToListAsync();
        var orderCv = await db.Orders.AsNoTracking().Where(o => o.Kind != "return").ToDictionaryAsync(o => o.Id, o => o.Cv);
        foreach (var whole in returnedCv.GroupBy(r => r.OriginalOrderId!.Value).Where(g => -g.Sum(r => r.Cv) == orderCv[g.Key]))
        {
            foreach (var line in lines.Where(l => l.SourceOrderId == whole.Key && l.OriginalLineId is null && l.Bonus != "retail_profit"))
            {
                var clawed = lines.Where(l => l.OriginalLineId == line.Id).Sum(l => l.Amount);
                // Returned whole but not yet closed: the clawback is still to come.
                Assert.True(clawed == 0 || clawed == -line.Amount, $"line {line.Id}: {line.Amount} clawed {clawed}");
            }
        }
    }
}
