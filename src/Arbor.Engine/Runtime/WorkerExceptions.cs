using System.Runtime.ExceptionServices;

namespace Arbor.Engine.Runtime;

/// <summary>
/// Work spread over cores (<see cref="Parallel"/>) reports a failure as an
/// <see cref="AggregateException"/>; callers of the engine expect the failure itself (an
/// <see cref="InputException"/> above all). The public entry points run their work through
/// <see cref="Unwrapped{T}"/>.
/// </summary>
internal static class WorkerExceptions
{
    /// <inheritdoc cref="Unwrapped{T}(Func{T})"/>
    public static void Unwrapped(Action work) => Unwrapped(() =>
    {
        work();
        return 0;
    });

    /// <summary>Runs <paramref name="work"/>; a failure on a worker thread reaches the caller as itself, with its stack trace.</summary>
    public static T Unwrapped<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (AggregateException e)
        {
            var inner = e.Flatten().InnerExceptions;
            // Input errors found on several cores are one report, in the order of the files' lines.
            if (inner.Count > 1 && inner.All(x => x is InputException))
            {
                throw new InputException([.. inner.SelectMany(x => ((InputException)x).Errors).OrderBy(x => x.File, StringComparer.Ordinal).ThenBy(x => x.Line)]);
            }
            ExceptionDispatchInfo.Throw(inner.Count > 0 ? inner[0] : e);
            throw; // not reached
        }
    }
}
