using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Arbor.Core;
using Arbor.Core.Api;
using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Http;

namespace Arbor.Web.Api;

/// <summary>
/// The caller of this API request and what it may reach: staff and tokens the whole company, a
/// member itself and its downline (<see cref="Visibility"/>, the rule in Core), for every request.
/// </summary>
public sealed class ApiCaller(IHttpContextAccessor http, ArborContext db, TimeProvider clock)
{
    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("no request");
    private ClaimsPrincipal User => Context.User;

    public bool IsStaff => ApiAuth.IsStaff(User);

    public string Principal => ApiAuth.Principal(User);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Whose downline bounds a question about the past (<see cref="GenealogyAsOf"/>): null for staff and tokens, else the signed-in member's id.</summary>
    public long? Viewer => IsStaff ? null : MemberId ?? 0;

    private long? MemberId => User.FindFirst(MemberClaims.MemberId)?.Value is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>Whose downline bounds what the caller sees: null for staff and tokens (the whole company).</summary>
    public async Task<Outcome<Member?>> ScopeAsync(CancellationToken ct)
    {
        if (IsStaff) return Outcome<Member?>.Success(null);
        var self = await new Visibility(db).SelfAsync(MemberId ?? 0, ct);
        return self.Ok ? Outcome<Member?>.Success(self.Value) : Outcome<Member?>.Fail(self.Problem!);
    }

    /// <summary>A member the caller may see; "not found" otherwise (a guessed handle tells nothing).</summary>
    public async Task<Outcome<Member>> SeeAsync(string handle, CancellationToken ct)
    {
        if (!IsStaff) return await new Visibility(db).SeeAsync(MemberId ?? 0, handle, ct);
        return await new MemberQueries(db).ByHandleAsync(handle, ct) is { } member ? member : new Problem("member", $"no member '{handle}'");
    }

    /// <summary>The request's JSON body as <typeparamref name="T"/>, with the raw text for the idempotency fingerprint; a syntax error names where.</summary>
    public async Task<Outcome<(T Body, string Text)>> BodyAsync<T>(CancellationToken ct) where T : class
    {
        using var reader = new StreamReader(Context.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) is { } body ? (body, text) : new Problem("body", "the body is empty: send a JSON object");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return new Problem(field, e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"unknown field '{field}'{where}"
                : field == "body" ? $"the body is not a JSON object{where}"
                : $"'{field}' has the wrong type or is not valid JSON{where}");
        }
    }

    /// <summary>
    /// Runs a create under the request's <c>Idempotency-Key</c>: once, whatever retries come; then
    /// <paramref name="afterCreate"/> (audit, estimate), only when this request created it.
    /// </summary>
    public async Task<IResult> CreateOnceAsync(string bodyText, Func<CancellationToken, Task<Outcome<StoredResponse>>> create, Func<Task> afterCreate, CancellationToken ct)
    {
        var request = Context.Request;
        var key = IdempotencyKey.Parse(Principal, request.Headers["Idempotency-Key"].FirstOrDefault(), $"{request.Method} {request.Path}\n{bodyText}");
        if (!key.Ok) return ApiResults.Refused(key.Problem!);
        var done = await new IdempotentRequests(db, clock).RunAsync(key.Value!, create, ct);
        if (!done.Ok) return ApiResults.Refused(done.Problem!, done.Problem!.Where == "Idempotency-Key" ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest);
        var response = done.Value!;
        if (response.Replayed) Context.Response.Headers["Idempotent-Replayed"] = "true";
        else await afterCreate();
        if (response.Location is not null) Context.Response.Headers.Location = response.Location;
        return TypedResults.Text(response.Body, "application/json", statusCode: response.Status);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>A created thing's response, stored with it for replays.</summary>
    public static StoredResponse Created<T>(string location, T value) => new(StatusCodes.Status201Created, location, JsonSerializer.Serialize(value, Json));
}
