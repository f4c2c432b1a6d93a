using System.Collections.Concurrent;
using System.Globalization;
using Arbor.Core;
using Arbor.Data;
using Microsoft.AspNetCore.Http;

namespace Arbor.Web.Api;

/// <summary>
/// The REST API's rate limit: at most <see cref="WebOptions.ApiRateLimit"/> requests per caller (a
/// token, a sign-in) in each fixed window of <see cref="WebOptions.ApiRateWindow"/>, counted by all
/// app servers together in the database (<see cref="RequestCounts"/>). A server reserves permits a
/// tenth of the limit at a time and spends them itself, so the database sees one statement per
/// reservation, not per request; a reservation not spent when its window ends lapses, so a caller
/// that spreads over several servers may get a little less than the limit, never more. Windows
/// follow the servers' own clocks (real time, not the app's business clock), which must agree
/// to well within a window.
/// </summary>
public sealed class ApiRateLimit(ArborDatabase database, WebOptions options)
{
    private readonly WebOptions _options = options;

    private sealed class Allowance
    {
        public long Window = -1;
        public long Left;
        public bool Full;
    }

    private readonly ConcurrentDictionary<string, Allowance> _callers = new(StringComparer.Ordinal);
    private long WindowMs => (long)_options.ApiRateWindow.TotalMilliseconds;
    private long Chunk => Math.Max(1, _options.ApiRateLimit / 10);

    /// <summary>Spends one of <paramref name="caller"/>'s permits in the current window: false when none is left.</summary>
    public async Task<bool> TryAcquireAsync(string caller, CancellationToken ct)
    {
        var window = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / WindowMs * WindowMs;
        var allowance = _callers.GetOrAdd(caller, _ => new Allowance());
        lock (allowance)
        {
            if (allowance.Window == window)
            {
                if (allowance.Left > 0)
                {
                    allowance.Left--;
                    return true;
                }
                if (allowance.Full) return false;
            }
        }
        long? used;
        try
        {
            used = await RequestCounts.AddAsync(database, caller, window, Chunk, ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
        {
            // SQLite busy with another writer past its timeout: the request goes through uncounted rather than fail.
            return true;
        }
        var granted = used is null ? 0 : Math.Clamp(_options.ApiRateLimit - (used.Value - Chunk), 0, Chunk);
        lock (allowance)
        {
            if (allowance.Window != window) (allowance.Window, allowance.Left, allowance.Full) = (window, 0, false);
            if (granted < Chunk) allowance.Full = true;
            if (granted == 0) return false;
            allowance.Left += granted - 1;
            return true;
        }
    }

    /// <summary>Whole seconds until the current window ends (at least 1): the <c>Retry-After</c> of a refusal.</summary>
    public int RetryAfterSeconds()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        return (int)Math.Max(1, (now / WindowMs * WindowMs + WindowMs - now + 999) / 1000);
    }

    /// <summary>The API group's filter: a request over the caller's limit gets 429 with <c>Retry-After</c>.</summary>
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limit = (ApiRateLimit)http.RequestServices.GetService(typeof(ApiRateLimit))!;
        if (await limit.TryAcquireAsync(ApiAuth.Principal(http.User), http.RequestAborted)) return await next(context);
        var options = limit._options;
        http.Response.Headers.RetryAfter = limit.RetryAfterSeconds().ToString(CultureInfo.InvariantCulture);
        var per = options.ApiRateWindow == TimeSpan.FromSeconds(1) ? "a second" : $"in {options.ApiRateWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        return ApiResults.Refused(new Problem("rate", $"more than {options.ApiRateLimit} requests {per} from this caller (on all app servers together): retry after the time in Retry-After"),
            StatusCodes.Status429TooManyRequests);
    }
}
