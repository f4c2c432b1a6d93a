using Arbor.Core.Autoship;
using Arbor.Core.Genealogy;
using Arbor.Core.Ledger;
using Arbor.Core.Office;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Core;
using Arbor.Engine.Plans;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbor.Web.Api;

/// <summary>Closed periods and each member's results in them; payouts, the ledger and autoships.</summary>
public static class PeriodsApi
{
    private static async Task<IResult> Genealogy(ApiCaller caller, ArborContext db, string period, string handle, string? tree, int? depth, string? cursor, int? limit, CancellationToken ct)
    {
        if (tree is not (null or "sponsor" or "placement")) return ApiResults.Refused(new Problem("tree", $"tree is sponsor or placement, not '{tree}'"));
        var (page, size) = (ApiResults.After(cursor), ApiResults.Limit(limit, 1000));
        if (!page.Ok) return ApiResults.Refused(page.Problem!);
        if (!size.Ok) return ApiResults.Refused(size.Problem!);
        if (page.Value % size.Value != 0) return ApiResults.Refused(new Problem("limit", "keep the limit of the first page when following a cursor"));
        var then = await new GenealogyAsOf(db).DownlineAsync(handle, period, tree == "placement" ? Tree.Placement : Tree.Sponsor, depth ?? 1,
            (int)Math.Min(page.Value / size.Value + 1, GenealogyQueries.MaxPage), size.Value, caller.Viewer, ct);
        if (!then.Ok) return then.Problem!.Where == "member" ? ApiResults.NotFound(then.Problem!) : ApiResults.Refused(then.Problem!);
        var d = then.Value!;
        var next = page.Value + size.Value < d.Total ? ApiResults.Cursor(page.Value + size.Value) : null;
        return TypedResults.Ok(new AsOfDownlineJson(d.Period, AsOfMemberJson.From(d.Self), [.. d.Levels.Select(l => new LevelJson(l.Level, l.Members))],
            [.. d.Page.Select(AsOfMemberJson.From)], d.Total, next));
    }

    public static void Map(RouteGroupBuilder api)
    {
        var periods = api.MapGroup("/periods").WithTags("Periods");
        periods.MapGet("/", Periods).Produces<IReadOnlyList<PeriodJson>>().WithSummary("Closed and paid periods, newest first");
        periods.MapGet("/{period}/preview", Preview).RequireAuthorization(ApiAuth.Staff).Produces<PreviewJson>().WithSummary("An open period computed now, as a close would store it: totals, payout per bonus, top earners (staff)");
        api.MapGet("/members/{handle}/estimate", Estimate).WithTags("Periods").Produces<EstimateJson>().WithSummary("A member's figures in the open period as last estimated: volumes, ranks, earnings by bonus, what the next rank needs");
        periods.MapGet("/{period}/members/{handle}/genealogy", Genealogy).Produces<AsOfDownlineJson>()
            .WithSummary("A member's downline as it was at the period's close: the sponsor (or ?tree=placement) tree, ranks and volumes then, whatever changed since (a member: itself and its downline then)");
        periods.MapGet("/{period}/members/{handle}", Result).Produces<PeriodResultJson>().WithSummary("A member's figures and payout lines in a closed period");

        api.MapGet("/members/{handle}/ledger", Ledger).WithTags("Ledger").Produces<LedgerJson>().WithSummary("A member's ledger entries and balance");
        api.MapGet("/payouts", Payouts).WithTags("Ledger").RequireAuthorization(ApiAuth.Staff).Produces<IReadOnlyList<PayoutJson>>().WithSummary("Each closed period's payout batch (staff)");
        api.MapGet("/autoships", Autoships).WithTags("Autoships").RequireAuthorization(ApiAuth.Staff).Produces<IReadOnlyList<AutoshipJson>>().WithSummary("Autoship agreements (staff)");
    }

    private static async Task<IResult> Periods(ArborDatabase database, CancellationToken ct) =>
        TypedResults.Ok((await PeriodList.ClosedAsync(database, ct)).Select(PeriodJson.From).ToList());

    private static async Task<IResult> Preview(ArborDatabase database, string period, CancellationToken ct)
    {
        var computed = await PeriodComputation.ComputeAsync(database, period, plan: null, ct);
        if (!computed.Ok) return ApiResults.Refused(computed.Problem!, computed.Problem!.Where == "period" ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
        var s = await PeriodSummary.OfAsync(database, computed.Value!, top: 10, ct);
        return TypedResults.Ok(new PreviewJson(s.Period, s.Members, s.Active, s.TotalCv, s.TotalPayout, s.PayoutRatio,
            [.. s.ByBonus.Select(b => new BonusTotalJson(b.Bonus, b.Amount, b.Lines))], [.. s.TopEarners.Select(e => new EarnerJson(e.Handle, e.Name, e.Amount))], s.Clawbacks));
    }

    private static async Task<IResult> Estimate(ApiCaller caller, EstimateService estimates, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        if (estimates.Latest is not { } e) return ApiResults.Refused(estimates.Problem ?? new Problem("estimate", "the open period's estimate is being computed: try again in a few seconds"), StatusCodes.Status503ServiceUnavailable);
        if (e.IndexOf(member.Value!.Id) is not { } i) return ApiResults.NotFound(new Problem("handle", $"'{handle}' is not in the open period {e.Period}"));
        var next = e.Next(i);
        return TypedResults.Ok(new EstimateJson(e.Period, e.ComputedAt, handle, e.Pv(i), e.Gv(i), e.Active(i), e.RankName(e.Rank(i)), e.RankName(e.HighestRank(i)),
            e.EarningsCents(i) / 100m, [.. e.ByBonus(i).ToArray().Select(b => new BonusAmountJson(BonusNames.Of(b.Bonus), b.Cents / 100m))],
            next is null ? null : new NextRankJson(e.RankName(next.Rank), next.ActivePv, next.Pv, next.Gv, next.LegCap, next.Legs, next.LegRank is { } r ? e.RankName(r) : null,
                next.RetailShare, next.MinRetailShare, next.RetailCustomers)));
    }

    private static async Task<IResult> Result(ApiCaller caller, ArborContext db, string period, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var result = await new EarningsHistory(db).InPeriodAsync(member.Value!.Id, period, ct);
        return result.Ok ? TypedResults.Ok(PeriodResultJson.From(handle, result.Value!)) : ApiResults.NotFound(result.Problem!);
    }

    private static async Task<IResult> Ledger(ApiCaller caller, ArborContext db, string handle, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        var statement = await new LedgerQueries(db).ForMemberAsync(handle, ct);
        if (!statement.Ok) return ApiResults.NotFound(statement.Problem!);
        var s = statement.Value!;
        return TypedResults.Ok(new LedgerJson(handle, s.Balance, [.. s.Entries.Select(e => new LedgerEntryJson(e.Entry.PostedOn, e.Entry.Kind, e.Entry.Amount, e.Balance, e.Entry.Memo))]));
    }

    private static async Task<IResult> Payouts(ArborDatabase database, CancellationToken ct) =>
        TypedResults.Ok((await PayoutBatchList.ClosedAsync(database, ct))
            .Select(p => new PayoutJson(p.Period, p.EndsOn, p.State, p.TotalPayout, p.Batch?.Members, p.Batch?.Total, p.Batch?.Currency, p.Batch?.Confirmed)).ToList());

    private static async Task<IResult> Autoships(ArborContext db, int? page, CancellationToken ct) =>
        TypedResults.Ok((await new AutoshipQueries(db).PageAsync(Math.Max(1, page ?? 1), 200, ct))
            .Select(a => new AutoshipJson(a.Id, a.Owner, a.DayOfMonth, a.StartsOn, a.Active, [.. a.Items.Select(i => new ItemJson(i.Sku, i.Quantity))])).ToList());
}
