using System.Globalization;
using System.Text;
using Arbor.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbor.Web.Api;

/// <summary>A page of a list and the cursor of the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// The API's answers: refusals as RFC 9457 problem details whose <c>detail</c> is the message the
/// CLI prints and whose <c>field</c> names the input at fault; pages with opaque cursors.
/// </summary>
public static class ApiResults
{
    public const int DefaultLimit = 50;

    /// <summary>A use case's refusal: 400, or the status given (404 for what the caller cannot see).</summary>
    public static ProblemHttpResult Refused(Problem problem, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(detail: problem.Message, statusCode: status, title: Title(status), extensions: new Dictionary<string, object?> { ["field"] = problem.Where });

    public static ProblemHttpResult NotFound(Problem problem) => Refused(problem, StatusCodes.Status404NotFound);

    /// <summary>Writes a problem outside an endpoint (authentication, rate limiting).</summary>
    public static Task Write(HttpContext context, int status, string field, string detail) =>
        Refused(new Problem(field, detail), status).ExecuteAsync(context);

    public static string Title(int status) => status switch
    {
        400 => "The request was refused",
        401 => "Not signed in",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        422 => "The request cannot be repeated with this key",
        429 => "Too many requests",
        _ => "Error",
    };

    /// <summary>The page size asked for: 1 to <paramref name="max"/>, <see cref="DefaultLimit"/> when not given.</summary>
    public static Outcome<int> Limit(int? limit, int max) =>
        limit switch
        {
            null => DefaultLimit,
            >= 1 when limit <= max => limit.Value,
            _ => new Problem("limit", $"limit must be 1 to {max}, not {limit}"),
        };

    /// <summary>The id after which a page starts: 0 without a cursor.</summary>
    public static Outcome<long> After(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0L;
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("after:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        }
        catch (FormatException)
        {
        }
        return new Problem("cursor", "not a cursor this API gave: pass the 'next' of the previous page");
    }

    public static Page<TOut> Paged<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, long> id, Func<TIn, TOut> shape) =>
        new([.. rows.Select(shape)], rows.Count == limit ? Cursor(id(rows[^1])) : null);

    /// <summary>The cursor of the page after <paramref name="id"/> (what <see cref="After"/> reads).</summary>
    public static string Cursor(long id) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"after:{id.ToString(CultureInfo.InvariantCulture)}"));
}
