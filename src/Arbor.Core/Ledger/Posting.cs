using System.Data.Common;
using System.Globalization;
using Arbor.Data;

namespace Arbor.Core.Ledger;

/// <summary>
/// Writes ledger transactions: each is two entries that sum to zero, one on the member's account
/// (<c>member:ID</c>, credit positive: what the company owes it) and one on a company account.
/// Only this class writes <c>ledger_entries</c>, always inside the caller's transaction, and
/// the database refuses any update or delete of an entry.
/// </summary>
internal static class Posting
{
    public const string Commissions = "company:commissions";
    public const string Adjustments = "company:adjustments";
    public const string Bank = "company:bank";

    public static string MemberAccount(long memberId) => string.Create(CultureInfo.InvariantCulture, $"member:{memberId}");

    /// <summary>A closed period's commissions and clawbacks: one transaction per member and kind.</summary>
    public static async Task PeriodAsync(DbConnection connection, DbTransaction tx, long periodId, string period, DateOnly postedOn,
        IReadOnlyDictionary<long, long> commissionCents, IReadOnlyDictionary<long, long> clawbackCents, CancellationToken ct)
    {
        var next = await NextTransactionAsync(connection, tx, ct);
        using var entries = Entries(connection, tx);
        foreach (var (kind, amounts) in new[] { ("commission", commissionCents), ("clawback", clawbackCents) })
        {
            foreach (var member in amounts.Keys.Order())
            {
                var amount = amounts[member] / 100m;
                if (amount == 0) continue;
                var memo = kind == "commission" ? $"commissions {period}" : $"clawbacks {period}";
                entries.Add(next, MemberAccount(member), member, kind, amount, postedOn, periodId, null, null, memo);
                entries.Add(next, Commissions, null, kind, -amount, postedOn, periodId, null, null, memo);
                next++;
            }
        }
        entries.Complete();
    }

    public static async Task AdjustmentAsync(DbConnection connection, DbTransaction tx, Adjustment adjustment, CancellationToken ct)
    {
        var next = await NextTransactionAsync(connection, tx, ct);
        using var entries = Entries(connection, tx);
        var memo = $"adjustment by {adjustment.MadeBy}: {adjustment.Reason}";
        entries.Add(next, MemberAccount(adjustment.MemberId), adjustment.MemberId, "adjustment", adjustment.Amount, adjustment.MadeOn, null, adjustment.Id, null, memo);
        entries.Add(next, Adjustments, null, "adjustment", -adjustment.Amount, adjustment.MadeOn, null, adjustment.Id, null, memo);
        entries.Complete();
    }

    public static async Task PayoutAsync(DbConnection connection, DbTransaction tx, PayoutBatch batch, string period, DateOnly postedOn, CancellationToken ct)
    {
        var next = await NextTransactionAsync(connection, tx, ct);
        using var entries = Entries(connection, tx);
        foreach (var line in batch.Lines.OrderBy(l => l.MemberId))
        {
            var memo = $"payout {period}";
            entries.Add(next, MemberAccount(line.MemberId), line.MemberId, "payout", -line.Amount, postedOn, batch.PeriodId, null, batch.Id, memo);
            entries.Add(next, Bank, null, "payout", line.Amount, postedOn, batch.PeriodId, null, batch.Id, memo);
            next++;
        }
        entries.Complete();
    }

    private static BulkInsert Entries(DbConnection connection, DbTransaction tx) => new(connection, tx, "ledger_entries",
        ("transaction_id", BulkType.Long), ("account", BulkType.Text), ("member_id", BulkType.Long), ("kind", BulkType.Text), ("amount", BulkType.Decimal),
        ("posted_on", BulkType.Date), ("period_id", BulkType.Long), ("adjustment_id", BulkType.Long), ("payout_batch_id", BulkType.Long), ("memo", BulkType.Text));

    private static Task<long> NextTransactionAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        PeriodStore.NextLedgerTransactionAsync(connection, tx, ct);
}
