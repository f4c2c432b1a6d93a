using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Opts the process's large anonymous memory reservations (the GC heap) into Linux transparent
/// huge pages. Where THP is set to <c>madvise</c>, a first touch of fresh memory otherwise costs
/// one page fault per 4 KB; with huge pages, one per 2 MB, and the engine's random reads miss the
/// translation cache far less. Whether that is faster depends on the host, and the development
/// machine has been both: on some days a 4 KB fault cost 2–3 µs and huge pages lost (their
/// faults cost 0.16–3.1 s per fresh gigabyte), on others a 4 KB fault cost 12 µs and huge pages
/// won by 0.5–1 s of a 7–9 s run. So <c>ARBOR_HUGE_PAGES=1</c> turns them on, <c>0</c> off, and
/// a run of the engine on files that the environment leaves unset measures the host
/// (<see cref="FreshPageMicroseconds"/>, a few milliseconds) and turns them on when a 4 KB fault
/// costs more than <see cref="SlowFaultMicroseconds"/> (docs/performance.md, decision 0004).
/// </summary>
internal static class HugePages
{
    /// <summary>The environment variable that says: <c>1</c> on, <c>0</c> off.</summary>
    public const string Switch = "ARBOR_HUGE_PAGES";

    /// <summary>
    /// The cost of a first touch of a fresh 4 KB page above which huge pages are chosen. Hosts
    /// where huge pages lost measured 0.6–0.85 s per fresh gigabyte (2–3 µs a page); hosts
    /// where they won, about 3 s (12 µs a page).
    /// </summary>
    public const double SlowFaultMicroseconds = 6;

    /// <summary>Pages the probe touches (4 MB).</summary>
    private const int ProbePages = 1024;

    /// <summary>
    /// Whether to use huge pages: as <paramref name="setting"/> (the value of
    /// <see cref="Switch"/>) says when it is <c>1</c> or <c>0</c>; otherwise, when
    /// <paramref name="measure"/> is given, by what it measures a 4 KB fault to cost (µs); and
    /// otherwise not.
    /// </summary>
    public static bool Wanted(string? setting, Func<double>? measure) => setting switch
    {
        "1" => true,
        "0" => false,
        _ => measure is not null && measure() > SlowFaultMicroseconds,
    };

    /// <summary>
    /// Microseconds a first write to a fresh 4 KB page costs on this host, measured on a
    /// private 4 MB mapping kept to ordinary pages; 0 where it cannot be measured (not Linux,
    /// no libc).
    /// </summary>
    public static double FreshPageMicroseconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        const int ReadWrite = 0x1 | 0x2, PrivateAnonymous = 0x02 | 0x20, NoHugePage = 15;
        const int PageSize = 4096;
        var length = (nuint)(ProbePages * PageSize);
        try
        {
            var region = Mmap(0, length, ReadWrite, PrivateAnonymous, -1, 0);
            if (region == -1) return 0;
            try
            {
                Madvise(region, length, NoHugePage); // where THP is "always", still measure 4 KB pages
                var started = Stopwatch.GetTimestamp();
                for (var page = 0; page < ProbePages; page++) Marshal.WriteByte(region, page * PageSize, 1);
                return Stopwatch.GetElapsedTime(started).TotalMicroseconds / ProbePages;
            }
            finally
            {
                Munmap(region, length);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

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

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(nint address, nuint length);
}
