using Arbor.Core.Webhooks;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin;

/// <summary>Webhooks (admins only): register an endpoint per event type (its signing secret shown once), stop one, and see each delivery's state (docs/webhooks.md).</summary>
[Allows(read: StaffRoles.Admin, write: StaffRoles.Admin)]
public sealed class WebhooksModel(ArborDatabase database, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public long Id { get; set; }

    public IReadOnlyList<EndpointView> Endpoints { get; private set; } = [];
    public IReadOnlyList<DeliveryView> Deliveries { get; private set; } = [];

    /// <summary>A new endpoint's secret: on the answer to its registration, never again.</summary>
    public string? Secret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var added = await new WebhookEndpoints(database, clock).RegisterAsync(Actor, Address ?? "", Events, ct);
        if (!added.Ok) Refused("add", added.Problem!);
        else
        {
            Secret = added.Value.Secret;
            Notice = a["Webhooks.Added", added.Value.Endpoint.Url];
            Address = null;
        }
        await LoadAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        await AnswerAsync("list", await new WebhookEndpoints(database, clock).DisableAsync(Actor, Id, ct), e => a["Webhooks.Disabled", e.Url], () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        var endpoints = new WebhookEndpoints(database, clock);
        Endpoints = await endpoints.ListAsync(ct);
        Deliveries = await endpoints.RecentAsync(100, ct);
    }
}
