using System.Globalization;
using System.Runtime.InteropServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Opts the process's large anonymous memory reservations (the GC heap) into Linux transparent
/// huge pages, when asked: where THP is set to <c>madvise</c>, a first touch of fresh memory
/// otherwise costs one page fault per 4 KB; with huge pages, one per 2 MB. Whether that is
/// faster depends on the host: on the development machine a fresh gigabyte took a steady
/// 0.56–0.85 s with 4 KB pages and anywhere from 0.16 s to 3.1 s with huge pages, and the
/// benchmark ran a little faster without them, so they are off unless
/// <c>ARBOR_HUGE_PAGES=1</c> (docs/performance.md).
/// </summary>
internal static class HugePages
{
    /// <summary>The environment variable that turns huge pages on: <c>1</c>.</summary>
    public const string Switch = "ARBOR_HUGE_PAGES";

    /// <summary>Advises huge pages as <see cref="AdviseHeap"/> does when <see cref="Switch"/> is 1; returns how many mappings.</summary>
    public static int AdviseHeapWhenAsked() => Environment.GetEnvironmentVariable(Switch) == "1" ? AdviseHeap() : 0;

    private const int MadvHugePage = 14;
    private const long MinimumReservation = 1L << 30;

    /// <summary>Advises huge pages on every anonymous mapping of at least 1 GB; returns how many.</summary>
    public static int AdviseHeap()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/maps")) return 0;
        var advised = 0;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode [path]"; anonymous mappings have inode 0 and no path.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5 || fields[4] != "0") continue;
            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            var start = ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if ((long)(end - start) < MinimumReservation) continue;
            try
            {
                if (Madvise((nint)start, (nuint)(end - start), MadvHugePage) == 0) advised++;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return advised; // a libc without madvise: run with ordinary pages
            }
        }
        return advised;
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
