using Arbor.Core.Messages;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office.Messages;

/// <summary>A message the viewer sent and who of its downline read it; another's message is "not found".</summary>
public sealed class SentModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public SentMessage Message { get; private set; } = null!;
    public IReadOnlyList<Receipt> Receipts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var found = await new TeamMessages(db, Clock).ReceiptsAsync(Me.Id, Id, ct);
        if (!found.Ok) return NotFound();
        (Message, Receipts) = found.Value;
        return Page();
    }
}
