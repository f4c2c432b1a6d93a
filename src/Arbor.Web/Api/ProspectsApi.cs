using Arbor.Core;
using Arbor.Core.Office;
using Arbor.Core.Orders;
using Arbor.Core.Prospects;
using Arbor.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbor.Web.Api;

public sealed record ProspectBody(string? Name, string? Email, string? Phone, string? Source, string? Stage, DateOnly? FollowUp, bool? Consent, string? Member);

public sealed record NoteBody(string? Text);

public sealed record CustomerKindBody(string? Kind);

public sealed record ProspectEnrollBody(string? Handle, string? Country, string? Language);

public sealed record CustomerOrderBody(IReadOnlyList<ItemBody>? Items);

public sealed record ItemBody(string? Sku, int? Quantity);

public sealed record NoteJson(DateOnly WrittenOn, string Text);

public sealed record ProspectJson(
    long Id, string Member, string? Name, string? Email, string? Phone, string? Source, string Stage, DateOnly? FollowUp, DateOnly? ConsentOn, DateOnly CreatedOn,
    long? Customer, string? EnrolledAs, IReadOnlyList<NoteJson>? Notes)
{
    public static ProspectJson From(Prospect p, string member, IReadOnlyList<ProspectNote>? notes = null, string? enrolledAs = null) =>
        new(p.Id, member, p.Name, p.Email, p.Phone, p.Source, p.Stage, p.NextFollowUp, p.ConsentOn, p.CreatedOn, p.CustomerId, enrolledAs, notes?.Select(n => new NoteJson(n.WrittenOn, n.Text)).ToList());
}

public sealed record CustomerCareJson(long Id, string Name, string Email, string Kind, DateOnly CreatedOn, bool Autoship, DateOnly? LastOrder, int? UsualDays, bool ReorderDue, int Orders)
{
    public static CustomerCareJson From(CustomerCareRow r) =>
        new(r.Customer.Id, r.Customer.Name, r.Customer.Email, r.Customer.Kind, r.Customer.CreatedOn, r.Autoship, r.LastOrder, r.UsualDays, r.ReorderDue, r.Orders.Count);
}

/// <summary>
/// Prospects and customer care. A member reaches its own prospects and customers only (another's
/// are "not found"); staff and tokens reach every prospect, for personal-data requests, and list
/// those of the member they name.
/// </summary>
public static class ProspectsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var prospects = api.MapGroup("/prospects").WithTags("Prospects");
        prospects.MapGet("/", List).Produces<IReadOnlyList<ProspectJson>>().WithSummary("A member's prospects (staff: ?member=HANDLE)");
        prospects.MapPost("/", Add).RequireAuthorization(ApiAuth.Write).Accepts<ProspectBody>("application/json").Produces<ProspectJson>(StatusCodes.Status201Created)
            .WithSummary("Add a prospect (Idempotency-Key required; staff name the member)");
        prospects.MapGet("/{id}", Get).Produces<ProspectJson>().WithSummary("A prospect with its notes");
        prospects.MapPost("/{id}", Update).RequireAuthorization(ApiAuth.Write).Accepts<ProspectBody>("application/json").Produces<ProspectJson>().WithSummary("Change a prospect");
        prospects.MapPost("/{id}/notes", Note).RequireAuthorization(ApiAuth.Write).Accepts<NoteBody>("application/json").Produces<ProspectJson>().WithSummary("Add a dated note");
        prospects.MapPost("/{id}/customer", MakeCustomer).RequireAuthorization(ApiAuth.Write).Accepts<CustomerKindBody>("application/json").Produces<ProspectJson>()
            .WithSummary("Make the prospect a customer of its member");
        prospects.MapPost("/{id}/enroll", Enroll).RequireAuthorization(ApiAuth.Write).Accepts<ProspectEnrollBody>("application/json").Produces<ProspectJson>()
            .WithSummary("Enroll the prospect, sponsored by its member");
        prospects.MapGet("/{id}/export", Export).WithSummary("Everything kept about the prospect (GDPR art. 15)");
        prospects.MapDelete("/{id}", Erase).RequireAuthorization(ApiAuth.Write).Produces(StatusCodes.Status204NoContent).WithSummary("Erase the prospect's personal data (GDPR art. 17)");

        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("/care", Customers).Produces<IReadOnlyList<CustomerCareJson>>().WithSummary("A member's own customers with autoship, last order and reorder reminder (staff: ?member=HANDLE)");
        customers.MapPost("/{id}/orders", CustomerOrder).RequireAuthorization(ApiAuth.Write).Accepts<CustomerOrderBody>("application/json")
            .WithSummary("Record an order for one of the member's own customers (Idempotency-Key required)");
    }

    /// <summary>Whose prospects and customers a call reaches: a member its own; staff the member named (null: any, where allowed).</summary>
    private static async Task<Outcome<Member?>> OwnerAsync(ApiCaller caller, string? handle, bool required, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return scope.Problem!;
        if (scope.Value is { } self)
        {
            return handle is null || handle == self.Handle ? self : new Problem("member", $"no member '{handle}' whose prospects you keep");
        }
        if (handle is null) return required ? new Problem("member", "name the member: ?member=HANDLE") : Outcome<Member?>.Success(null);
        var member = await caller.SeeAsync(handle, ct);
        return member.Ok ? member.Value : member.Problem!;
    }

    private static async Task<IResult> List(ApiCaller caller, ArborContext db, string? member, CancellationToken ct)
    {
        var owner = await OwnerAsync(caller, member, true, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var rows = await new ProspectBook(db).ListAsync(owner.Value!.Id, ct);
        return TypedResults.Ok(rows.Select(p => ProspectJson.From(p, owner.Value.Handle)).ToList());
    }

    private static async Task<IResult> Add(ApiCaller caller, ArborContext db, CancellationToken ct)
    {
        var body = await caller.BodyAsync<ProspectBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        var owner = await OwnerAsync(caller, b.Member, true, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var member = owner.Value!;
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var added = await new ProspectBook(db).AddAsync(member.Id, Input(b), caller.Today, c);
            if (!added.Ok) return added.Problem!;
            return ApiCaller.Created($"/api/v1/prospects/{added.Value!.Id}", ProspectJson.From(added.Value, member.Handle, []));
        }, () => Task.CompletedTask, ct);
    }

    private static async Task<IResult> Get(ApiCaller caller, ArborContext db, long id, CancellationToken ct) => await ShowAsync(caller, db, id, ct);

    private static async Task<IResult> Update(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<ProspectBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        return await ActAsync(caller, db, id, (book, owner) => book.UpdateAsync(owner, id, Input(body.Value.Body), caller.Today, ct), ct);
    }

    private static async Task<IResult> Note(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<NoteBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        return await ActAsync(caller, db, id, (book, owner) => book.AddNoteAsync(owner, id, body.Value.Body.Text ?? "", caller.Today, ct), ct);
    }

    private static async Task<IResult> MakeCustomer(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<CustomerKindBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        return await ActAsync(caller, db, id, (book, owner) => book.MakeCustomerAsync(owner, id, body.Value.Body.Kind ?? "retail", caller.Today, ct), ct);
    }

    private static async Task<IResult> Enroll(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<ProspectEnrollBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        return await ActAsync(caller, db, id, (book, owner) => book.EnrollAsync(owner, id, b.Handle ?? "", b.Country ?? "", b.Language ?? "en", caller.Today, ct), ct);
    }

    private static async Task<IResult> Export(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var owner = await OwnerAsync(caller, null, false, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var json = await new PersonalData(db).ExportAsync(owner.Value?.Id, id, ct);
        return json.Ok ? TypedResults.Text(json.Value!, "application/json") : ApiResults.NotFound(json.Problem!);
    }

    private static async Task<IResult> Erase(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var owner = await OwnerAsync(caller, null, false, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var erased = await new PersonalData(db).EraseAsync(owner.Value?.Id, id, caller.Today, ct);
        return erased.Ok ? TypedResults.NoContent() : ApiResults.NotFound(erased.Problem!);
    }

    private static async Task<IResult> Customers(ApiCaller caller, ArborContext db, string? member, CancellationToken ct)
    {
        var owner = await OwnerAsync(caller, member, true, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var rows = await new CustomerCare(db).OfAsync(owner.Value!.Id, caller.Today, ct);
        return TypedResults.Ok(rows.Select(CustomerCareJson.From).ToList());
    }

    private static async Task<IResult> CustomerOrder(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<CustomerOrderBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok || scope.Value is not { } self) return ApiResults.Refused(new Problem("member", "a member records orders for its own customers"), StatusCodes.Status403Forbidden);
        // Another member's customer (or none) is "not found", before anything is tried.
        if (!await new CustomerCare(db).IsOwnAsync(self.Id, id, ct)) return ApiResults.NotFound(new Problem("customer", $"no customer {id} of yours"));
        var items = (body.Value.Body.Items ?? []).Select(i => new Item(i.Sku ?? "", i.Quantity ?? 0)).ToList();
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var placed = await new CustomerCare(db).RecordOrderAsync(self.Id, id, items, caller.Today, c);
            if (!placed.Ok) return placed.Problem!;
            var detail = (await new OrderQueries(db).ByNumberAsync(placed.Value!.Number, c))!;
            return ApiCaller.Created($"/api/v1/orders/{Uri.EscapeDataString(placed.Value.Number)}", OrderJson.From(detail.Order));
        }, () => Task.CompletedTask, ct);
    }

    private static ProspectInput Input(ProspectBody b) => new(b.Name ?? "", b.Email, b.Phone, b.Source, b.Stage ?? "new", b.FollowUp, b.Consent ?? false);

    // A change to a prospect, then the prospect as it is now; "not found" for another member's.
    private static async Task<IResult> ActAsync<T>(ApiCaller caller, ArborContext db, long id, Func<ProspectBook, long, Task<Outcome<T>>> act, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.NotFound(scope.Problem!);
        var book = new ProspectBook(db);
        // Staff act for the prospect's own member.
        var owner = scope.Value?.Id;
        if (owner is null)
        {
            var any = await book.GetAsync(null, id, ct);
            if (!any.Ok) return ApiResults.NotFound(any.Problem!);
            owner = any.Value!.Prospect.MemberId;
        }
        var done = await act(book, owner.Value);
        if (!done.Ok) return done.Problem!.Where == "prospect" ? ApiResults.NotFound(done.Problem!) : ApiResults.Refused(done.Problem!);
        return await ShowAsync(caller, db, id, ct);
    }

    private static async Task<IResult> ShowAsync(ApiCaller caller, ArborContext db, long id, CancellationToken ct)
    {
        var owner = await OwnerAsync(caller, null, false, ct);
        if (!owner.Ok) return ApiResults.NotFound(owner.Problem!);
        var file = await new ProspectBook(db).GetAsync(owner.Value?.Id, id, ct);
        if (!file.Ok) return ApiResults.NotFound(file.Problem!);
        var (p, notes, _, enrolled) = file.Value!;
        var handle = owner.Value?.Handle ?? (await db.Members.FindAsync([p.MemberId], ct))!.Handle;
        return TypedResults.Ok(ProspectJson.From(p, handle, notes, enrolled?.Handle));
    }
}
