using System.Diagnostics;
using System.Globalization;
using Arbor.Bench;
using Arbor.Engine;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Runtime;

// Usage: dotnet run -c Release --project bench/Arbor.Bench -- [members] [orders] [seed] [--shape sorted|export|both]
//        dotnet run -c Release --project bench/Arbor.Bench -- genealogy DB [members]
//        dotnet run -c Release --project bench/Arbor.Bench -- close DB [members] [orders in the period]
//        dotnet run -c Release --project bench/Arbor.Bench -- web DB [members]
//        dotnet run -c Release --project bench/Arbor.Bench -- simulate [months] [runs] [market] [compare-plan.yaml]
// Generates a company with the contract's sample plan (unless bench-data already holds the
// same size and shape), then times parse, compute per phase and write, and reports peak memory.
// Shapes (NetworkGenerator.FileShape): sorted (ids of one width, text order is file order) and
// export (ids M0…M999999 in join order, orders in date order); both, the default, runs each in
// a process of its own, sorted first.
if (args.Length > 1 && args[0] == "genealogy")
{
    await GenealogyBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args.Length > 0 && args[0] == "simulate")
{
    // simulate [months] [runs] [market] [compare-plan.yaml]
    SimulationBenchmark.Run(Path.Combine(AppContext.BaseDirectory, "sample-plan.yaml"), args.Length > 4 ? args[4] : null,
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 36, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200_000);
    return;
}

if (args.Length > 1 && args[0] == "web")
{
    await WebBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args.Length > 1 && args[0] == "compliance")
{
    await ComplianceBenchmark.RunAsync(args[1]);
    return;
}

if (args.Length > 1 && args[0] == "close")
{
    await CloseBenchmark.RunAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300_000);
    return;
}

// --v2: the sample plan with contract section 9's keys (sample-plan-v2.yaml) on the same input.
var v2 = args.Contains("--v2");
args = [.. args.Where(a => a != "--v2")];
var shapeAt = Array.IndexOf(args, "--shape");
var shapeName = shapeAt >= 0 && shapeAt + 1 < args.Length ? args[shapeAt + 1] : "both";
if (shapeAt >= 0) args = [.. args[..shapeAt], .. args[Math.Min(args.Length, shapeAt + 2)..]];
if (shapeName == "both")
{
    // The same program again: its own executable, or `dotnet` and this assembly.
    var self = Environment.ProcessPath!;
    string[] selfArgs = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [System.Reflection.Assembly.GetEntryAssembly()!.Location] : [];
    foreach (var one in new[] { "sorted", "export" })
    {
        using var child = Process.Start(self, [.. selfArgs, .. args, "--shape", one, .. v2 ? new[] { "--v2" } : []]);
        child.WaitForExit();
        if (child.ExitCode != 0) Environment.Exit(child.ExitCode);
    }
    return;
}
var shape = shapeName switch
{
    "sorted" => FileShape.Sorted,
    "export" => FileShape.Export,
    _ => throw new ArgumentException($"--shape {shapeName}: expected sorted, export or both"),
};

var members = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var orders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000_000;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 42;
ProcessSetup.ApplyEnvironment(engineRun: true);

var root = FindRepositoryRoot();
var data = Path.Combine(root, "bench-data", $"m{members}-o{orders}-s{seed}" + (shape == FileShape.Export ? "-export" : ""));
var plan = Path.Combine(AppContext.BaseDirectory, v2 ? "sample-plan-v2.yaml" : "sample-plan.yaml");
if (!File.Exists(Path.Combine(data, "orders.csv")))
{
    Console.WriteLine($"Generating {members:N0} members and {orders:N0} orders ({shapeName} shape) into {data} ...");
    var gen = Stopwatch.StartNew();
    NetworkGenerator.Write(data, members, orders, seed, shape);
    Console.WriteLine($"  generated in {gen.Elapsed.TotalSeconds:F1} s");
}
var membersBytes = new FileInfo(Path.Combine(data, "members.csv")).Length;
var ordersBytes = new FileInfo(Path.Combine(data, "orders.csv")).Length;

var total = Stopwatch.StartNew();
var input = BatchInput.Load(plan, Path.Combine(data, "members.csv"), Path.Combine(data, "orders.csv"));
var parse = total.Elapsed;
var parsePauses = GC.GetTotalPauseDuration();
var parseJit = System.Runtime.JitInfo.GetCompilationTime();
var result = PeriodEngine.Run(input.Plan, input.Network, input.Orders, new Period(NetworkGenerator.PeriodStart, NetworkGenerator.PeriodEnd));
var compute = total.Elapsed - parse;
var computePauses = GC.GetTotalPauseDuration() - parsePauses;
var computeJit = System.Runtime.JitInfo.GetCompilationTime() - parseJit;
var output = Path.Combine(data, "out");
ResultWriter.WriteAll(result, output);
var write = total.Elapsed - parse - compute;
var peak = Process.GetCurrentProcess().PeakWorkingSet64;

Console.WriteLine();
Console.WriteLine($"Arbor engine benchmark: {members:N0} members, {orders:N0} orders ({shapeName} shape), {input.Plan.Name}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"| phase | time |");
Console.WriteLine($"|---|---:|");
foreach (var t in input.Timings) Console.WriteLine($"| {t.Phase} | {t.Elapsed.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| **parse total** | **{parse.TotalMilliseconds:N0} ms** ({(membersBytes + ordersBytes) / 1e6 / parse.TotalSeconds:N0} MB/s, {(members + orders) / 1e6 / parse.TotalSeconds:N2} M rows/s) |");
foreach (var t in result.Timings) Console.WriteLine($"| compute: {t.Phase} | {t.Elapsed.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| **compute total** | **{compute.TotalMilliseconds:N0} ms** |");
Console.WriteLine($"| **write** | **{write.TotalMilliseconds:N0} ms** ({result.LineCount:N0} payout lines, {new FileInfo(Path.Combine(output, "payouts.csv")).Length / 1e6:N0} MB) |");
Console.WriteLine($"| **parse + compute + write** | **{total.Elapsed.TotalMilliseconds:N0} ms** |");
Console.WriteLine($"| GC pauses | {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms ({GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gen0/1/2); in parse {parsePauses.TotalMilliseconds:N0} ms, in compute {computePauses.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| JIT compilation (all threads) | {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:N0} ms ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods); in parse {parseJit.TotalMilliseconds:N0} ms, in compute {computeJit.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| peak working set | {peak / 1e9:N2} GB |");
Console.WriteLine($"| processor time (all threads, user + system) | {Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| pages | {ProcessSetup.HugePagesChoice} |");
Console.WriteLine();
Console.WriteLine($"Input: members.csv {membersBytes / 1e6:N0} MB, orders.csv {ordersBytes / 1e6:N0} MB; {result.PeriodOrders.Count:N0} orders in the period; total payout {DecimalText.Money(result.TotalPayoutCents)}.");

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Arbor.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
