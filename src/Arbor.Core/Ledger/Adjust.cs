using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Ledger;

/// <summary>A manual correction of a member's balance: positive credits the member, negative debits it.</summary>
public sealed record AdjustmentRequest(string MemberHandle, decimal Amount, string Reason, string MadeBy, DateOnly On);

/// <summary>Posts an adjustment: the adjustment row (who, why) and its two ledger entries, in one transaction.</summary>
public sealed class Adjust(ArborContext db)
{
    public async Task<Outcome<Adjustment>> RunAsync(AdjustmentRequest r, CancellationToken ct = default)
    {
        if (r.Amount == 0) return new Problem("amount", "an adjustment moves money: the amount cannot be zero");
        if (Limits.Check("amount", "an adjustment", r.Amount, -Limits.Adjustment, Limits.Adjustment, Limits.MoneyDecimals) is { } bad) return bad;
        if (string.IsNullOrWhiteSpace(r.Reason)) return new Problem("reason", "an adjustment needs a reason");
        if (string.IsNullOrWhiteSpace(r.MadeBy)) return new Problem("by", "an adjustment needs the name of who made it");
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == r.MemberHandle, ct);
        if (member is null) return new Problem("member", $"unknown member '{r.MemberHandle}'");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var dbTx = tx.GetDbTransaction();
        await CompanyLock.TakeAsync(connection, dbTx, ct);
        var adjustment = new Adjustment { MemberId = member.Id, Amount = r.Amount, Reason = r.Reason.Trim(), MadeBy = r.MadeBy.Trim(), MadeOn = r.On };
        db.Adjustments.Add(adjustment);
        await db.SaveChangesAsync(ct);
        await Posting.AdjustmentAsync(connection, dbTx, adjustment, ct);
        await tx.CommitAsync(ct);
        return adjustment;
    }
}
