using Arbor.Core.Periods;
using System.Globalization;
using System.Text;
using Arbor.Core;
using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Office;

/// <summary>
/// The viewer's downline as a table: filtered and sorted on the server from the query string,
/// 50 rows a page, and the whole filtered set as CSV (<c>?handler=csv</c>).
/// </summary>
public sealed class DownlineModel(Viewer viewer, EstimateService estimates, ArborContext db) : PageModel
{
    /// <summary>The deepest level the filter takes (the form's limit too); deeper asks are ignored.</summary>
    public const int MaxLevel = 1000;

    [BindProperty(SupportsGet = true)] public int? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Active { get; set; }
    [BindProperty(SupportsGet = true)] public int? Rank { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public OpenEstimate? Estimate { get; private set; }
    public DownlinePage Rows { get; private set; } = null!;
    public DownlineSort SortBy { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        if (rows is null) return NotFound();
        Rows = DownlineReport.Page(rows, PageNumber);
        return Page();
    }

    /// <summary>The whole filtered set as CSV, each text cell made safe for spreadsheets (<see cref="CsvCells"/>).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = await RowsAsync(ct);
        if (rows is null) return NotFound();
        var csv = new StringBuilder("level,handle,name,rank,pv,gv,active,joined\n");
        foreach (var r in rows)
        {
            var rank = Estimate is null || r.Figures is null ? "" : Estimate.RankName(r.Rank);
            csv.Append(CultureInfo.InvariantCulture, $"{r.Member.Level},{CsvCells.Text(r.Member.Handle)},{CsvCells.Text(r.Member.Name)},{CsvCells.Text(rank)},")
                .Append(CultureInfo.InvariantCulture, $"{r.Pv},{r.Gv},{(r.Active ? "yes" : "no")},{r.Member.JoinedOn:yyyy-MM-dd}\n");
        }
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "downline.csv");
    }

    /// <summary>The query string's filter applied to the viewer's downline; null when the viewer is no member.</summary>
    private async Task<IReadOnlyList<DownlineRow>?> RowsAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return null;
        Estimate = estimates.Latest;
        SortBy = Enum.TryParse<DownlineSort>(Sort, ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : DownlineSort.Level;
        var active = Active switch { "yes" => true, "no" => (bool?)false, _ => null };
        var filter = new DownlineFilter(Level is > 0 and <= MaxLevel ? Level : null, active, Rank is >= 0 ? Rank : null, Q is { Length: > 100 } q ? q[..100] : Q, SortBy, Desc);
        return await new DownlineReport(db).RowsAsync(self.Value!, filter, OfficeFigures.Lookup(Estimate), ct);
    }

    /// <summary>This page's query string with some values changed (null removes one).</summary>
    public string Link(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["level"] = Level?.ToString(CultureInfo.InvariantCulture),
            ["active"] = Active,
            ["rank"] = Rank?.ToString(CultureInfo.InvariantCulture),
            ["q"] = Q,
            ["sort"] = SortBy == DownlineSort.Level ? null : SortBy.ToString().ToLowerInvariant(),
            ["desc"] = Desc ? "true" : null,
            ["p"] = Rows?.Page > 1 ? Rows.Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        foreach (var (key, value) in changes) values[key] = value;
        var query = string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
        return query.Length == 0 ? "/office/downline" : "/office/downline?" + query;
    }

    /// <summary>The link a column header sorts by: ascending first, descending when already sorted so.</summary>
    public string SortLink(DownlineSort by) =>
        Link(("sort", by == DownlineSort.Level ? null : by.ToString().ToLowerInvariant()), ("desc", by == SortBy && !Desc ? "true" : null), ("p", null));

    /// <summary>The aria-sort of a column header.</summary>
    public string AriaSort(DownlineSort by) => by != SortBy ? "none" : Desc ? "descending" : "ascending";
}
