using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Autoship;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>Autoships: the subscriptions, and running today's (each due autoship becomes an order once; running again adds none).</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class AutoshipsModel(ArborDatabase database, ArborContext db, TimeProvider clock, EstimateService estimates, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AutoshipListing> Autoships { get; private set; } = [];
    public int Total { get; private set; }
    public AutoshipRunReport? Report { get; private set; }
    public DateOnly TodayDate => Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        var report = await new Autoships(db).RunAsync(TodayDate, ct: ct);
        await new AuditLog(database, clock).RecordAsync(Actor, "autoship-run", report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"{report.Created.Count} orders, {report.Skipped.Count} skipped, {report.AlreadyDone} already done"), ct);
        if (report.Created.Count > 0) estimates.Changed();
        Report = report;
        Notice = a["Autoships.Ran", Formats.Date(report.Date), Formats.Count(report.Created.Count), Formats.Count(report.Skipped.Count), Formats.Count(report.AlreadyDone)];
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var queries = new AutoshipQueries(db);
        Autoships = await queries.PageAsync(PageNumber, PageSize, ct);
        Total = await queries.CountAsync(ct);
    }
}
