using System.Text;
using System.Text.RegularExpressions;

namespace Arbor.Engine.Tests;

/// <summary>
/// Breaks a copy of an input file at random, the way a careless export or editor would: characters
/// flipped, dropped or inserted (odd ones included), lines deleted, repeated, swapped or cut, CSV
/// fields swapped or emptied, numbers replaced by extreme ones. The same seed gives the same breakage;
/// <see cref="Steps"/> says in words what was done, to reproduce a failure by hand.
/// </summary>
internal sealed partial class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>What was done, one entry per mutation.</summary>
    public List<string> Steps { get; } = [];

    private static readonly string[] OddCharacters =
    [
        "\0", "\uFEFF", "\"", "'", "[", "]", "{", "}", "&", "*", ":", "-", "\t", "\r", "\n", ",", "#", "!", "|", ">",
        "%", "@", "`", "?", " ", "\\", "\u00e9", "\u202e", "\u0001", "\u001b", "\u007f", "\u2028", "x", "0", "9", ".",
    ];

    private static readonly string[] ExtremeNumbers =
    [
        "1e309", "-1", "79228162514264337593543950336", "79228162514264337593543950335", "-79228162514264337593543950335",
        "0.00000000000000000000000000001", "0.0000000000000000000000000001", "9999999999999999999", "99999999999999999999999999",
        "922337203685477.5807", "92233720368547758.07", "4294967296", "2147483648", "2147483647", "-2147483648", "1000000000000",
        "1000000000000.000001", "1e28", "1E+5", "-0", "0x10", "NaN", "Infinity", "+5", ".5", "5.", "1_000", "0000000000000000000000000000001",
        "12345678901234567890.123456789", "0", "100", "100.0000001", "101", "1000000", "-0.0000001", "\u0661\u0662",
    ];

    /// <summary>Applies one to four mutations to <paramref name="text"/>; CSV-only kinds are used for CSV files.</summary>
    public string Mutate(string text, bool csv)
    {
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++) text = MutateOnce(text, csv);
        return text;
    }

    /// <summary>The text as UTF-8; one time in eight with a byte that is not UTF-8 (a lone lead, a stray continuation, 0xFF) put in at random.</summary>
    public byte[] Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (_random.Next(8) != 0) return bytes;
        var at = _random.Next(bytes.Length + 1);
        var odd = new byte[] { 0xFF, 0xC3, 0x80, 0xE2, 0xFE }[_random.Next(5)];
        Steps.Add($"insert byte 0x{odd:X2} at byte {at}");
        return [.. bytes.AsSpan(0, at), odd, .. bytes.AsSpan(at)];
    }

    private string MutateOnce(string text, bool csv)
    {
        var kind = _random.Next(csv ? 14 : 12);
        switch (kind)
        {
            case 0:
            case 1:
            {
                var odd = Pick(OddCharacters);
                var at = Position(text, inclusive: false);
                if (at < 0) return Insert(text, 0, odd);
                Steps.Add($"replace character {at} by {Show(odd)}");
                return text[..at] + odd + text[(at + 1)..];
            }
            case 2:
            {
                var at = Position(text, inclusive: false);
                if (at < 0) return text;
                Steps.Add($"drop character {at}");
                return text.Remove(at, 1);
            }
            case 3:
                return Insert(text, Position(text, inclusive: true), Pick(OddCharacters));
            case 4:
            case 5:
            {
                // The first number at or after a random place (or the first of the file).
                var m = Number().Match(text, Position(text, inclusive: true));
                if (!m.Success) m = Number().Match(text);
                if (!m.Success) return text;
                var extreme = Pick(ExtremeNumbers);
                Steps.Add($"replace number '{m.Value}' at {m.Index} by {Show(extreme)}");
                return text[..m.Index] + extreme + text[(m.Index + m.Length)..];
            }
            case 6:
                return EditLines(text, "delete", (lines, i) => lines.RemoveAt(i));
            case 7:
                return EditLines(text, "repeat", (lines, i) => lines.Insert(i, lines[i]));
            case 8:
                return EditLines(text, "truncate", (lines, i) => lines[i] = lines[i][..Math.Max(0, _random.Next(lines[i].Length + 1))]);
            case 9:
                return EditLines(text, "swap with the next", (lines, i) =>
                {
                    var j = Math.Min(i + 1, lines.Count - 1);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                });
            case 10:
            {
                var at = _random.Next(text.Length + 1);
                Steps.Add($"cut the file at {at}");
                return text[..at];
            }
            case 11:
                return text.Contains('\n') && _random.Next(2) == 0
                    ? Steps.AddAndReturn("CRLF line endings", text.Replace("\n", "\r\n", StringComparison.Ordinal))
                    : Steps.AddAndReturn("byte order mark", "\uFEFF" + text);
            case 12:
                return EditLines(text, "swap two fields of", (lines, i) =>
                {
                    var fields = lines[i].Split(',');
                    if (fields.Length < 2) return;
                    int a = _random.Next(fields.Length), b = _random.Next(fields.Length);
                    (fields[a], fields[b]) = (fields[b], fields[a]);
                    lines[i] = string.Join(',', fields);
                });
            default:
                return EditLines(text, "empty a field of", (lines, i) =>
                {
                    var fields = lines[i].Split(',');
                    fields[_random.Next(fields.Length)] = "";
                    lines[i] = string.Join(',', fields);
                });
        }
    }

    private string Insert(string text, int at, string odd)
    {
        Steps.Add($"insert {Show(odd)} at {at}");
        return text.Insert(at, odd);
    }

    private string EditLines(string text, string what, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        // The last entry after a final line break is empty: never pick it.
        var usable = lines.Count > 1 && lines[^1].Length == 0 ? lines.Count - 1 : lines.Count;
        if (usable == 0) return text;
        var i = _random.Next(usable);
        Steps.Add($"{what} line {i + 1}");
        edit(lines, i);
        return string.Join('\n', lines);
    }

    private int Position(string text, bool inclusive) =>
        text.Length == 0 ? (inclusive ? 0 : -1) : _random.Next(text.Length + (inclusive ? 1 : 0));

    private string Pick(string[] from) => from[_random.Next(from.Length)];

    private static string Show(string s) =>
        string.Concat(s.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex Number();
}

internal static class StepList
{
    public static string AddAndReturn(this List<string> steps, string step, string text)
    {
        steps.Add(step);
        return text;
    }
}
