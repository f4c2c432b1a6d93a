using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Members;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Members;

/// <summary>Enrolling a new member under a sponsor (placement as the company's plan places).</summary>
[Allows(read: StaffRoles.Admin | StaffRoles.Support, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class NewModel(ArborDatabase database, ArborContext db, TimeProvider clock, EstimateService estimates, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? Handle { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? Language { get; set; } = "en";
    [BindProperty] public string? Sponsor { get; set; }
    [BindProperty] public DateOnly? JoinedOn { get; set; }

    public DateOnly TodayDate => Today(clock);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var enrollment = new Enrollment(Handle ?? "", Email ?? "", Name ?? "", (Country ?? "").Trim().ToUpperInvariant(), Language ?? "", JoinedOn ?? TodayDate,
            string.IsNullOrWhiteSpace(Sponsor) ? null : Sponsor.Trim());
        var enrolled = await new EnrollMember(db).RunAsync(enrollment, ct);
        if (!enrolled.Ok)
        {
            Refused("enroll", enrolled.Problem!);
            return Page();
        }
        var m = enrolled.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "member-enroll", m.Handle, string.Create(CultureInfo.InvariantCulture, $"sponsor {enrollment.SponsorHandle}, joined {m.JoinedOn:yyyy-MM-dd}"), ct);
        estimates.Changed();
        Notice = a["Members.Enrolled", m.Handle];
        return RedirectToPage("Detail", new { handle = m.Handle });
    }
}
