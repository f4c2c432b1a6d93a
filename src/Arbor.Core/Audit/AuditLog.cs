using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Audit;

/// <summary>A staff member's read-only look at a member's virtual office.</summary>
public sealed record Look(string Staff, DateTimeOffset From, DateTimeOffset? Until);

/// <summary>
/// The audit trail of staff actions: who changed what, and when. The back office records every
/// change a staff member makes, after the use case that made it succeeded (a refused change
/// changed nothing, so it is not recorded). Written in a context of its own, so that it never
/// saves what a caller left tracked.
/// </summary>
public sealed class AuditLog(ArborDatabase database, TimeProvider clock)
{
    /// <returns>The entry's id.</returns>
    public async Task<long> RecordAsync(string actor, string action, string subject, string details, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var entry = new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = subject, Details = details };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// <summary>
    /// The staff who looked at <paramref name="handle"/>'s virtual office ("act as", read-only),
    /// newest first: who, from when, and until when (null while it lasts, or when the look ended
    /// without its end being recorded: a lapsed sign-in).
    /// </summary>
    public async Task<IReadOnlyList<Look>> LooksAtAsync(string handle, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == handle && (e.Action == LookStarted || e.Action == LookEnded)).OrderBy(e => e.Id).ToListAsync(ct);
        var ends = entries.Where(e => e.Action == LookEnded).ToDictionary(e => e.Details, e => e.At);
        return [.. entries.Where(e => e.Action == LookStarted).OrderByDescending(e => e.Id)
            .Select(e => new Look(e.Actor, e.At, ends.TryGetValue(LookSession(e.Id), out var end) ? end : null))];
    }

    public const string LookStarted = "act-as-start", LookEnded = "act-as-end";

    /// <summary>How an end entry names the look it ends: its start entry's id.</summary>
    public static string LookSession(long startId) => $"session {startId}";

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
