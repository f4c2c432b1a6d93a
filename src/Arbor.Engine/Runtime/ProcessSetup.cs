using System.Globalization;

namespace Arbor.Engine.Runtime;

/// <summary>
/// How a process that runs the engine sets itself up, once, first thing in <c>Main</c> (before
/// its heap grows). First, whether its heap uses Linux transparent huge pages:
/// <c>ARBOR_HUGE_PAGES=1</c> turns them on and <c>0</c> off; unset, a process about to run the
/// engine on batch files measures what a fresh page costs on this host and chooses (a few
/// milliseconds), and any other process leaves them off (docs/performance.md). Then, before a
/// run of the engine, it starts compiling the computation's loops on a background thread
/// (<see cref="Precompile"/>).
/// </summary>
public static class ProcessSetup
{
    /// <summary>What was chosen and why, in words, for <c>--timings</c>.</summary>
    public static string HugePagesChoice { get; private set; } = "huge pages: off (not set up)";

    /// <summary>Applies the runtime switches; <paramref name="engineRun"/> when the process is about to run the engine on batch files.</summary>
    public static void ApplyEnvironment(bool engineRun = false)
    {
        var setting = Environment.GetEnvironmentVariable(HugePages.Switch);
        double? measured = null;
        var wanted = HugePages.Wanted(setting, engineRun ? () => (measured = HugePages.FreshPageMicroseconds()).Value : null);
        if (wanted) HugePages.AdviseHeap();
        var why = measured is { } cost
            ? string.Create(CultureInfo.InvariantCulture, $"a first write to a fresh 4 KB page took {cost:F1} microseconds here; on from {HugePages.SlowFaultMicroseconds}")
            : setting is "1" or "0" ? $"{HugePages.Switch}={setting}" : "not measured outside an engine run";
        HugePagesChoice = $"huge pages: {(wanted ? "on" : "off")} ({why})";
        // The other core idles while the runtime starts and the command line is read: the
        // computation's loops compile there instead of beside the members file's readers.
        if (engineRun) Precompile.ComputationInBackground();
    }

    /// <summary>
    /// How the runtime recompiles hot methods in this process, in words, for <c>--timings</c>
    /// (<see cref="Tiering(string?, string?)"/> of the process's environment). The launcher sets
    /// both variables for <c>commissions</c> (docs/performance.md, "Compiling less").
    /// </summary>
    public static string Tiering() => Tiering(
        Environment.GetEnvironmentVariable("DOTNET_TC_CallCountThreshold"), Environment.GetEnvironmentVariable("DOTNET_TieredPGO"));

    /// <summary>
    /// In words: after how many calls the runtime compiles a method again, optimized
    /// (<paramref name="callCountThreshold"/>, the value of <c>DOTNET_TC_CallCountThreshold</c>,
    /// read as hexadecimal and kept to 1–65,535 as the runtime does; 30 unless set or unreadable),
    /// and whether a profiling tier comes first (off when <paramref name="tieredPgo"/>, the value
    /// of <c>DOTNET_TieredPGO</c>, is <c>0</c>).
    /// </summary>
    internal static string Tiering(string? callCountThreshold, string? tieredPgo)
    {
        var calls = 30;
        if (callCountThreshold is not null)
        {
            try
            {
                calls = (int)Math.Clamp(Convert.ToUInt32(callCountThreshold.Trim(), 16), 1u, ushort.MaxValue);
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                // The runtime ignores a value it cannot read, too.
            }
        }
        var profiling = tieredPgo == "0" ? "off" : "on";
        return string.Create(CultureInfo.InvariantCulture, $"optimized after {calls:N0} call{(calls == 1 ? "" : "s")}, profiling tier {profiling}");
    }
}
