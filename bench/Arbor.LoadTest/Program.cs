using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Arbor.Core.Api;
using Arbor.Core.Demo;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Arbor.LoadTest;

/// <summary>One run's settings: how many app servers, clients and seconds, and whether a server is killed midway.</summary>
internal sealed record RunSettings(int Servers, int Clients, int Seconds, bool Kill, int Members, int Warmup, string? ApiRate = null);

/// <summary>
/// The load test (issue 18, docs/performance.md "API under load"): for each setting, a fresh
/// PostgreSQL database with a demo company, N <c>arbor serve</c> processes on it, and C clients
/// that place orders, enroll members and read dashboards through the API for a fixed time, each
/// request to the next server in turn (a load balancer's round robin) and, when a server does not
/// answer, retried with the same <c>Idempotency-Key</c> on the next one. Then the database is
/// checked: every acknowledged order and member is there exactly once and nothing else was
/// created, every placement slot holds one member, every ledger transaction balances.
///
///   dotnet run -c Release --project bench/Arbor.LoadTest -- [--servers 1,2,4] [--clients 16] [--seconds 20] [--warmup 15] [--kill] [--members 2000] [--api-rate N]
///
/// The first <c>--warmup</c> seconds run the same load unmeasured (the servers compile and tier
/// up their code, as a server that has run for a while has); figures are of the next
/// <c>--seconds</c>; the checks cover everything from the start.
///
/// The server is ARBOR_LOADTEST_POSTGRES or ARBOR_TEST_POSTGRES (an Npgsql connection string);
/// each run makes its own database and drops it afterwards.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var servers = Value(args, "--servers", "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var clients = int.Parse(Value(args, "--clients", "16"), CultureInfo.InvariantCulture);
        var seconds = int.Parse(Value(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        var members = int.Parse(Value(args, "--members", "2000"), CultureInfo.InvariantCulture);
        var warmup = int.Parse(Value(args, "--warmup", "15"), CultureInfo.InvariantCulture);
        var apiRate = Value(args, "--api-rate", "");
        var kill = args.Contains("--kill");
        var postgres = Environment.GetEnvironmentVariable("ARBOR_LOADTEST_POSTGRES") ?? Environment.GetEnvironmentVariable("ARBOR_TEST_POSTGRES");
        if (postgres is null)
        {
            Console.Error.WriteLine("arbor-loadtest: set ARBOR_LOADTEST_POSTGRES (or ARBOR_TEST_POSTGRES) to a PostgreSQL connection string");
            return 2;
        }
        var runs = servers.Select(n => new RunSettings(n, clients, seconds, false, members, warmup, apiRate)).ToList();
        if (kill) runs.AddRange(servers.Where(n => n > 1).Select(n => new RunSettings(n, clients, seconds, true, members, warmup, apiRate)));
        var failed = false;
        Console.WriteLine($"| servers | killed | orders acknowledged (measured) | orders/s | order p50 / p99 | enroll p50 / p99 | dashboard p50 / p99 | retried | lost | doubled or extra | slot clashes | unbalanced |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var settings in runs)
        {
            var result = await new LoadRun(postgres, settings).RunAsync();
            Console.WriteLine(result.Row());
            failed |= !result.Sound;
        }
        return failed ? 1 : 0;
    }

    private static string Value(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}

/// <summary>What a run measured and found.</summary>
internal sealed record RunResult(
    RunSettings Settings, double Elapsed, int Orders, IReadOnlyDictionary<string, List<double>> Latencies, int Retried,
    int Lost, int Extra, int SlotClashes, int Unbalanced)
{
    public bool Sound => Lost == 0 && Extra == 0 && SlotClashes == 0 && Unbalanced == 0;

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Settings.Servers} | {(Settings.Kill ? "one, midway" : "none")} | {Orders:N0} | {Orders / Elapsed:N0} | {P("order")} | {P("enroll")} | {P("dashboard")} | {Retried} | {Lost} | {Extra} | {SlotClashes} | {Unbalanced} |");

    private string P(string kind)
    {
        var values = Latencies.TryGetValue(kind, out var v) ? v.Order().ToList() : [];
        if (values.Count == 0) return "–";
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 0.50):N0} / {Percentile(values, 0.99):N0} ms");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One run: database, servers, clients, checks.</summary>
internal sealed class LoadRun(string postgres, RunSettings settings)
{
    private readonly ConcurrentDictionary<string, string> _orders = new();     // idempotency key → order number
    private readonly ConcurrentDictionary<string, byte> _members = new();      // handles enrolled
    private readonly ConcurrentDictionary<string, List<double>> _latencies = new();
    private readonly List<(Process Process, string Url)> _servers = [];
    private volatile int _dead = -1;
    private int _retried;
    private int _measuredOrders;

    public async Task<RunResult> RunAsync()
    {
        var name = $"arbor_load_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync(postgres, $"CREATE DATABASE {name}");
        var builder = new NpgsqlConnectionStringBuilder(postgres) { Database = name, MaxPoolSize = 50 };
        var database = new ArborDatabase(Provider.Postgres, builder.ToString());
        try
        {
            Migrator.Migrate(database);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            (await new DemoCompany(database).SeedAsync(new DemoOptions(settings.Members, 7, today))).Unwrap();
            List<string> handles, skus;
            long lastOrder;
            var secrets = new List<string>();
            await using (var db = database.CreateContext())
            {
                handles = await db.Members.Where(m => m.Status == "active").Select(m => m.Handle).ToListAsync();
                skus = await db.Products.Where(p => p.Active).Select(p => p.Sku).ToListAsync();
                lastOrder = await db.Orders.MaxAsync(o => (long?)o.Id) ?? 0;
                for (var c = 0; c < settings.Clients; c++) secrets.Add((await new AccessTokens(db, TimeProvider.System).CreateAsync($"load client {c}", "write", "loadtest")).Unwrap().Secret);
            }
            var url = $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{name}";
            for (var s = 0; s < settings.Servers; s++) _servers.Add(await StartServerAsync(url, settings.ApiRate));

            var clock = Stopwatch.StartNew();
            var from = TimeSpan.FromSeconds(settings.Warmup);
            var until = from + TimeSpan.FromSeconds(settings.Seconds);
            var killer = settings.Kill ? Task.Run(async () =>
            {
                await Task.Delay(from + (until - from) / 2);
                _dead = 0;
                _servers[0].Process.Kill();   // SIGKILL on Linux: no shutdown, requests in flight are cut
            }) : Task.CompletedTask;
            await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(c => ClientAsync(c, secrets[c], handles, skus, clock, from, until)));
            await killer;
            var elapsed = (clock.Elapsed - from).TotalSeconds;
            StopServers();
            return await CheckAsync(database, lastOrder, elapsed);
        }
        finally
        {
            StopServers();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private async Task ClientAsync(int client, string secret, List<string> handles, List<string> skus, Stopwatch clock, TimeSpan from, TimeSpan until)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var random = new Random(client);
        var next = client;
        var n = 0;
        while (clock.Elapsed < until)
        {
            var roll = random.Next(100);
            var started = clock.Elapsed.TotalMilliseconds;
            if (roll < 70)
            {
                var key = $"order-{client}-{n++}";
                var body = $$"""{"member":"{{handles[random.Next(handles.Count)]}}","items":[{"sku":"{{skus[random.Next(skus.Count)]}}","quantity":{{random.Next(1, 4)}}}]}""";
                var json = await CreateAsync(http, "/api/v1/orders", body, key, () => next++);
                _orders[key] = json.GetProperty("number").GetString()!;
                if (started >= from.TotalMilliseconds) Interlocked.Increment(ref _measuredOrders);
                Record("order", started, clock.Elapsed.TotalMilliseconds - started, from);
            }
            else if (roll < 80)
            {
                var handle = $"lt{client}x{n++}";
                var body = $$"""{"handle":"{{handle}}","email":"{{handle}}@load.test","name":"Load {{handle}}","country":"NL","language":"nl","sponsor":"{{handles[random.Next(handles.Count)]}}"}""";
                await CreateAsync(http, "/api/v1/members", body, $"enroll-{handle}", () => next++);
                _members[handle] = 0;
                Record("enroll", started, clock.Elapsed.TotalMilliseconds - started, from);
            }
            else
            {
                var handle = handles[random.Next(handles.Count)];
                await ReadAsync(http, $"/api/v1/members/{handle}", () => next++);
                await ReadAsync(http, $"/api/v1/members/{handle}/levels", () => next++);
                Record("dashboard", started, clock.Elapsed.TotalMilliseconds - started, from);
            }
        }
    }

    /// <summary>A create, retried with the same key on the next live server until one acknowledges it.</summary>
    private async Task<JsonElement> CreateAsync(HttpClient http, string path, string body, string key, Func<int> turn)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Server(turn()) + path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.Created) return JsonDocument.Parse(text).RootElement.Clone();
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    throw new InvalidOperationException($"{path} refused: {(int)response.StatusCode} {text}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 50)
            {
            }
            Interlocked.Increment(ref _retried);
            await Task.Delay(20 * Math.Min(attempt, 10));
        }
    }

    private async Task ReadAsync(HttpClient http, string path, Func<int> turn)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(Server(turn()) + path);
                if (response.IsSuccessStatusCode) return;
                if ((int)response.StatusCode < 500) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 50)
            {
            }
            Interlocked.Increment(ref _retried);
        }
    }

    /// <summary>The next server in turn, skipping the killed one (as a load balancer's health check would, after its first failures).</summary>
    private string Server(int turn)
    {
        var live = Enumerable.Range(0, _servers.Count).Where(i => i != _dead).ToList();
        return _servers[live[turn % live.Count]].Url;
    }

    private void Record(string kind, double started, double ms, TimeSpan from)
    {
        if (started < from.TotalMilliseconds) return;
        var list = _latencies.GetOrAdd(kind, _ => []);
        lock (list) list.Add(ms);
    }

    private async Task<RunResult> CheckAsync(ArborDatabase database, long lastOrder, double elapsed)
    {
        await using var db = database.CreateContext();
        var created = await db.Orders.Where(o => o.Id > lastOrder).Select(o => o.Number).ToListAsync();
        var acknowledged = _orders.Values.ToHashSet();
        var lost = acknowledged.Count(n => !created.Contains(n));
        var extra = created.Count - created.Intersect(acknowledged).Count();
        var enrolled = await db.Members.Where(m => m.Handle.StartsWith("lt")).Select(m => m.Handle).ToListAsync();
        lost += _members.Keys.Count(h => !enrolled.Contains(h));
        extra += enrolled.Count(h => !_members.ContainsKey(h));
        var clashes = await db.Members.Where(m => m.PlacementParentId != null)
            .GroupBy(m => new { m.PlacementParentId, m.PlacementPosition }).CountAsync(g => g.Count() > 1);
        // Summed here: the check must not trust the database's own arithmetic either.
        var entries = await db.LedgerEntries.Select(e => new { e.TransactionId, e.Amount }).ToListAsync();
        var unbalanced = entries.GroupBy(e => e.TransactionId).Count(g => g.Sum(e => e.Amount) != 0);
        return new RunResult(settings, elapsed, _measuredOrders, _latencies, _retried, lost, extra, clashes, unbalanced);
    }

    private async Task<(Process, string)> StartServerAsync(string databaseUrl, string? apiRate)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "arbor.dll"), "serve", "--db", databaseUrl, "--urls", url }) start.ArgumentList.Add(a);
        // The server's default rate limit (100 requests a second per token, counted by all servers together) unless --api-rate says otherwise.
        if (apiRate is { Length: > 0 }) foreach (var a in new[] { "--api-rate", apiRate }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"  server {port}: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync($"{url}/health")).IsSuccessStatusCode) return (process, url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"the server on {url} did not start");
    }

    private void StopServers()
    {
        foreach (var (process, _) in _servers)
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
        _servers.Clear();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
