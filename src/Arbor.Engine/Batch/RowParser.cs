using System.Runtime.CompilerServices;
using System.Text;

namespace Arbor.Engine.Batch;

/// <summary>Field accessors for the current row that record errors with the row's line.</summary>
internal sealed class RowParser(CsvReader csv, ErrorList errors)
{
    private int _errorsAtRowStart;

    /// <summary>True while the current row has no error.</summary>
    public bool Ok => errors.Count == _errorsAtRowStart;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool CheckWidth(int expected)
    {
        _errorsAtRowStart = errors.Count;
        if (csv.FieldCount == expected) return true;
        Error($"expected {expected} fields as in the header, found {csv.FieldCount}");
        return false;
    }

    public void Error(string message) => errors.Add(csv.Line, message);

    public string? RequiredText(int column, string name)
    {
        var field = csv.Field(column);
        if (field.Length > 0) return Encoding.UTF8.GetString(field);
        Error($"'{name}' is empty");
        return null;
    }

    /// <summary>The field's bytes; when it is empty, an error saying so (the row is then not <see cref="Ok"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> RequiredField(int column, string name)
    {
        var field = csv.Field(column);
        if (field.Length == 0) Error($"'{name}' is empty");
        return field;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? OptionalText(int column) =>
        column >= 0 && csv.Field(column) is { Length: > 0 } field ? Encoding.UTF8.GetString(field) : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DateOnly RequiredDate(int column, string name)
    {
        var field = csv.Field(column);
        if (FieldParser.TryParseDate(field, out var date)) return date;
        Error(field.Length == 0 ? $"'{name}' is empty" : $"'{name}' is not a date (expected YYYY-MM-DD): '{Encoding.UTF8.GetString(field)}'");
        return default;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public decimal RequiredDecimal(int column, string name)
    {
        var field = csv.Field(column);
        if (FieldParser.TryParseDecimal(field, out var value))
        {
            if (InputRanges.FitsFile(value)) return value;
            Error($"'{name}' {InputRanges.FileProblem(value)}: '{Encoding.UTF8.GetString(field)}'");
            return 0;
        }
        Error(field.Length == 0 ? $"'{name}' is empty" : $"'{name}' is not a number: '{Encoding.UTF8.GetString(field)}'");
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public decimal OptionalDecimal(int column, string name) =>
        column >= 0 && csv.Field(column).Length > 0 ? RequiredDecimal(column, name) : 0;

    /// <summary>Null when the column is absent or the field empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public decimal? NullableDecimal(int column, string name) =>
        column >= 0 && csv.Field(column).Length > 0 ? RequiredDecimal(column, name) : null;
}
