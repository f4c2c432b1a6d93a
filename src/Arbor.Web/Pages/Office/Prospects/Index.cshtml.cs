using Arbor.Core.Prospects;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office.Prospects;

/// <summary>The viewer's prospects, its follow-ups due, and a form to add one.</summary>
public sealed class IndexModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    public IReadOnlyList<Prospect> Prospects { get; private set; } = [];

    [BindProperty] public ProspectForm New { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var added = await new ProspectBook(db).AddAsync(Me.Id, New.Input, Today, ct);
        if (!added.Ok)
        {
            Refused("add", added.Problem!);
            await LoadAsync(ct);
            return Page();
        }
        Notice = "Prospect.Added";
        return Redirect($"/office/prospects/{added.Value!.Id}");
    }

    private async Task LoadAsync(CancellationToken ct) => Prospects = await new ProspectBook(db).ListAsync(Me.Id, ct);
}
