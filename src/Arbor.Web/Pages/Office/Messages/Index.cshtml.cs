using Arbor.Core.Messages;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office.Messages;

/// <summary>The viewer's messages (the company's and its upline's), a form to write to its own downline, what it sent with read receipts, and the senders it muted.</summary>
public sealed class IndexModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    public IReadOnlyList<InboxItem> Inbox { get; private set; } = [];
    public IReadOnlyList<SentMessage> Sent { get; private set; } = [];
    public IReadOnlyList<Member> Muted { get; private set; } = [];

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }

    /// <summary><c>all</c>, <c>level</c>, <c>rank</c> or <c>member</c>.</summary>
    [BindProperty] public string To { get; set; } = "all";
    [BindProperty] public int? Level { get; set; }
    [BindProperty] public string? Rank { get; set; }
    [BindProperty] public string? Member { get; set; }
    [BindProperty] public string? Sender { get; set; }

    private TeamMessages Messages => new(db, Clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var audience = To switch
        {
            "level" => new DownlineAudience(Level: Level ?? 0),
            "rank" => new DownlineAudience(Rank: Rank),
            "member" => new DownlineAudience(Member: Member ?? ""),
            _ => new DownlineAudience(),
        };
        var sent = await Messages.SendToDownlineAsync(Me.Id, User.Identity?.Name ?? Me.Handle, Subject ?? "", Body ?? "", audience, ct);
        if (!sent.Ok)
        {
            Refused("send", sent.Problem!);
            await LoadAsync(ct);
            return Page();
        }
        Notice = "Messages.Sent";
        return Redirect($"/office/messages/sent/{sent.Value!.Message.Id}");
    }

    public async Task<IActionResult> OnPostUnmuteAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        await Messages.UnmuteAsync(Me.Id, Sender ?? "", ct);
        return Redirect("/office/messages");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Inbox = await Messages.InboxAsync(Me.Id, 100, ct);
        Sent = await Messages.SentAsync(Me.Id, 50, ct);
        Muted = await Messages.MutedAsync(Me.Id, ct);
    }
}
