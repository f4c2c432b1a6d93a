namespace Arbor.Engine.Runtime;

/// <summary>
/// How a process that runs the engine sets itself up, once, first thing in <c>Main</c> (before
/// its heap grows): the engine's runtime switches that the environment turns on. Today one:
/// <c>ARBOR_HUGE_PAGES=1</c> opts the heap into Linux transparent huge pages
/// (docs/performance.md); without it, nothing is done.
/// </summary>
public static class ProcessSetup
{
    /// <summary>Applies the runtime switches set in the environment; does nothing when none is set.</summary>
    public static void ApplyEnvironment() => HugePages.AdviseHeapWhenAsked();
}
