using System.Reflection;
using System.Runtime.CompilerServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Compiles the period computation's and the writer's loops on a background thread before their
/// first call. They are marked for full optimization, which the JIT otherwise does on the
/// calling thread the first time, with the computation waiting (the benchmark measured some
/// 0.2 s of compilation inside the computation). The CLI starts them first thing in a
/// <c>commissions run</c> (<see cref="ProcessSetup"/>), so that they compile on the core the
/// runtime's start and the command line leave idle, not beside the members file's readers on
/// both; other hosts start them as they load a period's input. Only those: every other method
/// compiles quickly on its first call, and compiling all 1,400 of the computation's here, most
/// never called in a run, kept the other core busy while the files were read
/// (docs/performance.md, "Compiling less").
/// </summary>
internal static class Precompile
{
    private static int _started;

    /// <summary>Starts compiling, once per process; returns at once.</summary>
    public static void ComputationInBackground()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        new Thread(CompileComputation) { IsBackground = true, Name = "Arbor precompile" }.Start();
    }

    private static void CompileComputation()
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        // The computation's types and the closures nested in them, the model and plan types they
        // read, and the writer; generic ones have no code until instantiated. Not the reference
        // implementation of the contract, which runs only in tests.
        string[] namespaces = ["Arbor.Engine.Computation", "Arbor.Engine.Model", "Arbor.Engine.Plans", "Arbor.Engine.Output"];
        var types = typeof(Computation.PeriodEngine).Assembly.GetTypes()
            .Where(t => namespaces.Any(n => t.Namespace?.StartsWith(n, StringComparison.Ordinal) == true) && !t.ContainsGenericParameters
                && t.Namespace != typeof(Computation.Reference.ReferenceEngine).Namespace);
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(Declared).Concat<MethodBase>(type.GetConstructors(Declared)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters
                    || !method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization)) continue;
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
                {
                    // A method the runtime will not compile ahead (such as one of a ref struct): it compiles on first call.
                }
            }
        }
    }
}
