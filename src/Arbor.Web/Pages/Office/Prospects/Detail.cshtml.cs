using System.Text;
using Arbor.Core.Office;
using Arbor.Core.Orders;
using Arbor.Core.Prospects;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office.Prospects;

/// <summary>
/// One of the viewer's prospects: its details and stage, notes, the step that makes it a customer
/// or a member, orders for it once a customer, and its personal data (export, erase). Another
/// member's prospect is "not found", for every handler.
/// </summary>
public sealed class DetailModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public ProspectFile Shown { get; private set; } = null!;
    public IReadOnlyList<Order> Orders { get; private set; } = [];
    public IReadOnlyList<Product> Products { get; private set; } = [];
    public string Currency { get; private set; } = "";

    [BindProperty] public ProspectForm Edit { get; set; } = new();
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string Kind { get; set; } = "retail";
    [BindProperty] public string? Handle { get; set; }
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Sku { get; set; }
    [BindProperty] public int Quantity { get; set; } = 1;
    [BindProperty] public bool Confirm { get; set; }

    private ProspectBook Book => new(db);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        return await ShowAsync(ct, fillForm: true);
    }

    public Task<IActionResult> OnPostEditAsync(CancellationToken ct) =>
        ActAsync("edit", async () => (await Book.UpdateAsync(Me.Id, Id, Edit.Input, Today, ct)).Problem, "Prospect.Saved", ct);

    public Task<IActionResult> OnPostNoteAsync(CancellationToken ct) =>
        ActAsync("note", async () => (await Book.AddNoteAsync(Me.Id, Id, Note ?? "", Today, ct)).Problem, "Prospect.NoteAdded", ct);

    public Task<IActionResult> OnPostCustomerAsync(CancellationToken ct) =>
        ActAsync("customer", async () => (await Book.MakeCustomerAsync(Me.Id, Id, Kind, Today, ct)).Problem, "Prospect.BecameCustomer", ct);

    public Task<IActionResult> OnPostEnrollAsync(CancellationToken ct) =>
        ActAsync("enroll", async () => (await Book.EnrollAsync(Me.Id, Id, Handle ?? "", Country ?? Me.Country, Language ?? Me.Language, Today, ct)).Problem, "Prospect.Enrolled", ct);

    public Task<IActionResult> OnPostOrderAsync(CancellationToken ct) =>
        ActAsync("order", async () =>
        {
            var file = await Book.GetAsync(Me.Id, Id, ct);
            if (!file.Ok) return file.Problem;
            if (file.Value!.Customer is not { } customer) return new Core.Problem("order", "make the prospect a customer first");
            return (await new CustomerCare(db).RecordOrderAsync(Me.Id, customer.Id, [new Item(Sku ?? "", Quantity)], Today, ct)).Problem;
        }, "Prospect.OrderPlaced", ct);

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        if (!Confirm)
        {
            Refused("erase", new Core.Problem("confirm", "tick the box to confirm the erasure"));
            return await ShowAsync(ct, fillForm: true);
        }
        var erased = await new PersonalData(db).EraseAsync(Me.Id, Id, Today, ct);
        if (!erased.Ok) return NotFound();
        Notice = "Prospect.Erased";
        return Redirect("/office/prospects");
    }

    /// <summary>Everything kept about the prospect, as a JSON file (GDPR article 15).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var json = await new PersonalData(db).ExportAsync(Me.Id, Id, ct);
        if (!json.Ok) return NotFound();
        return File(Encoding.UTF8.GetBytes(json.Value!), "application/json", $"prospect-{Id}.json");
    }

    private async Task<IActionResult> ActAsync(string form, Func<Task<Core.Problem?>> act, string notice, CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var problem = await act();
        if (problem is null)
        {
            Notice = notice;
            return Redirect($"/office/prospects/{Id}");
        }
        return await RefusedAsync(form, problem, "prospect", () => ShowAsync(ct, fillForm: form != "edit"));
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct, bool fillForm)
    {
        var file = await Book.GetAsync(Me.Id, Id, ct);
        if (!file.Ok) return NotFound();
        Shown = file.Value!;
        if (fillForm) Edit = ProspectForm.Of(Shown.Prospect);
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        if (Shown.Customer is { } customer)
        {
            Orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderByDescending(o => o.Date).ThenByDescending(o => o.Id).ToListAsync(ct);
            Products = await db.Products.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Name).ToListAsync(ct);
        }
        return Page();
    }
}
