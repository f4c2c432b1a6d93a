using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>
/// A cheap fingerprint of what an open period's figures depend on: the newest order, member,
/// status change and sponsor change (all rows are append-only or get new ids when they change),
/// plus the number of periods closed. Two equal stamps mean nothing a preview reads has changed,
/// whichever program (web app, command line, another server) made the change.
/// </summary>
public sealed record ChangeStamp(long LastOrder, long Members, long LastMember, long LastStatusChange, long LastAudit, int ClosedPeriods)
{
    public static async Task<ChangeStamp> ReadAsync(ArborDatabase database, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return new ChangeStamp(
            await db.Orders.MaxAsync(o => (long?)o.Id, ct) ?? 0,
            await db.Members.LongCountAsync(ct),
            await db.Members.MaxAsync(m => (long?)m.Id, ct) ?? 0,
            await db.MemberStatusChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0,
            await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0,
            await db.Periods.CountAsync(ct));
    }
}
