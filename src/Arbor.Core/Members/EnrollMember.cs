using Arbor.Core.Genealogy;
using Arbor.Core.Placement;
using Arbor.Core.Webhooks;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Members;

/// <summary>A new distributor: unique handle and e-mail, enrolled under a sponsor (none only for the company's root).</summary>
public sealed record Enrollment(
    string Handle, string Email, string Name, string Country, string Language, DateOnly JoinedOn,
    string? SponsorHandle, PlacementRequest? Placement = null);

/// <summary>Enrolls a member under its sponsor and, when the company's plan has one, places it in the placement tree.</summary>
public sealed class EnrollMember(ArborContext db)
{
    // Each retry means another enrollment succeeded meanwhile, so a few dozen cover heavy contention.
    private const int Attempts = 64;

    public async Task<Outcome<Member>> RunAsync(Enrollment e, CancellationToken ct = default)
    {
        if (Validate(e) is { } invalid) return invalid;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOnceAsync(e, ct);
            }
            catch (DbUpdateException ex) when (attempt < Attempts && db.Database.CurrentTransaction is null && Conflicts.IsUniqueViolation(ex))
            {
                // Another enrollment took the slot (or the handle) between our read and our insert: look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static Problem? Validate(Enrollment e)
    {
        if (string.IsNullOrWhiteSpace(e.Handle) || e.Handle.Trim() != e.Handle) return new Problem("handle", "a handle is required, without spaces around it");
        if (e.Handle.Any(c => char.IsControl(c) || c == ',')) return new Problem("handle", $"handle '{e.Handle}' may not contain commas or control characters");
        if (string.IsNullOrWhiteSpace(e.Email) || !e.Email.Contains('@', StringComparison.Ordinal)) return new Problem("email", $"'{e.Email}' is not an e-mail address");
        if (string.IsNullOrWhiteSpace(e.Name)) return new Problem("name", "a name is required");
        if (e.Country.Length != 2) return new Problem("country", $"country '{e.Country}' must be a two-letter ISO code");
        if (string.IsNullOrWhiteSpace(e.Language)) return new Problem("language", "a language is required");
        return null;
    }

    private async Task<Outcome<Member>> TryOnceAsync(Enrollment e, CancellationToken ct)
    {
        var company = await db.Company.AsNoTracking().SingleOrDefaultAsync(ct);
        if (company is null) return new Problem("company", "the company is not set up yet");
        var email = e.Email.Trim().ToLowerInvariant();
        if (await db.Members.AnyAsync(m => m.Handle == e.Handle, ct)) return new Problem("handle", $"handle '{e.Handle}' is taken");
        if (await db.Members.AnyAsync(m => m.Email == email, ct)) return new Problem("email", $"e-mail '{email}' is already enrolled");

        Member? sponsor = null;
        if (e.SponsorHandle is null)
        {
            if (await db.Members.AnyAsync(ct)) return new Problem("sponsor", "a sponsor is required: only the company's first member (its root) has none");
        }
        else
        {
            sponsor = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == e.SponsorHandle, ct);
            if (sponsor is null) return new Problem("sponsor", $"unknown sponsor '{e.SponsorHandle}'");
            if (sponsor.Status == "terminated") return new Problem("sponsor", $"sponsor '{sponsor.Handle}' is terminated and cannot enroll");
        }

        PlacementSlot? slot = null;
        if (company.Placement != "none" && sponsor is not null)
        {
            var found = await new PlacementFinder(db, company).FindAsync(sponsor, e.Placement ?? PlacementRequest.Default, ct);
            if (!found.Ok) return found.Problem!;
            slot = found.Value;
        }
        else if (e.Placement is { Mode: not BinaryPlacement.Default } && company.Placement == "none")
        {
            return new Problem("placement", "the company's plan has no placement tree");
        }

        await using var tx = await OwnTransaction.BeginAsync(db, ct);
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.Current.GetDbTransaction(), ct);
        if (sponsor is not null)
        {
            // Read again under the lock: a sponsor change may have moved the sponsor since.
            var sponsorId = sponsor.Id;
            sponsor = await db.Members.AsNoTracking().SingleAsync(m => m.Id == sponsorId, ct);
        }
        else if (await db.Members.AnyAsync(ct))
        {
            // Read again under the lock: another enrollment without a sponsor may have made the root since.
            return new Problem("sponsor", "a sponsor is required: only the company's first member (its root) has none");
        }
        var member = new Member
        {
            Handle = e.Handle,
            Email = email,
            Name = e.Name.Trim(),
            Country = e.Country.ToUpperInvariant(),
            Language = e.Language,
            JoinedOn = e.JoinedOn,
            SponsorId = sponsor?.Id,
            Path = "",
            Depth = sponsor is null ? 0 : sponsor.Depth + 1,
            PlacementParentId = slot?.ParentId,
            PlacementPosition = slot?.Position,
            PlacementDepth = slot?.Depth ?? (company.Placement == "none" ? null : 0),
            Status = "active",
            StatusSince = e.JoinedOn,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        // Paths name the member's own id, known only now.
        member.Path = sponsor is null ? TreePath.SponsorRoot(member.Id) : TreePath.SponsorChild(sponsor.Path, member.Id);
        member.PlacementPath = slot?.Path ?? (company.Placement == "none" ? null : TreePath.PlacementRoot(member.Id));
        db.MemberStatusChanges.Add(new MemberStatusChange { MemberId = member.Id, Status = "active", EffectiveOn = e.JoinedOn, Reason = "enrolled", ChangedBy = "enrollment" });
        await db.SaveChangesAsync(ct);
        await WebhookEvents.StageAsync(db, WebhookEvents.MemberEnrolled,
            new { member.Handle, member.Name, sponsor = sponsor?.Handle, member.Country, member.JoinedOn }, ct);
        await tx.CommitAsync(ct);
        return member;
    }
}
