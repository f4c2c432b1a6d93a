using System.Collections.Concurrent;

namespace Arbor.Web.Tests;

/// <summary>
/// One browser and one demo site per database kind, shared by the web tests (started on first
/// use, stopped at the end). Tests that change what others read (lockout, new orders, closes)
/// start a site of their own with <see cref="TestSite.StartAsync"/>.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestSite>>> _sites = new();

    public Browser Browser { get; } = new();

    public Task<TestSite> SiteAsync(string kind) => _sites.GetOrAdd(kind, k => new Lazy<Task<TestSite>>(() => TestSite.StartAsync(k))).Value;

    public Task InitializeAsync() => Browser.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var site in _sites.Values.Where(s => s.IsValueCreated)) await (await site.Value).DisposeAsync();
        await Browser.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
