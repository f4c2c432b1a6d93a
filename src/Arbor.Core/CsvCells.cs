namespace Arbor.Core;

/// <summary>
/// Text cells of the CSV files Arbor writes for people to open (the payment file): quoted when
/// needed, and neutralised against CSV injection (OWASP): a cell that starts with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading <c>'</c>, so that a
/// spreadsheet shows it as text instead of running it as a formula. The contract's batch files
/// are machine files with fixed bytes and do not go through this (docs/business-rules.md).
/// </summary>
public static class CsvCells
{
    public static string Text(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
