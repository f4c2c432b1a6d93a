using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Arbor.Core.Demo;
using Arbor.Core.Orders;
using Arbor.Data;
using Arbor.Web;
using Arbor.Web.Demo;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Bench;

/// <summary>
/// The web app on a demo company (issue 16, item 5): how long the open period's estimate takes
/// to compute, how long after a new order the estimates are fresh again (debounce included), and
/// how long the member pages take to render for the distributor with the biggest downline.
/// Seeds the demo (history to <see cref="Today"/>, past months closed) when the database is empty.
/// </summary>
internal static partial class WebBenchmark
{
    private static readonly DateOnly Today = new(2026, 12, 10);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static async Task RunAsync(string db, int members)
    {
        var database = ArborDatabase.Parse(db);
        Migrator.Migrate(database);
        var clock = new FixedClock(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        bool seeded;
        await using (var context = database.CreateContext()) seeded = context.Company.Any();
        if (!seeded)
        {
            Console.WriteLine($"Seeding a demo company of {members:N0} members into {database}, closing its past months ...");
            var seed = Stopwatch.StartNew();
            (await new DemoCompany(database).SeedAsync(new DemoOptions(members, 1, Today))).Unwrap();
            var closed = (await new DemoHistory(database, clock).CloseAsync()).Unwrap();
            Console.WriteLine($"  seeded and closed {closed.Count} periods in {seed.Elapsed.TotalSeconds:F1} s");
        }

        var app = WebApp.Build(new WebOptions(database, ["http://127.0.0.1:0"]) { Clock = clock });
        var signIns = await DemoSignIns.EnsureAsync(app.Services);
        var started = Stopwatch.StartNew();
        await app.StartAsync();
        var estimates = app.Services.GetRequiredService<EstimateService>();
        await estimates.WaitFreshAsync(TimeSpan.FromMinutes(5));
        Console.WriteLine($"first estimate of {estimates.Latest!.Period}: ready {started.Elapsed.TotalSeconds:F2} s after start (computation {estimates.Latest.Elapsed.TotalSeconds:F2} s)");
        // What another app server does with it: read the stored estimate and rebuild it.
        var stored = (await SharedEstimates.ReadAsync(database))!.Value;
        var reads = new List<double>();
        for (var k = 0; k < 5; k++)
        {
            var read = Stopwatch.StartNew();
            var again = (await SharedEstimates.ReadAsync(database))!.Value;
            using var bytes = new MemoryStream(again.Data, 1, again.Data.Length - 1);
            Arbor.Core.Periods.OpenEstimate.ReadFrom(bytes);
            reads.Add(read.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"stored estimate: {stored.Data.Length / 1024.0:F0} KiB for {estimates.Latest.Count} members ({(double)stored.Data.Length / estimates.Latest.Count:F1} bytes each); read and rebuilt by another server in {Median(reads):F0} ms (median of 5)");

        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var top = signIns.First(s => s.Role == "member");
        var (root, below, firstChild) = await RootAsync(database);
        await RootSignInAsync(app.Services, root);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        await SignInAsync(client, root, DemoSignIns.Password);
        Console.WriteLine($"pages of {root}, the member with the biggest downline ({below:N0} people below it), 20 requests each after one warm-up:");
        var searchFor = Uri.EscapeDataString(firstChild[..Math.Min(4, firstChild.Length)]);
        foreach (var page in new[]
        {
            "/office", "/office/genealogy", $"/office/genealogy?handler=children&member={Uri.EscapeDataString(firstChild)}&tree=sponsor",
            $"/office/genealogy?q={searchFor}", "/office/downline", "/office/downline?sort=gv&desc=true", "/office/earnings",
        })
        {
            var times = new List<double>();
            for (var i = 0; i <= 20; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(page);
                await response.Content.ReadAsStringAsync();
                if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK) { Console.WriteLine($"  {page}: {(int)response.StatusCode}"); break; }
            }
            if (times.Count > 0) Console.WriteLine($"  {page,-60} median {Median(times),7:F1} ms (min {times.Min():F1}, max {times.Max():F1})");
        }

        Console.WriteLine("a new order until the estimates include it (debounce of " + EstimateService.Quiet.TotalMilliseconds + " ms included), 5 orders:");
        var fresh = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await using (var context = database.CreateContext())
            {
                (await new PlaceOrder(context).RunAsync(new OrderRequest(Today, [new Item("SHAKE-VAN", 1)], MemberHandle: top.UserName))).Unwrap();
            }
            var watch = Stopwatch.StartNew();
            estimates.Changed();
            await estimates.WaitFreshAsync(TimeSpan.FromMinutes(5));
            fresh.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  median {Median(fresh):F0} ms (min {fresh.Min():F0}, max {fresh.Max():F0}); computation alone {estimates.Latest!.Elapsed.TotalMilliseconds:F0} ms");
        await app.StopAsync();
    }

    /// <summary>The member with the most people below it (the sponsor tree's root), their count, and its first child.</summary>
    private static async Task<(string Root, int Below, string FirstChild)> RootAsync(ArborDatabase database)
    {
        await using var context = database.CreateContext();
        var root = await context.Members.Where(m => m.SponsorId == null).OrderBy(m => m.Id).FirstAsync();
        var below = await context.Members.CountAsync() - 1;
        var child = await context.Members.Where(m => m.SponsorId == root.Id).OrderBy(m => m.Id).FirstAsync();
        return (root.Handle, below, child.Handle);
    }

    private static async Task RootSignInAsync(IServiceProvider services, string handle)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ArborUser>>();
        if (await users.FindByNameAsync(handle) is not null) return;
        var db = scope.ServiceProvider.GetRequiredService<ArborContext>();
        var member = await db.Members.SingleAsync(m => m.Handle == handle);
        var user = new ArborUser { UserName = handle, MemberId = member.Id, EmailConfirmed = true };
        var created = await users.CreateAsync(user, DemoSignIns.Password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.Member);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    private static async Task SignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/account/signin");
        var token = Token().Match(form).Groups[1].Value;
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
