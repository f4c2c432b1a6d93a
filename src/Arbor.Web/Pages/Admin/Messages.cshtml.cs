using Arbor.Core.Audit;
using Arbor.Core.Messages;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>The company's announcements: post one targeted by rank, country and language; what was sent, with read receipts.</summary>
[Allows(read: StaffRoles.Admin | StaffRoles.Support | StaffRoles.Compliance, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class MessagesModel(ArborContext db, ArborDatabase database, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Rank { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty(SupportsGet = true)] public long? Show { get; set; }

    public IReadOnlyList<SentMessage> Sent { get; private set; } = [];
    public IReadOnlyList<string> Ranks { get; private set; } = [];
    public IReadOnlyList<string> Countries { get; private set; } = [];
    public IReadOnlyList<string> Languages { get; private set; } = [];
    public (SentMessage Message, IReadOnlyList<Receipt> Receipts)? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Show is { } id)
        {
            var found = await new TeamMessages(db, clock).ReceiptsAsync(null, id, ct);
            if (!found.Ok) return NotFound();
            Shown = found.Value;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var sent = await new TeamMessages(db, clock).AnnounceAsync(Actor, Subject ?? "", Body ?? "", new CompanyAudience(Rank, Country, Language), ct);
        if (!sent.Ok)
        {
            Refused("announce", sent.Problem!);
            await LoadAsync(ct);
            return Page();
        }
        var m = sent.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "announcement", $"message {m.Message.Id}", $"{m.Recipients} recipients; {(m.Message.Audience.Length == 0 ? "everyone" : m.Message.Audience)}", ct);
        Notice = a["Messages.Sent", m.Recipients];
        return Redirect($"/admin/messages?show={m.Message.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sent = await new TeamMessages(db, clock).SentAsync(null, 50, ct);
        var members = db.Members.AsNoTracking().Where(m => m.Status != "terminated");
        Ranks = await members.Where(m => m.HighestRank != null).Select(m => m.HighestRank!).Distinct().OrderBy(r => r).ToListAsync(ct);
        Countries = await members.Select(m => m.Country).Distinct().OrderBy(c => c).ToListAsync(ct);
        Languages = await members.Select(m => m.Language).Distinct().OrderBy(l => l).ToListAsync(ct);
    }
}
