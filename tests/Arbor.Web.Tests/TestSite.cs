using System.Net;
using Arbor.Core.Demo;
using Arbor.Core.Tests;
using Arbor.Data;
using Arbor.Web.Demo;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Web.Tests;

/// <summary>A clock that stands still: the demo's "today".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The real web app on a free local port, over a fresh database (SQLite file or PostgreSQL
/// schema) holding a small demo company with its past periods closed and the demo sign-ins.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    /// <summary>The demo's "today": periods up to November 2026 are closed, December is open.</summary>
    public static readonly DateOnly Today = new(2026, 12, 10);

    public const int Members = 400;

    private readonly TestDatabase _database;

    private TestSite(TestDatabase database, WebApplication app, string baseUrl, IReadOnlyList<DemoSignIn> signIns, FixedClock clock)
    {
        _database = database;
        App = app;
        BaseUrl = baseUrl;
        SignIns = signIns;
        Clock = clock;
    }

    public WebApplication App { get; }
    public string BaseUrl { get; }
    public IReadOnlyList<DemoSignIn> SignIns { get; }
    public FixedClock Clock { get; }
    public ArborDatabase Database => _database.Database;

    /// <summary>The admin's sign-in.</summary>
    public DemoSignIn Admin => SignIns.Single(s => s.Role == "admin");

    /// <summary>The demo's distributors with sign-ins, the one with the biggest group first.</summary>
    public IReadOnlyList<DemoSignIn> Distributors => [.. SignIns.Where(s => s.Role == "member")];

    public static async Task<TestSite> StartAsync(string kind, int members = Members, Func<WebOptions, WebOptions>? configure = null)
    {
        var database = TestDatabase.Create(kind);
        var clock = new FixedClock(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        (await new DemoCompany(database.Database).SeedAsync(new DemoOptions(members, 7, Today))).Unwrap();
        (await new DemoHistory(database.Database, clock).CloseAsync()).Unwrap();
        var options = new WebOptions(database.Database, ["http://127.0.0.1:0"]) { Clock = clock };
        var app = WebApp.Build(configure?.Invoke(options) ?? options);
        var signIns = await DemoSignIns.EnsureAsync(app.Services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestSite(database, app, address.TrimEnd('/'), signIns, clock);
    }

    /// <summary>A sign-in (password <see cref="DemoSignIns.Password"/>) for <paramref name="member"/>, made if it has none yet.</summary>
    public async Task<string> SignInForAsync(Member member)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArborUser>>();
        if (await users.FindByNameAsync(member.Handle) is null)
        {
            var user = new ArborUser { UserName = member.Handle, MemberId = member.Id, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, DemoSignIns.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Member)).Succeeded);
        }
        return member.Handle;
    }

    /// <summary>A plain HTTP client on the site: cookies kept, redirects not followed.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = new Uri(BaseUrl) };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _database.Dispose();
    }
}
