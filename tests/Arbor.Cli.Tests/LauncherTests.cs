using System.Diagnostics;

namespace Arbor.Cli.Tests;

/// <summary>
/// The launcher (<c>./arbor</c>) run as a user runs it, with its build already current and a
/// stand-in for <c>dotnet</c> that prints what it was given: the arguments pass through, and
/// <c>commissions</c> alone runs with the runtime's recompiling set for a short run, unless the
/// caller set it (docs/performance.md, "Compiling less").
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arbor-launcher-").FullName;

    public LauncherTests()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Arbor.slnx"))) root = root.Parent; // the repository, whose launcher this is
        File.Copy(Path.Combine(root!.FullName, "arbor"), Path.Combine(_dir, "arbor"));
        Directory.CreateDirectory(Path.Combine(_dir, "src"));
        Directory.CreateDirectory(Path.Combine(_dir, "artifacts", "cli"));
        File.WriteAllText(Path.Combine(_dir, "artifacts", "cli", "arbor.dll"), "");
        File.WriteAllText(Path.Combine(_dir, "artifacts", "cli", ".built"), ""); // newer than every source: no build
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        File.WriteAllText(Path.Combine(_dir, "bin", "dotnet"),
            "#!/usr/bin/env bash\necho \"args: $*\"\necho \"threshold: ${DOTNET_TC_CallCountThreshold-unset}\"\necho \"pgo: ${DOTNET_TieredPGO-unset}\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(_dir, "bin", "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string[]> LaunchAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(_dir, "arbor"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = Path.Combine(_dir, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("DOTNET_TC_CallCountThreshold");
        start.Environment.Remove("DOTNET_TieredPGO");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return (await output).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Commissions_RunsWithFewerRecompilations()
    {
        var lines = await LaunchAsync(new Dictionary<string, string>(), "commissions", "run", "--timings");
        Assert.Equal([$"args: {Path.Combine(_dir, "artifacts", "cli", "arbor.dll")} commissions run --timings", "threshold: 0x1000", "pgo: 0"], lines);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("periods")]
    [InlineData("--help")]
    public async Task OtherCommands_KeepTheRuntimesDefaults(string command)
    {
        var lines = await LaunchAsync(new Dictionary<string, string>(), command);
        Assert.Equal(["threshold: unset", "pgo: unset"], lines[1..]);
    }

    [Fact]
    public async Task Commissions_KeepsWhatTheCallerSet()
    {
        var lines = await LaunchAsync(new Dictionary<string, string> { ["DOTNET_TC_CallCountThreshold"] = "1E", ["DOTNET_TieredPGO"] = "1" }, "commissions", "run");
        Assert.Equal(["threshold: 1E", "pgo: 1"], lines[1..]);
    }
}
