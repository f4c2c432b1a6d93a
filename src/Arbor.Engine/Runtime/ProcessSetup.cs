using System.Globalization;

namespace Arbor.Engine.Runtime;

/// <summary>
/// How a process that runs the engine sets itself up, once, first thing in <c>Main</c> (before
/// its heap grows): today, whether its heap uses Linux transparent huge pages.
/// <c>ARBOR_HUGE_PAGES=1</c> turns them on and <c>0</c> off; unset, a process about to run the
/// engine on batch files measures what a fresh page costs on this host and chooses (a few
/// milliseconds), and any other process leaves them off (docs/performance.md).
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
    }
}
