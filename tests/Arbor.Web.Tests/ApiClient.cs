using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Arbor.Core.Api;

namespace Arbor.Web.Tests;

/// <summary>An HTTP client of the REST API: with a token, with a member's or admin's sign-in cookie, or with nothing.</summary>
public sealed partial class ApiClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static async Task<(ApiClient Client, NewToken Token)> WithTokenAsync(TestSite site, string scope)
    {
        await using var db = site.Database.CreateContext();
        var token = (await new AccessTokens(db, site.Clock).CreateAsync($"test {scope}", scope, "tests")).Unwrap();
        var http = site.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return (new ApiClient(http), token);
    }

    /// <summary>A client of the app server at <paramref name="baseUrl"/> (another server on the same database) with <paramref name="token"/>.</summary>
    public static ApiClient WithToken(string baseUrl, NewToken token)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return new ApiClient(http);
    }

    /// <summary>Signs in through the sign-in page, as a browser does (antiforgery token included).</summary>
    public static async Task<ApiClient> SignedInAsync(TestSite site, string user, string password, CookieContainer? cookies = null)
    {
        var http = site.Client(cookies ?? new CookieContainer());
        var form = await http.GetStringAsync("/account/signin");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        var response = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new ApiClient(http);
    }

    /// <summary>Posts a page's form as a browser would: the antiforgery token read from <paramref name="formPage"/> (a page of the caller's own).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string path, Dictionary<string, string> fields)
    {
        var token = AntiforgeryField().Match(await Http.GetStringAsync(formPage)).Groups[1].Value;
        Assert.NotEmpty(token);
        return await Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
    }

    public async Task<HttpResponseMessage> DeleteAsync(string path) => await Http.DeleteAsync(path);

    public async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        return (response.StatusCode, await JsonOf(response), response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> PostAsync(string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await Http.SendAsync(request);
        return (response.StatusCode, await JsonOf(response), response);
    }

    /// <summary>Every item of a paged list, following the cursors.</summary>
    public async Task<List<JsonElement>> AllAsync(string path, int limit)
    {
        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var (status, json, _) = await GetAsync($"{path}{separator}limit={limit}{(next is null ? "" : $"&cursor={Uri.EscapeDataString(next)}")}");
            Assert.Equal(HttpStatusCode.OK, status);
            items.AddRange(json.GetProperty("items").EnumerateArray());
            next = json.GetProperty("next").GetString();
        }
        while (next is not null);
        return items;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
