namespace Arbor.Engine;

/// <summary>
/// One problem in an input file, located the way the contract asks:
/// <c>FILE:LINE: message</c> for batch files, <c>FILE:LINE:COLUMN: message</c> for plans.
/// </summary>
public sealed record InputError(string File, int Line, int? Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Column is { } c
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{c}: {Message}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}: {Message}");
}

/// <summary>Thrown when input files are invalid; carries every error found in one pass.</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception for the given errors (at least one).</summary>
    public InputException(IReadOnlyList<InputError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        if (errors.Count == 0) throw new ArgumentException("At least one error is required.", nameof(errors));
        Errors = errors;
    }

    /// <summary>The errors, in the order they were found.</summary>
    public IReadOnlyList<InputError> Errors { get; }
}

/// <summary>Collects errors for one file; stops collecting after a limit so a broken file does not flood the terminal.</summary>
internal sealed class ErrorList(string file)
{
    private const int Limit = 100;
    private readonly List<InputError> _errors = [];

    public string File { get; } = file;
    public int Count => _errors.Count;
    public bool Full => _errors.Count >= Limit;
    public IReadOnlyList<InputError> Items => _errors;

    public void Add(int line, string message)
    {
        if (!Full) _errors.Add(new InputError(File, line, null, message));
    }

    public void Add(int line, int column, string message)
    {
        if (!Full) _errors.Add(new InputError(File, line, column, message));
    }

    /// <summary>Adds <paramref name="other"/>'s errors after this list's, up to the limit.</summary>
    public void AddRange(ErrorList other)
    {
        foreach (var e in other._errors)
        {
            if (!Full) _errors.Add(e);
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new InputException(_errors);
    }
}
