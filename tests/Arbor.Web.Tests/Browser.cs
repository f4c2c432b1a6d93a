using System.Reflection;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (which cannot download its own browsers
/// here). <c>ARBOR_CHROMIUM</c> names another executable.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ExecutableVariable = "ARBOR_CHROMIUM";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>A phone's viewport (an iPhone 12 to 15: 390 × 844).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } e ? e : "/usr/bin/chromium";
        if (!File.Exists(executable)) throw new InvalidOperationException($"no Chromium at {executable}: install Debian's chromium (.ci/run does) or set {ExecutableVariable}");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A new browser context (its own cookies) in <paramref name="language"/>, at a desktop or phone width.</summary>
    public async Task<IPage> PageAsync(string language = "en", ViewportSize? viewport = null)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = language,
            ViewportSize = viewport ?? Desktop,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        Violations[page] = violations;
        return page;
    }

    /// <summary>Content security policy violations a page reported on its console.</summary>
    public Dictionary<IPage, List<string>> Violations { get; } = [];

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>axe-core's script (tools/frontend-libs.sh copies it from npm).</summary>
    public static string AxeScript { get; } = ReadAxe();

    private static string ReadAxe()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("axe.min.js")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
