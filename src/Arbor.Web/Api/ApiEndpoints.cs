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
    public static void AddServices(IServiceCollection services)
    {
        services.AddScoped<ApiCaller>();
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddSingleton<ApiRateLimit>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiAuth.Read).DisableAntiforgery();
        api.AddEndpointFilter(ApiRateLimit.FilterAsync);
        MembersApi.Map(api);
        OrdersApi.Map(api);
        PeriodsApi.Map(api);
        ProspectsApi.Map(api);
        MessagesApi.Map(api);
        TrainingApi.Map(api);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
    }
}
