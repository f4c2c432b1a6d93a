using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Audit;

/// <summary>
/// The audit trail of staff actions: who changed what, and when. The back office records every
/// change a staff member makes, after the use case that made it succeeded (a refused change
/// changed nothing, so it is not recorded). Written in a context of its own, so that it never
/// saves what a caller left tracked.
/// </summary>
public sealed class AuditLog(ArborDatabase database, TimeProvider clock)
{
    public async Task RecordAsync(string actor, string action, string subject, string details, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject, Details = details });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stages an entry in <paramref name="db"/>: saved with the caller's change, in its transaction, or not at all.</summary>
    public static void Stage(ArborContext db, TimeProvider clock, string actor, string action, string subject, string details) =>
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject, Details = details });

    /// <summary>The newest entries first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
    }
}
