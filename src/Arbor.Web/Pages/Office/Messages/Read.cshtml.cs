using Arbor.Core.Messages;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office.Messages;

/// <summary>One message of the viewer's inbox (opening it is its read receipt), and muting its sender; any other message is "not found".</summary>
public sealed class ReadModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public InboxItem Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var read = await new TeamMessages(db, Clock).ReadAsync(Me.Id, Id, ct, receipt: !Acting);
        if (!read.Ok) return NotFound();
        Message = read.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostMuteAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var muted = await new TeamMessages(db, Clock).MuteAsync(Me.Id, Id, true, ct);
        if (!muted.Ok) return NotFound();
        Notice = "Messages.MutedNotice";
        return Redirect("/office/messages");
    }
}
