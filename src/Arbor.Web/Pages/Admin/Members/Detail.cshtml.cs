using System.Globalization;
using System.Security.Cryptography;
using Arbor.Core.Audit;
using Arbor.Core.Compliance;
using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Arbor.Core.Orders;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin.Members;

/// <summary>One member for staff: upline, downline per level, the open period's estimate, recent orders; status and sponsor changes, and a sign-in.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class DetailModel(ArborDatabase database, ArborContext db, TimeProvider clock, EstimateService estimates, UserManager<ArborUser> users,
    StaffAccounts staff, ActAs look, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [FromRoute] public string Handle { get; set; } = "";

    public Member Member { get; private set; } = null!;
    public Member? Sponsor { get; private set; }
    public IReadOnlyList<TreeMember> Upline { get; private set; } = [];
    public IReadOnlyList<(int Level, int Members)> Levels { get; private set; } = [];
    public IReadOnlyList<OrderListing> Orders { get; private set; } = [];
    public OpenEstimate? Estimate { get; private set; }
    public int? EstimateIndex { get; private set; }
    public string? SignInName { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly TodayDate => Today(clock);

    /// <summary>A new sign-in's one-time password: shown on this response only, never stored in clear.</summary>
    public string? NewPassword { get; private set; }

    [BindProperty] public string? Status { get; set; }
    [BindProperty] public DateOnly? EffectiveOn { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? NewSponsor { get; set; }

    /// <summary>The closed period whose compliance indicators are shown (the latest by default).</summary>
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public IReadOnlyList<CommissionPeriod> ClosedPeriods { get; private set; } = [];
    public MemberIndicatorReport? Compliance { get; private set; }
    public Core.Problem? ComplianceProblem { get; private set; }
    public ComplianceSettings ComplianceSettings { get; private set; } = ComplianceSettings.Default;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(CancellationToken ct)
    {
        var change = new StatusChange(Handle, Status ?? "", EffectiveOn ?? TodayDate, Reason ?? "", Actor);
        var changed = await new ChangeStatus(db).RunAsync(change, ct);
        if (!changed.Ok) return await RefusedAsync("status", changed.Problem!, ct);
        await new AuditLog(database, clock).RecordAsync(Actor, "status-change", Handle,
            string.Create(CultureInfo.InvariantCulture, $"{change.Status} from {change.EffectiveOn:yyyy-MM-dd}: {change.Reason}"), ct);
        estimates.Changed();
        Notice = a["Members.StatusChanged", Handle, a["Status." + change.Status]];
        return RedirectToPage(new { handle = Handle });
    }

    /// <summary>Opens the member's virtual office read-only (<see cref="ActAs"/>): recorded, and shown to the member.</summary>
    public async Task<IActionResult> OnPostLookAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var started = await look.StartAsync(User, Member, ct);
        if (!started.Ok) return await RefusedAsync("look", started.Problem!, ct);
        return Redirect("/office");
    }

    public async Task<IActionResult> OnPostSponsorAsync(CancellationToken ct)
    {
        // ChangeSponsor writes its own audit entry, in its transaction.
        var changed = await new ChangeSponsor(db, clock).RunAsync(new SponsorChange(Handle, NewSponsor?.Trim() ?? "", Actor, Reason ?? ""), ct);
        if (!changed.Ok) return await RefusedAsync("sponsor", changed.Problem!, ct);
        estimates.Changed();
        Notice = a["Members.SponsorChanged", Handle, NewSponsor!.Trim()];
        return RedirectToPage(new { handle = Handle });
    }

    public async Task<IActionResult> OnPostSignInAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (SignInName is not null)
        {
            Refused("signin", new Core.Problem("signin", a["Members.HasSignIn", SignInName]));
            return Page();
        }
        var password = OneTimePassword();
        var user = new ArborUser { UserName = Member.Handle, Email = Member.Email, MemberId = Member.Id, EmailConfirmed = true, Language = Member.Language };
        await staff.EnsureRolesAsync();
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.Member);
        if (!created.Succeeded)
        {
            Refused("signin", new Core.Problem("signin", string.Join("; ", created.Errors.Select(e => e.Description))));
            return Page();
        }
        await new AuditLog(database, clock).RecordAsync(Actor, "signin-create", Member.Handle, "member sign-in with a one-time password", ct);
        SignInName = user.UserName;
        NewPassword = password;
        return Page();
    }

    private async Task LoadComplianceAsync(CancellationToken ct)
    {
        ClosedPeriods = await PeriodList.ClosedAsync(database, ct);
        if (ClosedPeriods.Count == 0) return;
        Period = string.IsNullOrWhiteSpace(Period) ? ClosedPeriods[0].Key : Period.Trim();
        ComplianceSettings = await new ComplianceSettingsStore(db).GetAsync(ct);
        var report = await new ComplianceQueries(db).MemberAsync(Handle, Period, ct);
        if (report.Ok) Compliance = report.Value;
        else ComplianceProblem = report.Problem;
    }

    /// <summary>16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), from a cryptographic generator.</summary>
    private static string OneTimePassword() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    private async Task<IActionResult> RefusedAsync(string form, Core.Problem problem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(ct)) return NotFound();
        Refused(form, problem);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var queries = new MemberQueries(db);
        var member = await queries.ByHandleAsync(Handle, ct);
        if (member is null) return false;
        Member = member;
        Sponsor = member.SponsorId is { } s ? await queries.ByIdAsync(s, ct) : null;
        var genealogy = new GenealogyQueries(db);
        Upline = (await genealogy.UplineAsync(Handle, ct)).Value ?? [];
        Levels = (await genealogy.CountsPerLevelAsync(Handle, ct)).Value ?? [];
        Orders = await new OrderQueries(db).ForMemberAsync(member.Id, 10, ct);
        Estimate = estimates.Latest;
        EstimateIndex = Estimate?.IndexOf(member.Id);
        SignInName = await users.Users.Where(u => u.MemberId == member.Id).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        Currency = await CurrencyAsync(db, ct);
        await LoadComplianceAsync(ct);
        return true;
    }
}
