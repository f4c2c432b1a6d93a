using Arbor.Core.Periods;
using Arbor.Core.Setup;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin;

/// <summary>Staff sign-ins (admins only): add one with a role, give one another role, lock or unlock one (docs/roles.md).</summary>
[Allows(read: StaffRoles.Admin, write: StaffRoles.Admin)]
public sealed class StaffModel(StaffAccounts staff, ArborDatabase database, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string Role { get; set; } = Roles.Support;
    [BindProperty] public bool Locked { get; set; }

    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];

    /// <summary>Whether closes and payouts take two people (<see cref="FourEyes"/>).</summary>
    public bool FourEyesOn { get; private set; }

    /// <summary>Whether staff must sign in with two factors (<see cref="SignInPolicy"/>).</summary>
    public bool TwoFactorOn { get; private set; }

    /// <summary>Requires (or no longer requires) two factors of staff; an admin who has not signed in with two factors cannot require them (it would lock itself out of this page).</summary>
    public async Task<IActionResult> OnPostTwoFactorAsync(bool on, CancellationToken ct) =>
        await AnswerAsync("two-factor", on && !TwoFactor.Passed(User)
                ? new Core.Problem("two-factor", a["TwoFactorStaff.YoursFirst"])
                : await new SignInPolicy(database, clock).SetStaffTwoFactorAsync(Actor, on, ct),
            set => set ? a["TwoFactorStaff.On"] : a["TwoFactorStaff.Off"], () => LoadAsync(ct));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostFourEyesAsync(bool on, CancellationToken ct) =>
        await AnswerAsync("four-eyes", await new FourEyes(database, clock).SetRequiredAsync(Actor, on, ct),
            set => set ? a["FourEyes.On"] : a["FourEyes.Off"], () => LoadAsync(ct));

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var added = await staff.AddAsync(Actor, UserName ?? "", Password ?? "", Role, ct);
        return await AnswerAsync("add", added, _ => a["Staff.Added", UserName ?? "", RoleName(Role)], () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        var changed = await staff.SetRoleAsync(Actor, UserName ?? "", Role, ct);
        return await AnswerAsync("list", changed, _ => a["Staff.RoleChanged", UserName ?? "", RoleName(Role)], () => LoadAsync(ct));
    }

    public async Task<IActionResult> OnPostLockAsync(CancellationToken ct)
    {
        var changed = await staff.SetLockedAsync(Actor, UserName ?? "", Locked, ct);
        return await AnswerAsync("list", changed, _ => Locked ? a["Staff.LockedNotice", UserName ?? ""] : a["Staff.UnlockedNotice", UserName ?? ""], () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await staff.ListAsync();
        FourEyesOn = await new FourEyes(database, clock).RequiredAsync(ct);
        TwoFactorOn = await new SignInPolicy(database, clock).StaffTwoFactorAsync(ct);
    }

    public string RoleName(string role) => a["Role." + role];
}
