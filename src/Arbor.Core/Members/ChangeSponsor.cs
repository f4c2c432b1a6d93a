using System.Globalization;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Members;

/// <summary>An admin moves a member (and its whole downline) under another sponsor.</summary>
public sealed record SponsorChange(string MemberHandle, string NewSponsorHandle, string Admin, string Reason);

/// <summary>
/// Changes a member's sponsor: admins only, never under the member's own downline (a cycle),
/// with an audit entry. The member's subtree keeps its shape: every path under it is rewritten
/// in one statement.
/// </summary>
public sealed class ChangeSponsor(ArborContext db, TimeProvider clock)
{
    public async Task<Outcome<Member>> RunAsync(SponsorChange change, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(change.Admin)) return new Problem("admin", "only an admin may change a sponsor: name the admin");
        if (string.IsNullOrWhiteSpace(change.Reason)) return new Problem("reason", "a sponsor change needs a reason for the audit trail");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Under the company lock: two sponsor changes (or a change and an enrollment) never read stale paths.
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        var member = await db.Members.SingleOrDefaultAsync(m => m.Handle == change.MemberHandle, ct);
        if (member is null) return new Problem("member", $"unknown member '{change.MemberHandle}'");
        var sponsor = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == change.NewSponsorHandle, ct);
        if (sponsor is null) return new Problem("sponsor", $"unknown sponsor '{change.NewSponsorHandle}'");
        if (sponsor.Path.StartsWith(member.Path, StringComparison.Ordinal))
        {
            return new Problem("sponsor", sponsor.Id == member.Id
                ? $"'{member.Handle}' cannot sponsor itself"
                : $"'{sponsor.Handle}' is in the downline of '{member.Handle}': the change would make a cycle");
        }
        if (sponsor.Status == "terminated") return new Problem("sponsor", $"sponsor '{sponsor.Handle}' is terminated");
        var oldSponsorId = member.SponsorId;

        var oldPath = member.Path;
        var newPath = TreePath.SponsorChild(sponsor.Path, member.Id);
        var shift = sponsor.Depth + 1 - member.Depth;
        var upper = TreePath.UpperBound(oldPath);
        await db.Members
            .Where(m => string.Compare(m.Path, oldPath) >= 0 && string.Compare(m.Path, upper) < 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Path, m => newPath + m.Path.Substring(oldPath.Length))
                .SetProperty(m => m.Depth, m => m.Depth + shift), ct);
        await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SponsorId, sponsor.Id), ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = change.Admin,
            Action = "sponsor-change",
            Subject = member.Handle,
            Details = string.Create(CultureInfo.InvariantCulture, $"sponsor {oldSponsorId} -> {sponsor.Id} ({sponsor.Handle}): {change.Reason}"),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id, ct);
    }
}
