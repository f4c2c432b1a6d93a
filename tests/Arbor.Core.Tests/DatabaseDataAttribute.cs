using System.Collections;
using System.Reflection;
using Xunit.Sdk;

namespace Arbor.Core.Tests;

/// <summary>
/// A theory's rows on one database kind: the kind, then each row of <see cref="With"/> (a static
/// member of the test class) when given. Every data test carries both <see cref="OnSqliteAttribute"/>
/// and <see cref="OnPostgresAttribute"/>; without a PostgreSQL server the postgres rows show as
/// skipped, saying why, rather than missing, unless <c>ARBOR_REQUIRE_POSTGRES=1</c> (CI), where they run and fail.
/// </summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
public abstract class DatabaseDataAttribute : DataAttribute
{
    private readonly string _kind;

    protected DatabaseDataAttribute(string kind, string? skip)
    {
        _kind = kind;
        Skip = skip;
    }

    /// <summary>The name of a static property or method of the test class whose rows follow the kind.</summary>
    public string? With { get; set; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (With is null) return [[_kind]];
        var type = testMethod.DeclaringType!;
        const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var rows = (type.GetProperty(With, Static)?.GetValue(null) ?? type.GetMethod(With, Static, [])?.Invoke(null, null)) as IEnumerable
            ?? throw new ArgumentException($"{type.Name}.{With}: no static property or method of that name returns rows");
        return rows.Cast<object>().Select(row => (object[])[_kind, .. row as object[] ?? [row]]).ToList();
    }
}

/// <summary>The theory's rows on SQLite (always).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnSqliteAttribute() : DatabaseDataAttribute("sqlite", null);

/// <summary>The theory's rows on PostgreSQL: skipped when no server is configured and none is required.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnPostgresAttribute() : DatabaseDataAttribute("postgres", TestDatabase.PostgresSkipReason);
