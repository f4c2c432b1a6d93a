using System.Reflection;
using System.Xml.Linq;
using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Engine.Computation;

namespace Arbor.Core.Tests;

/// <summary>
/// The business core is provider-neutral and has no clock of its own: SQL and provider branches
/// live in Arbor.Data, time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] ProviderAssemblies = ["Npgsql", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Npgsql.EntityFrameworkCore.PostgreSQL", "Microsoft.EntityFrameworkCore.Sqlite"];

    private static bool IsProvider(string name) => ProviderAssemblies.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));

    [Fact]
    public void Core_ReferencesNeitherNpgsqlNorSqlite()
    {
        var references = typeof(ClosePeriod).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Arbor.Data", references);
        Assert.DoesNotContain(references, IsProvider);
        // The check can fail: the data layer does reference them.
        Assert.Contains(typeof(ArborDatabase).Assembly.GetReferencedAssemblies(), a => IsProvider(a.Name!));
    }

    [Fact]
    public void Core_SeesOnlyTheDataLayersPublicOperations_NotItsRawSqlHelpers()
    {
        var data = typeof(ArborDatabase).Assembly;
        var friends = data.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
        Assert.DoesNotContain("Arbor.Core", friends);
        Assert.False(data.GetType("Arbor.Data.Sql", throwOnError: true)!.IsPublic, "Arbor.Data.Sql (raw commands) is for the data layer only");
        // The check can fail: the data layer does name a friend, its tests.
        Assert.Contains("Arbor.Core.Tests", friends);
    }

    [Fact]
    public void Core_HasNoPackageReferenceToADatabaseProvider()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "src", "Arbor.Core", "Arbor.Core.csproj"))) dir = dir.Parent;
        var project = XDocument.Load(Path.Combine(dir!.FullName, "src", "Arbor.Core", "Arbor.Core.csproj"));
        var packages = project.Descendants("PackageReference").Select(p => (string?)p.Attribute("Include") ?? "").ToList();
        Assert.DoesNotContain(packages, p => p.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || p.Contains("Sqlite", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void CoreAndEngine_ReadNoClockButTheInjectedOne()
    {
        Assert.Empty(ClockReads(typeof(ClosePeriod).Assembly));
        Assert.Empty(ClockReads(typeof(PeriodEngine).Assembly));
        // The scan finds a clock read where there is one: these tests take TimeProvider.System here and there.
        Assert.NotEmpty(ClockReads(typeof(ArchitectureTests).Assembly));
    }

    /// <summary>Every method (lambdas and async state machines included) that calls a system clock getter.</summary>
    private static List<string> ClockReads(Assembly assembly)
    {
        var clocks = new[]
        {
            typeof(DateTime).GetProperty(nameof(DateTime.Now))!.GetMethod!, typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetMethod!,
            typeof(DateTime).GetProperty(nameof(DateTime.Today))!.GetMethod!, typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.Now))!.GetMethod!,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod!, typeof(TimeProvider).GetProperty(nameof(TimeProvider.System))!.GetMethod!,
        };
        var found = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>().Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static));
            foreach (var method in methods)
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                for (var i = 0; i + 4 < il.Length; i++)
                {
                    if (il[i] != 0x28) continue; // call (static getters are called, not callvirt)
                    MethodBase? target;
                    try
                    {
                        target = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1), type.IsGenericType ? type.GetGenericArguments() : null,
                            method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                        continue;
                    }
                    if (target is not null && clocks.Contains(target)) found.Add($"{type.FullName}.{method.Name} reads {target.DeclaringType!.Name}.{target.Name}");
                }
            }
        }
        return found;
    }
}
