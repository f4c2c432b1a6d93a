using Arbor.Core;
using Arbor.Core.Analytics;
using Arbor.Core.Training;
using Arbor.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Arbor.Web.Api;

public sealed record CourseJson(long Id, string Title, bool Required, bool IncomeClaims, int Lessons, int Completed);

public sealed record TrainingJson(bool ShopLive, IReadOnlyList<CourseJson> Courses);

public sealed record ChoiceBody(int? Choice);

/// <summary>Training progress and lesson checks (members), and a distributor's analytics (a member: itself or its downline).</summary>
public static class TrainingApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var training = api.MapGroup("/training").WithTags("Training");
        training.MapGet("/", Progress).Produces<TrainingJson>().WithSummary("The caller's courses and progress, and whether its shop is open");
        training.MapPost("/lessons/{id}/complete", Complete).RequireAuthorization(ApiAuth.Write).Accepts<ChoiceBody>("application/json").Produces<TrainingJson>()
            .WithSummary("Complete a lesson (with its check's answer, 0-based)");
        api.MapGet("/members/{handle}/analytics", Analytics).WithTags("Members").Produces<TeamReport>().WithSummary("A member's team, recruits and customers, month by month");
    }

    private static async Task<IResult> Progress(ApiCaller caller, ArborContext db, TimeProvider clock, CancellationToken ct)
    {
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok || scope.Value is not { } self) return ApiResults.Refused(new Problem("member", "training progress is a member's own"), StatusCodes.Status403Forbidden);
        return TypedResults.Ok(await ShowAsync(new TrainingLibrary(db, clock), self.Id, ct));
    }

    private static async Task<IResult> Complete(ApiCaller caller, ArborContext db, TimeProvider clock, long id, CancellationToken ct)
    {
        var body = await caller.BodyAsync<ChoiceBody>(ct);
        if (!body.Ok) return ApiResults.Refused(body.Problem!);
        var scope = await caller.ScopeAsync(ct);
        if (!scope.Ok || scope.Value is not { } self) return ApiResults.Refused(new Problem("member", "lessons are completed by members"), StatusCodes.Status403Forbidden);
        var library = new TrainingLibrary(db, clock);
        var done = await library.CompleteAsync(self.Id, id, body.Value.Body.Choice, ct);
        if (!done.Ok) return done.Problem!.Where == "lesson" ? ApiResults.NotFound(done.Problem!) : ApiResults.Refused(done.Problem!, StatusCodes.Status422UnprocessableEntity);
        return TypedResults.Ok(await ShowAsync(library, self.Id, ct));
    }

    private static async Task<IResult> Analytics(ApiCaller caller, ArborContext db, string handle, int? months, CancellationToken ct)
    {
        var member = await caller.SeeAsync(handle, ct);
        if (!member.Ok) return ApiResults.NotFound(member.Problem!);
        if (months is < 1 or > 60) return ApiResults.Refused(new Problem("months", "1 to 60 months"));
        return TypedResults.Ok(await new TeamAnalytics(db).OfAsync(member.Value!.Id, caller.Today, months ?? 12, ct));
    }

    private static async Task<TrainingJson> ShowAsync(TrainingLibrary library, long memberId, CancellationToken ct)
    {
        var courses = await library.ProgressAsync(memberId, ct);
        return new TrainingJson(await library.ShopLiveAsync(memberId, ct),
            [.. courses.Select(c => new CourseJson(c.Course.Id, c.Course.Title, c.Required, c.Course.IncomeClaims, c.Lessons, c.Completed))]);
    }
}
