using System.Reflection;
using System.Runtime.CompilerServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Compiles the period computation's methods on a background thread before their first call.
/// A run compiles about a hundred of them; most are loops marked for full optimization, which
/// the JIT compiles on the calling thread the first time, with the computation waiting (the
/// benchmark measured some 0.2 s of compilation inside the computation). Started while the
/// members file is read on one core, they compile on the other.
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
        // The computation's types and the closures nested in them, and the model and plan types
        // they read; generic ones have no code until instantiated. Not the reference
        // implementation of the contract, which runs only in tests.
        string[] namespaces = ["Arbor.Engine.Computation", "Arbor.Engine.Model", "Arbor.Engine.Plans"];
        var types = typeof(Computation.PeriodEngine).Assembly.GetTypes()
            .Where(t => namespaces.Any(n => t.Namespace?.StartsWith(n, StringComparison.Ordinal) == true) && !t.ContainsGenericParameters
                && t.Namespace != typeof(Computation.Reference.ReferenceEngine).Namespace);
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(Declared).Concat<MethodBase>(type.GetConstructors(Declared)))
            {
                if (method.IsAbstract || method.ContainsGenericParameters) continue;
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
