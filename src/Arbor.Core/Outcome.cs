namespace Arbor.Core;

/// <summary>Why a use case refused: the field or input at fault and a message a clerk understands.</summary>
public sealed record Problem(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

/// <summary>The result of a use case: a value, or the problem that stopped it (nothing written).</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }
    public Problem? Problem { get; }
    public bool Ok => Problem is null;

    /// <summary>The value; throws when the use case refused (for callers that checked <see cref="Ok"/> or know it cannot fail).</summary>
    public T Unwrap() => Ok ? Value! : throw new InvalidOperationException(Problem!.ToString());

    public static Outcome<T> Success(T value) => new(value, null);
    public static Outcome<T> Fail(string where, string message) => new(default, new Problem(where, message));
    public static Outcome<T> Fail(Problem problem) => new(default, problem);
    public static implicit operator Outcome<T>(T value) => Success(value);
    public static implicit operator Outcome<T>(Problem problem) => Fail(problem);
}
