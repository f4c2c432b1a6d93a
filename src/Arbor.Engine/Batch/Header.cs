namespace Arbor.Engine.Batch;

/// <summary>Maps a header row to column positions: column order is free, unknown columns are errors.</summary>
internal sealed class Header
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    private Header(int count) => Count = count;

    public int Count { get; }

    /// <summary>Position of a column, or -1 when absent.</summary>
    public int this[string column] => _positions.TryGetValue(column, out var i) ? i : -1;

    public static Header? Read(CsvReader csv, ErrorList errors, string[] required, string[] optional)
    {
        if (!csv.Read())
        {
            errors.Add(1, $"the file is empty; expected a header row with {string.Join(", ", required)}");
            return null;
        }
        var header = new Header(csv.FieldCount);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var name = csv.Text(i).Trim();
            if (Array.IndexOf(required, name) < 0 && Array.IndexOf(optional, name) < 0)
            {
                errors.Add(csv.Line, $"unknown column '{name}' (expected {string.Join(", ", required.Concat(optional))})");
            }
            else if (!header._positions.TryAdd(name, i))
            {
                errors.Add(csv.Line, $"column '{name}' appears twice");
            }
        }
        foreach (var name in required)
        {
            if (header[name] < 0) errors.Add(csv.Line, $"missing required column '{name}'");
        }
        return errors.Count > 0 ? null : header;
    }
}
