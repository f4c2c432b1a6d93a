using System.Data.Common;
using Arbor.Data;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>What a close stored.</summary>
public sealed record CloseReport(string Period, int Members, int Lines, int Clawbacks, decimal TotalPayout, decimal Clawed);

/// <summary>
/// Closes a period: computes it once more on live data and stores, in one transaction, the
/// period row, every member's volumes, activity and ranks, every payout line with its source,
/// the clawbacks, the members' new highest ranks and binary carries (the next period's carry
/// in), the ranks reached, and the ledger's commission and clawback entries. A close that is
/// interrupted at any point (an error, a killed process, a lost connection) commits nothing,
/// and the period stays open; closing again gives the same result.
/// </summary>
public sealed class ClosePeriod(ArborDatabase database, TimeProvider clock)
{
    /// <param name="checkpoint">Called with a stage name as the transaction progresses (progress reports, and tests that interrupt a close).</param>
    /// <param name="approver">Who approves the close when the company asks for four eyes (<see cref="FourEyes"/>): not who prepared it.</param>
    public async Task<Outcome<CloseReport>> RunAsync(string period, Action<string>? checkpoint = null, CancellationToken ct = default, string? approver = null)
    {
        var closable = await CheckClosableAsync(database, clock, period, ct);
        if (!closable.Ok) return closable.Problem!;
        var key = closable.Value!;
        var approval = await new FourEyes(database, clock).ApprovalForAsync(MoneySteps.Close, key.Key, approver, ct);
        if (!approval.Ok) return approval.Problem!;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Hold the company lock from before the period is read until the commit: orders, returns,
        // enrollments, postings and other closes wait, so nothing lands in the period meanwhile.
        await CompanyLock.TakeAsync(connection, tx, ct);
        if (await PeriodStore.ExistsAsync(connection, tx, key.Key, ct))
        {
            return new Problem("period", $"period {key.Key} is closed already");
        }
        checkpoint?.Invoke("computing");
        var computed = await PeriodComputation.ComputeAsync(database, period, plan: null, ct);
        if (!computed.Ok) return computed.Problem!;
        if (approval.Value is { } approved)
        {
            var now = FourEyes.Of(computed.Value!);
            if (now.Fingerprint != approved.Fingerprint)
            {
                return new Problem("four-eyes", $"{key.Key} no longer pays what {approved.PreparedBy} prepared ({approved.Summary}); now: {now.Summary}. Something changed the period since: prepare it again");
            }
            if (!await ApprovalStore.ApproveAsync(connection, tx, approved.Id, approver!, clock.GetUtcNow(), ct))
            {
                return new Problem("four-eyes", $"the preparation of {key.Key} was rejected or replaced meanwhile: nothing was stored");
            }
        }
        return await StoreAsync(connection, tx, computed.Value!, today, checkpoint, ct);
    }

    /// <summary>Whether <paramref name="period"/> can be closed now: over, not closed, and the next in order.</summary>
    public static async Task<Outcome<PeriodKey>> CheckClosableAsync(ArborDatabase database, TimeProvider clock, string period, CancellationToken ct)
    {
        var parsed = PeriodKey.Parse(period);
        if (!parsed.Ok) return parsed.Problem!;
        var key = parsed.Value!;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (key.To >= today) return new Problem("period", $"period {key.Key} ends on {key.To:yyyy-MM-dd}: it can be closed from {key.To.AddDays(1):yyyy-MM-dd} on");
        await using var db = database.CreateContext();
        var last = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).FirstOrDefaultAsync(ct);
        if (last?.Key == key.Key) return new Problem("period", $"period {key.Key} is closed already");
        if (last is not null && key.From != last.EndsOn.AddDays(1))
        {
            var next = PeriodKey.Containing(last.EndsOn.AddDays(1), key.Kind);
            return new Problem("period", next.Ok
                ? $"periods are closed in order, none skipped: {last.Key} is the last closed, so the next to close is {next.Value!.Key}"
                : $"periods are closed in order, none skipped: {last.Key} is the last closed, and no period may follow it");
        }
        return key;
    }

    private async Task<Outcome<CloseReport>> StoreAsync(DbConnection connection, DbTransaction tx, ComputedPeriod c, DateOnly today, Action<string>? checkpoint, CancellationToken ct)
    {
        var (result, snapshot, plan) = (c.Result, c.Snapshot, c.Plan);
        var network = snapshot.Network;
        var clawed = c.Clawbacks.Sum(x => x.Cents);
        var totalPayout = (result.TotalPayoutCents + clawed) / 100m;
        // A close computes with the version in force, never with a plan of its own.
        var periodId = await PeriodStore.InsertAsync(connection, tx, new PeriodRow(c.Key.Key, c.Key.From, c.Key.To, c.Version!.Id, clock.GetUtcNow(), result.TotalCv, totalPayout), ct);
        checkpoint?.Invoke("period");

        var rankNames = plan.Ranks.Select(r => r.Name).ToArray();
        var clawedByPayee = c.Clawbacks.GroupBy(x => x.PayeeId).ToDictionary(g => g.Key, g => g.Sum(x => x.Cents));
        using (var rows = new BulkInsert(connection, tx, "period_members", ("period_id", BulkType.Long), ("member_id", BulkType.Long), ("pv", BulkType.Decimal),
            ("gv", BulkType.Decimal), ("active", BulkType.Bool), ("rank", BulkType.Text), ("highest_rank", BulkType.Text), ("carry_left", BulkType.Decimal),
            ("carry_right", BulkType.Decimal), ("earnings", BulkType.Decimal),
            ("sponsor_id", BulkType.Long), ("placement_id", BulkType.Long), ("side", BulkType.Text), ("terminated", BulkType.Bool)))
        {
            for (var m = 0; m < network.Count; m++)
            {
                var earnings = (result.EarningsCents[m] + clawedByPayee.GetValueOrDefault(snapshot.MemberIds[m])) / 100m;
                // The genealogy as this close read it: the tree "as it was" for this period, whatever changes later.
                var (sponsor, parent) = (network.Sponsor[m], network.PlacementParent[m]);
                rows.Add(periodId, snapshot.MemberIds[m], result.Pv[m], result.Gv[m], result.Active[m], rankNames[result.Rank[m]],
                    rankNames[result.HighestRank[m]], result.CarryLeft[m], result.CarryRight[m], earnings,
                    sponsor < 0 ? null : snapshot.MemberIds[sponsor], parent < 0 ? null : snapshot.MemberIds[parent], SideText(network, m), network.Terminated[m]);
            }
            rows.Complete();
        }
        checkpoint?.Invoke("members");

        var commissions = new Dictionary<long, long>();
        using (var lines = new BulkInsert(connection, tx, "payout_lines", ("period_id", BulkType.Long), ("payee_id", BulkType.Long), ("bonus", BulkType.Text),
            ("amount", BulkType.Decimal), ("source_order_id", BulkType.Long), ("source_member_id", BulkType.Long), ("level", BulkType.Int), ("original_line_id", BulkType.Long)))
        {
            foreach (var line in result.Lines)
            {
                var payee = snapshot.MemberIds[line.Payee];
                lines.Add(periodId, payee, BonusNames.Of(line.Bonus), line.Cents / 100m,
                    line.SourceOrder < 0 ? null : snapshot.OrderIds[line.SourceOrder], snapshot.MemberIds[line.SourceMember], line.Level, null);
                // Retail profit is the member's margin on its customers' payments: the company does not pay it.
                if (line.Bonus != BonusType.RetailProfit) commissions[payee] = commissions.GetValueOrDefault(payee) + line.Cents;
            }
            foreach (var x in c.Clawbacks)
            {
                lines.Add(periodId, x.PayeeId, BonusNames.Of(BonusType.Clawback), x.Cents / 100m, x.ReturnOrderId, x.SourceMemberId, x.Level, x.OriginalLineId);
            }
            lines.Complete();
        }
        checkpoint?.Invoke("lines");

        await UpdateStandingAsync(connection, tx, c, rankNames, ct);
        using (var reached = new BulkInsert(connection, tx, "rank_history", ("member_id", BulkType.Long), ("rank", BulkType.Text), ("reached_on", BulkType.Date), ("period_id", BulkType.Long)))
        {
            for (var m = 0; m < network.Count; m++)
            {
                if (result.HighestRank[m] > network.HighestRank[m]) reached.Add(snapshot.MemberIds[m], rankNames[result.HighestRank[m]], c.Key.To, periodId);
            }
            reached.Complete();
        }
        checkpoint?.Invoke("standing");

        await Ledger.Posting.PeriodAsync(connection, tx, periodId, c.Key.Key, today, commissions, clawedByPayee, ct);
        checkpoint?.Invoke("ledger");
        await Webhooks.WebhookEvents.AddAsync(connection, tx, Webhooks.WebhookEvents.PeriodClosed,
            new { period = c.Key.Key, from = c.Key.From, to = c.Key.To, members = network.Count, lines = result.LineCount, clawbacks = c.Clawbacks.Count, totalPayout }, ct);
        checkpoint?.Invoke("before-commit");
        await tx.CommitAsync(ct);
        return new CloseReport(c.Key.Key, network.Count, result.LineCount, c.Clawbacks.Count, totalPayout, clawed / 100m);
    }

    private static string? SideText(Engine.Model.Network network, int m) => network.Side[m] switch
    {
        Engine.Model.Side.Left => "L",
        Engine.Model.Side.Right => "R",
        Engine.Model.Side.Numbered => network.Position[m].ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Members whose highest rank or carries changed: the next period reads them as its input.</summary>
    private static async Task UpdateStandingAsync(DbConnection connection, DbTransaction tx, ComputedPeriod c, string[] rankNames, CancellationToken ct)
    {
        var (result, snapshot) = (c.Result, c.Snapshot);
        var network = snapshot.Network;
        var changed = Enumerable.Range(0, network.Count).Where(m =>
            result.HighestRank[m] != network.HighestRank[m] || result.CarryLeft[m] != network.CarryLeft[m] || result.CarryRight[m] != network.CarryRight[m]).ToList();
        await PeriodStore.UpdateStandingAsync(connection, tx,
            [.. changed.Select(m => new MemberStanding(snapshot.MemberIds[m], result.HighestRank[m] == 0 ? null : rankNames[result.HighestRank[m]], result.CarryLeft[m], result.CarryRight[m]))], ct);
    }
}
