using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>Plan versions: the list, and uploading a new one (pasted or as a file) with the date it takes effect; an invalid plan's errors by line.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin)]
public sealed class PlansModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    /// <summary>Larger than any plan (a plan is a page of YAML).</summary>
    public const int MaxPlanBytes = 256 * 1024;

    [BindProperty] public string? Yaml { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public DateOnly? From { get; set; }

    public IReadOnlyList<PlanVersion> Versions { get; private set; } = [];
    public IReadOnlyList<InputError> Errors { get; private set; } = [];
    public DateOnly TodayDate => Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var yaml = Yaml;
        var source = "plan.yaml";
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxPlanBytes) return await RefusedAsync(new Core.Problem("plan", a["Plans.TooLarge"]), ct);
            using var reader = new StreamReader(file.OpenReadStream());
            yaml = await reader.ReadToEndAsync(ct);
            source = Path.GetFileName(file.FileName);
        }
        if (string.IsNullOrWhiteSpace(yaml)) return await RefusedAsync(new Core.Problem("plan", a["Plans.Empty"]), ct);
        Yaml = yaml;
        if (From is not { } from) return await RefusedAsync(new Core.Problem("from", a["Plans.NoDate"]), ct);
        try
        {
            var uploaded = await new PlanVersions(db, clock).UploadAsync(yaml, source, from, ct);
            if (!uploaded.Ok) return await RefusedAsync(uploaded.Problem!, ct);
            var v = uploaded.Value!;
            await new AuditLog(database, clock).RecordAsync(Actor, "plan-upload", v.Name, string.Create(CultureInfo.InvariantCulture, $"effective from {v.EffectiveFrom:yyyy-MM-dd}, {source}"), ct);
            Notice = a["Plans.Uploaded", v.Name, Formats.Date(v.EffectiveFrom)];
            return RedirectToPage();
        }
        catch (InputException e)
        {
            Errors = e.Errors;
            return await RefusedAsync(new Core.Problem("plan", a["Plans.Invalid", e.Errors.Count]), ct);
        }
    }

    private async Task<IActionResult> RefusedAsync(Core.Problem problem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Refused("upload", problem);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) => Versions = await new PlanVersions(db, clock).ListAsync(ct);
}
