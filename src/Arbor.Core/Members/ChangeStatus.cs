using Arbor.Core.Webhooks;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Members;

/// <summary>A status change from a date on: active, suspended or terminated.</summary>
public sealed record StatusChange(string MemberHandle, string Status, DateOnly EffectiveOn, string Reason, string ChangedBy);

/// <summary>Records a member's new status with its effective date (and its webhook event, in one transaction); the history is kept, never edited.</summary>
public sealed class ChangeStatus(ArborContext db)
{
    private static readonly string[] Statuses = ["active", "suspended", "terminated"];

    public async Task<Outcome<Member>> RunAsync(StatusChange change, CancellationToken ct = default)
    {
        if (!Statuses.Contains(change.Status)) return new Problem("status", $"status must be active, suspended or terminated, not '{change.Status}'");
        if (string.IsNullOrWhiteSpace(change.Reason)) return new Problem("reason", "a status change needs a reason");
        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        var member = await db.Members.SingleOrDefaultAsync(m => m.Handle == change.MemberHandle, ct);
        if (member is null) return new Problem("member", $"unknown member '{change.MemberHandle}'");
        if (member.Status == "terminated") return new Problem("status", $"'{member.Handle}' is terminated: termination is final");
        if (change.EffectiveOn < member.StatusSince) return new Problem("effective_on", $"the status of '{member.Handle}' already changed on {member.StatusSince:yyyy-MM-dd}; a change cannot take effect before that");
        member.Status = change.Status;
        member.StatusSince = change.EffectiveOn;
        db.MemberStatusChanges.Add(new MemberStatusChange { MemberId = member.Id, Status = change.Status, EffectiveOn = change.EffectiveOn, Reason = change.Reason, ChangedBy = change.ChangedBy });
        await db.SaveChangesAsync(ct);
        await WebhookEvents.StageAsync(db, WebhookEvents.MemberStatusChanged, new { member.Handle, change.Status, change.EffectiveOn, change.Reason }, ct);
        await tx.CommitAsync(ct);
        return member;
    }
}
