using System.Text;
using Arbor.Core.Audit;
using Arbor.Core.Prospects;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>
/// Requests about personal data (GDPR articles 15 and 17) that reach the company rather than the
/// distributor: find a prospect by e-mail address, export what is kept about it, erase it.
/// </summary>
[Allows(read: StaffRoles.Admin | StaffRoles.Support | StaffRoles.Compliance, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class ProspectsModel(ArborContext db, ArborDatabase database, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty] public long Id { get; set; }
    [BindProperty] public bool Confirm { get; set; }

    public IReadOnlyList<(Prospect Prospect, string Owner)> Found { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await FindAsync(ct);

    public async Task<IActionResult> OnGetExportAsync(long id, CancellationToken ct)
    {
        var json = await new PersonalData(db).ExportAsync(null, id, ct);
        if (!json.Ok) return NotFound();
        await new AuditLog(database, clock).RecordAsync(Actor, "prospect-export", $"prospect {id}", "GDPR art. 15", ct);
        return File(Encoding.UTF8.GetBytes(json.Value!), "application/json", $"prospect-{id}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        if (!Confirm)
        {
            Refused("erase", new Core.Problem("confirm", "tick the box to confirm the erasure"));
            await FindAsync(ct);
            return Page();
        }
        var erased = await new PersonalData(db).EraseAsync(null, Id, Today(clock), ct);
        if (!erased.Ok) return NotFound();
        await new AuditLog(database, clock).RecordAsync(Actor, "prospect-erase", $"prospect {Id}", "GDPR art. 17", ct);
        Notice = a["Prospects.Erased", Id];
        return Redirect("/admin/prospects");
    }

    private async Task FindAsync(CancellationToken ct)
    {
        var email = Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email)) return;
        var rows = await (from p in db.Prospects.AsNoTracking()
                          join m in db.Members.AsNoTracking() on p.MemberId equals m.Id
                          where p.Email == email && p.ErasedOn == null
                          orderby p.Id
                          select new { p, m.Handle }).ToListAsync(ct);
        Found = [.. rows.Select(r => (r.p, r.Handle))];
    }
}
