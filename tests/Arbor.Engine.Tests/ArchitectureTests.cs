using System.Reflection;
using Arbor.Engine.Computation;

namespace Arbor.Engine.Tests;

/// <summary>The engine can be lifted out: no database, web or console dependency.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Engine_ReferencesOnlyTheRuntimeAndYamlDotNet()
    {
        var references = typeof(PeriodEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "YamlDotNet" && n != "netstandard").ToList();
        Assert.Empty(foreign);
        Assert.DoesNotContain(references, n => n.Contains("EntityFramework", StringComparison.Ordinal) || n.Contains("AspNetCore", StringComparison.Ordinal) || n == "System.Console");
    }

    [Fact]
    public void Engine_HasNoClockOfItsOwn()
    {
        // Domain code takes dates from its inputs; DateTime.Now/UtcNow would make runs irreproducible.
        var engine = typeof(PeriodEngine).Assembly;
        var nowGetters = new[] { typeof(DateTime).GetProperty(nameof(DateTime.Now))!.GetMethod!, typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetMethod!, typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod! };
        // A call to a method of another assembly goes through a member reference; resolve every call site.
        foreach (var type in engine.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    if (il[i] != 0x28) continue; // call
                    var token = BitConverter.ToInt32(il, i + 1);
                    MethodBase? target;
                    try { target = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null, method.IsGenericMethod ? method.GetGenericArguments() : null); }
                    catch (ArgumentException) { continue; }
                    Assert.False(target is not null && nowGetters.Any(g => g == target), $"{type.Name}.{method.Name} reads the system clock");
                }
            }
        }
    }

    [Fact]
    public void Engine_KeepsItsArithmeticAndRuntimeTricksInternal()
    {
        // Rounding.ToCents and ProcessSetup.ApplyEnvironment are the deliberate entry points;
        // the fast integer paths behind them are the engine's to change.
        var engine = typeof(PeriodEngine).Assembly;
        foreach (var name in new[] { "Arbor.Engine.Computation.Money", "Arbor.Engine.Computation.ExactDecimal", "Arbor.Engine.Computation.Fraction", "Arbor.Engine.Runtime.HugePages" })
        {
            var type = engine.GetType(name, throwOnError: true)!;
            Assert.False(type.IsPublic, $"{name} is public");
        }
    }

    [Fact]
    public void PeriodResult_HandsOutNoMutableArray()
    {
        // Callers get views: the arrays behind them are the engine's (and a carry is the input network's own).
        Assert.Empty(typeof(PeriodResult).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType.IsArray).Select(p => p.Name));
        var result = Run.Period("name: p\nranks: [{ name: Member }]\nbonuses: []\n", "id,sponsor_id,joined_on\nA,,2026-01-01\n", "id,date,member_id,kind,pv,cv\nO1,2026-11-01,A,personal,1,1\n");
        Assert.IsNotType<int[]>(result.PeriodOrders, exactMatch: false);
        Assert.IsNotType<List<PhaseTiming>>(result.Timings, exactMatch: false);
    }
}
