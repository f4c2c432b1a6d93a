using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Api;

/// <summary>
/// The REST API under <c>/api/v1</c> (docs/api.md): JSON, cursor paging, problem details, tokens or
/// the web sign-in, <c>Idempotency-Key</c> on creates, a rate limit per caller. Its OpenAPI
/// document is served at <c>/openapi/v1.json</c>.
/// </summary>
public static class ApiEndpoints
{
    public const string RateLimit = "api";

    public static void AddServices(IServiceCollection services, WebOptions options)
    {
        services.AddScoped<ApiCaller>();
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(RateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.IsAuthenticated == true ? ApiAuth.Principal(context.User) : $"ip:{context.Connection.RemoteIpAddress}",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.ApiBurst,
                    TokensPerPeriod = options.ApiRequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await ApiResults.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate",
                    $"more than {options.ApiRequestsPerSecond} requests a second (bursts of {options.ApiBurst}) from this caller: wait a second and retry");
            };
        });
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiAuth.Read).RequireRateLimiting(RateLimit).DisableAntiforgery();
        MembersApi.Map(api);
        OrdersApi.Map(api);
        PeriodsApi.Map(api);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
    }
}
