using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Arbor.Web.Tests;

/// <summary>Every UI text exists in all four languages, and every text a page asks for exists.</summary>
public sealed partial class LanguageTests
{
    private static readonly string Resources = Path.Combine(Pages.RepositoryRoot(), "src", "Arbor.Web", "Resources");

    public static TheoryData<string> Areas() => [.. Directory.GetFiles(Resources, "*.resx").Select(Path.GetFileNameWithoutExtension).Where(n => !n!.Contains('.')).Select(n => n!)];

    private static Dictionary<string, string> Keys(string area, string language)
    {
        var file = Path.Combine(Resources, language.Length == 0 ? $"{area}.resx" : $"{area}.{language}.resx");
        Assert.True(File.Exists(file), $"{file} is missing");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
    }

    [Theory, MemberData(nameof(Areas))]
    public void Every_text_exists_in_every_language_and_is_not_empty(string area)
    {
        var english = Keys(area, "");
        foreach (var language in new[] { "nl", "nb", "id" })
        {
            var other = Keys(area, language);
            var missing = english.Keys.Except(other.Keys).ToList();
            var extra = other.Keys.Except(english.Keys).ToList();
            Assert.True(missing.Count == 0, $"{area}.{language}.resx lacks {string.Join(", ", missing)}");
            Assert.True(extra.Count == 0, $"{area}.{language}.resx has keys English does not: {string.Join(", ", extra)}");
            var empty = other.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key).ToList();
            Assert.True(empty.Count == 0, $"{area}.{language}.resx has empty texts: {string.Join(", ", empty)}");
            var placeholders = english.Where(kv => Placeholders(kv.Value) != Placeholders(other[kv.Key])).Select(kv => kv.Key).ToList();
            Assert.True(placeholders.Count == 0, $"{area}.{language}.resx: placeholders differ from English in {string.Join(", ", placeholders)}");
        }
    }

    [Fact]
    public void Every_text_a_page_asks_for_exists()
    {
        // Pages ask T["…"] (Ui), O["…"] (Office), A["…"] (Admin), S["…"] (Shop); page models ask t["…"] of their area.
        var areas = new Dictionary<string, string> { ["T"] = "Ui", ["O"] = "Office", ["A"] = "Admin", ["S"] = "Shop" };
        var known = areas.Values.Distinct().ToDictionary(a => a, a => Keys(a, "").Keys.ToHashSet());
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Pages.RepositoryRoot(), "src", "Arbor.Web"), "*.cshtml", SearchOption.AllDirectories))
        {
            foreach (Match m in Lookup().Matches(File.ReadAllText(file)))
            {
                var area = areas[m.Groups[1].Value];
                if (!known[area].Contains(m.Groups[2].Value)) missing.Add($"{Path.GetFileName(file)}: {area}[\"{m.Groups[2].Value}\"]");
            }
        }
        Assert.True(missing.Count == 0, string.Join("; ", missing));
    }

    private static string Placeholders(string text) => string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\b([TOAS])\[""([^""]+)""\]")]
    private static partial Regex Lookup();

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
