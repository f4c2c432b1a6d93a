using Arbor.Core.Audit;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Setup;

/// <summary>Whether staff must sign in with a second factor (<see cref="Company.StaffTwoFactor"/>): set by an admin, audited.</summary>
public sealed class SignInPolicy(ArborDatabase database, TimeProvider clock)
{
    public async Task<bool> StaffTwoFactorAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Company.AsNoTracking().Select(c => c.StaffTwoFactor).SingleOrDefaultAsync(ct);
    }

    public async Task<Outcome<bool>> SetStaffTwoFactorAsync(string actor, bool required, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var company = await db.Company.SingleOrDefaultAsync(ct);
        if (company is null) return new Problem("company", "there is no company in this database yet");
        company.StaffTwoFactor = required;
        AuditLog.Stage(db, clock, actor, "staff-two-factor", "company", required ? "on: staff sign in with an authenticator code" : "off");
        await db.SaveChangesAsync(ct);
        return required;
    }
}
