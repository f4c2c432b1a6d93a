using System.Globalization;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbor.Web.Api;

/// <summary>Members and genealogy: list, read, enroll, change status; upline, downline, levels, legs.</summary>
public static class MembersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var members = api.MapGroup("/members").WithTags("Members");
        members.MapGet("/", List).Produces<Page<MemberJson>>().WithSummary("Members in enrollment order (a member: itself and its downline)");
        members.MapGet("/{handle}", Get).Produces<MemberJson>().WithSummary("One member");
        members.MapPost("/", Enroll).RequireAuthorization(ApiAuth.Write).Accepts<EnrollBody>("application/json").Produces<MemberJson>(StatusCodes.Status201Created)
            .WithSummary("Enroll a member under a sponsor (Idempotency-Key required)");
        members.MapPost("/{handle}/status", SetStatus).RequireAuthorization(ApiAuth.Write).RequireAuthorization(ApiAuth.Staff).Accepts<StatusBody>("application/json").Produces<MemberJson>()
            .WithSummary("Change a member's status (staff)");
        members.MapGet("/{handle}/upline", Upline).Produces<IReadOnlyList<TreeMemberJson>>().WithSummary("Sponsors, nearest first (a member: up to itself)");
        members.MapGet("/{handle}/downline", Downline).Produces<Page<TreeMemberJson>>().WithSummary("Downline level by level, to a depth");
        members.MapGet("/{handle}/levels", Levels).Produces<IReadOnlyList<LevelJson>>().WithSummary("Members per downline level");
        members.MapGet("/{handle}/legs", Legs).Produces<IReadOnlyList<LegJson>>().WithSummary("Frontline legs: size and PV in a date range");
    }

    private static async Task<IResult> List(ApiCaller caller, ArborContext db, string? cursor, int? limit, string? status, string? country, string? q, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok) return ApiResults.Refused(scope.Problem!, StatusCodes.Status403Forbidden);
        var (after, size) = (ApiResults.After(cursor), ApiResults.Limit(limit, MemberQueries.MaxPageSize));
        if (!after.Ok) return ApiResults.Refused(after.Problem!);
        if (!size.Ok) return ApiResults.Refused(size.Problem!);
        var rows = await new MemberQueries(db).PageAsync(new MemberFilter(scope.Value, after.Value, size.Value, status, country, q), ct);
        return TypedResults.Ok(ApiResults.Paged(rows, size.Value, m => m.Id, MemberJson.From));
    }

    private static async Task<IResult> Get(ApiCaller caller, ArborContext db, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        return TypedResults.Ok(MemberJson.From((await new MemberQueries(db).SummaryAsync(member.Value!.Id, ct))!));
    }

    private static async Task<IResult> Enroll(ApiCaller caller, ArborContext db, TimeProvider clock, EstimateService estimates, CancellationToken ct)
    {
        var body = await caller.BodyAsync<EnrollBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        if (!caller.IsStaff)
        {
            // A member enrolls under itself or someone in its downline.
            if (b.Sponsor is null) return ApiResults.Refused(new Problem("sponsor", "a sponsor is required"));
            var sponsor = await caller.SeeAsync(b.Sponsor, ct);
            if (!sponsor.Ok) return ApiResults.Refused(new Problem("sponsor", sponsor.Problem!.Message));
        }
        var enrollment = new Enrollment(b.Handle ?? "", b.Email ?? "", b.Name ?? "", b.Country ?? "", b.Language ?? "en", b.JoinedOn ?? caller.Today, b.Sponsor);
        return await caller.CreateOnceAsync(body.Value.Text, async c =>
        {
            var enrolled = await new EnrollMember(db).RunAsync(enrollment, c);
            if (!enrolled.Ok) return enrolled.Problem!;
            var summary = await new MemberQueries(db).SummaryAsync(enrolled.Value!.Id, c);
            AuditLog.Stage(db, clock, caller.Principal, "member-enroll", enrollment.Handle, $"sponsor {enrollment.SponsorHandle ?? "(root)"}, via API");
            return ApiCaller.Created($"/api/v1/members/{Uri.EscapeDataString(enrollment.Handle)}", MemberJson.From(summary!));
        }, () =>
        {
            estimates.Changed();
            return Task.CompletedTask;
        }, ct);
    }

    private static async Task<IResult> SetStatus(ApiCaller caller, ArborContext db, ArborDatabase database, TimeProvider clock, EstimateService estimates, string handle, CancellationToken ct)
    {
        var body = await caller.BodyAsync<StatusBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var b = body.Value.Body;
        var changed = await new ChangeStatus(db).RunAsync(new StatusChange(handle, b.Status ?? "", b.EffectiveOn ?? caller.Today, b.Reason ?? "", caller.Principal), ct);
        if (!changed.Ok) return changed.Problem!.Where == "member" ? ApiResults.NotFound(changed.Problem!) : ApiResults.Refused(changed.Problem!);
        await new AuditLog(database, clock).RecordAsync(caller.Principal, "member-status", handle,
            string.Create(CultureInfo.InvariantCulture, $"{b.Status} from {b.EffectiveOn ?? caller.Today:yyyy-MM-dd}: {b.Reason}, via API"), ct);
        estimates.Changed();
        return TypedResults.Ok(MemberJson.From((await new MemberQueries(db).SummaryAsync(changed.Value!.Id, ct))!));
    }

    private static async Task<IResult> Upline(ApiCaller caller, ArborContext db, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var scope = await caller.ScopeAsync(ct);
        var upline = await new GenealogyQueries(db).UplineAsync(handle, ct);
        if (!upline.Ok) return ApiResults.NotFound(upline.Problem!);
        // A member sees its upline only as far as itself: the sponsors above it are not its downline.
        var viewer = scope.Value;
        var visible = viewer is null ? upline.Value! : upline.Value!.Where(m => m.Level <= member.Value!.Depth - viewer.Depth).ToList();
        return TypedResults.Ok(visible.Select(TreeMemberJson.From).ToList());
    }

    private static async Task<IResult> Downline(ApiCaller caller, ArborContext db, string handle, int? depth, string? cursor, int? limit, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var (page, size) = (ApiResults.After(cursor), ApiResults.Limit(limit, 1000));
        if (!page.Ok) return ApiResults.Refused(page.Problem!);
        if (!size.Ok) return ApiResults.Refused(size.Problem!);
        if (page.Value % size.Value != 0) return ApiResults.Refused(new Problem("limit", "keep the limit of the first page when following a cursor"));
        var rows = await new GenealogyQueries(db).DownlineAsync(handle, depth ?? 1, (int)Math.Min(page.Value / size.Value + 1, GenealogyQueries.MaxPage + 1L), size.Value, ct);
        if (!rows.Ok) return ApiResults.Refused(rows.Problem!);
        var shown = ApiResults.Paged(rows.Value!, size.Value, _ => page.Value + size.Value, TreeMemberJson.From);
        return TypedResults.Ok(shown);
    }

    private static async Task<IResult> Levels(ApiCaller caller, ArborContext db, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var levels = await new GenealogyQueries(db).CountsPerLevelAsync(handle, ct);
        return levels.Ok ? TypedResults.Ok(levels.Value!.Select(l => new LevelJson(l.Level, l.Members)).ToList()) : ApiResults.NotFound(levels.Problem!);
    }

    private static async Task<IResult> Legs(ApiCaller caller, ArborContext db, string handle, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var today = caller.Today;
        var (start, end) = (from ?? new DateOnly(today.Year, today.Month, 1), to ?? today);
        if (end < start) return ApiResults.Refused(new Problem("to", $"'to' ({end:yyyy-MM-dd}) is before 'from' ({start:yyyy-MM-dd})"));
        var legs = await new GenealogyQueries(db).LegsAsync(handle, start, end, ct);
        return legs.Ok ? TypedResults.Ok(legs.Value!.Select(LegJson.From).ToList()) : ApiResults.NotFound(legs.Problem!);
    }
}
