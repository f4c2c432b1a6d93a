using System.Text.Json;

namespace Arbor.Web;

/// <summary>A chart's data as the JSON island admin.js reads: labels, type, and named, coloured series (null leaves a gap).</summary>
public static class Charts
{
    public static string Json(IReadOnlyList<string> labels, string type, params (string Name, string Color, IEnumerable<decimal?> Values)[] series) =>
        JsonSerializer.Serialize(new { labels, type, series = series.Select(s => new { name = s.Name, color = s.Color, values = s.Values.ToArray() }) });
}
