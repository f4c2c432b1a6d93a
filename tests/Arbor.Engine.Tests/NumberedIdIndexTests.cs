using System.Globalization;
using System.Text;
using Arbor.Engine.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Engine.Tests;

/// <summary>
/// The id index finds each id's first member and reports every repeat, whether it indexes the
/// ids by their number (one prefix and digits, as exports write them) or by hash.
/// </summary>
public class NumberedIdIndexTests
{
    [Fact]
    public void Lookups_AreThoseOfADictionary_WhateverTheIdsLookLike() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(600), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).ToArbitrary(),
            seed =>
            {
                var random = new Random(seed);
                var style = random.Next(6);
                var ids = new List<string>();
                for (var n = random.Next(1, 80); ids.Count < n;)
                {
                    ids.Add(ids.Count > 0 && random.Next(8) == 0 ? ids[random.Next(ids.Count)] : Id(random, style));
                }
                var duplicates = new List<(int First, int Again)>();
                var index = new Utf8IdIndex(IdList.Of(ids), duplicates);

                var first = new Dictionary<string, int>(StringComparer.Ordinal);
                var expectedDuplicates = new List<(int, int)>();
                for (var i = 0; i < ids.Count; i++)
                {
                    if (first.TryGetValue(ids[i], out var f)) expectedDuplicates.Add((f, i));
                    else first[ids[i]] = i;
                }
                // Queries: every id, and near misses of every style (other widths, leading zeros, other prefixes, too long).
                var queries = ids.Concat(Enumerable.Range(0, 60).Select(_ => Id(random, random.Next(7)))).ToList();
                return duplicates.SequenceEqual(expectedDuplicates)
                    && queries.All(q => index.IndexOf(Encoding.UTF8.GetBytes(q)) == first.GetValueOrDefault(q, -1));
            }));

    [Theory]
    [InlineData(new[] { "M0", "M1", "M10", "M2" }, true)] // an export: numbers without leading zeros
    [InlineData(new[] { "M000", "M001", "M010" }, true)] // one width, zeros in front
    [InlineData(new[] { "M0", "M01" }, false)] // zeros in front and two widths: 1 would name two ids
    [InlineData(new[] { "M1", "N2" }, false)] // two prefixes
    [InlineData(new[] { "M1", "M5000" }, false)] // numbers too sparse for a table
    [InlineData(new[] { "M1", "M1x" }, false)] // not digits after the prefix
    public void IdsOfOnePrefixAndDenseNumbers_AreIndexedByNumber(string[] ids, bool numbered)
    {
        var index = new Utf8IdIndex(IdList.Of(ids), []);
        Assert.Equal(numbered, index.IsNumbered);
        for (var i = 0; i < ids.Length; i++) Assert.Equal(i, index.IndexOf(Encoding.UTF8.GetBytes(ids[i])));
    }

    /// <summary>An id in one of a few styles: 0–1 export (prefix, number, sometimes padded), 2 padded to one width, 3 bare numbers, 4 other prefixes, 5 anything, 6 long digits.</summary>
    private static string Id(Random random, int style)
    {
        var number = random.Next(style == 6 ? 1_000_000_000 : 120);
        return style switch
        {
            0 => "M" + number.ToString(CultureInfo.InvariantCulture),
            1 => "M" + number.ToString(random.Next(4) == 0 ? "D3" : "D", CultureInfo.InvariantCulture),
            2 => "M" + number.ToString("D4", CultureInfo.InvariantCulture),
            3 => number.ToString(CultureInfo.InvariantCulture),
            4 => (random.Next(2) == 0 ? "M" : "MM") + number.ToString(CultureInfo.InvariantCulture),
            5 => string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => "M0a-é"[random.Next(5)])),
            _ => "M" + number.ToString(CultureInfo.InvariantCulture) + "0",
        };
    }
}
