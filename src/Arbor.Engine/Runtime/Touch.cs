using System.Runtime.CompilerServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Keeps reads that are there only to bring memory into cache a batch ahead of its use: a
/// loop folds what it read into one value and hands it here, so that the compiler cannot leave
/// the reads out as unused. The call is never inlined; it does nothing.
/// </summary>
internal static class Touch
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Keep(long value) => _ = value;
}
