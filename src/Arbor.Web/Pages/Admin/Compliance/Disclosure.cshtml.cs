using System.Globalization;
using System.Text;
using Arbor.Core.Compliance;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>The income disclosure statement of a year (the latest with a closed period by default): shown in the page's language, and downloadable as CSV and as the printable HTML document.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class DisclosureModel(ArborDatabase database, ArborContext db, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    /// <summary>The years in which a closed period ends, newest first.</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    public IncomeDisclosure? Statement { get; private set; }
    public DisclosureLabels Labels { get; private set; } = DisclosureLabels.English;
    public DisclosureFormat Format { get; private set; } = new(CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The statement as CSV (invariant numbers, for machines).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        return File(Encoding.UTF8.GetBytes(DisclosureCsv.Render(Statement!)), "text/csv; charset=utf-8", FileName("csv"));
    }

    /// <summary>The printable statement: Core's self-contained document in the page's language, served as its own page (print it or save it as PDF).</summary>
    public async Task<IActionResult> OnGetPrintAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        var html = DisclosureHtml.Render(Statement!, Labels);
        // The document carries its own <style>: allow exactly that block (by its hash), nothing else inline.
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingOwnStyles(html);
        return Content(html, "text/html; charset=utf-8");
    }

    private string FileName(string extension) => string.Create(CultureInfo.InvariantCulture, $"income-disclosure-{Statement!.Year}.{extension}");

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Years = [.. (await PeriodList.ClosedAsync(database, ct)).Select(p => p.EndsOn.Year).Distinct().OrderDescending()];
        if (Years.Count == 0) return false;
        Year ??= Years[0];
        Labels = DisclosureText.Labels(a);
        Format = new DisclosureFormat(Labels.Culture);
        var statement = await new IncomeDisclosureQuery(db).ForYearAsync(Year.Value, ct);
        if (!statement.Ok)
        {
            Refused("year", statement.Problem!);
            return false;
        }
        Statement = statement.Value!;
        return true;
    }
}
