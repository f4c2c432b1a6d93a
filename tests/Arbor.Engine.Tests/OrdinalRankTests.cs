using Arbor.Engine.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Engine.Tests;

/// <summary>
/// Ids out of order are ranked as 16-byte keys when every id is short and below U+E000, else as
/// strings: either way the ranks are those of <see cref="string.CompareOrdinal(string, string)"/>
/// (the order of the output files) and every repeat names the first occurrence.
/// </summary>
public class OrdinalRankTests
{
    // Pieces ids are made of: ASCII, NUL (a key's padding), two- and three-byte characters
    // below U+E000, U+E000 and U+FFFD (UTF-8 lead byte 0xEE, 0xEF: after surrogates in UTF-16,
    // before them in bytes), and a character past U+FFFF (a surrogate pair).
    private static readonly string[] Pieces = ["A", "B", "Z", "a", "0", "9", "-", "\0", "é", "Ж", "€", "\uD7FB", "\uE000", "\uFFFD", "😀"];

    [Fact]
    public void Ranks_AreThoseOfOrdinalStringOrder_AndRepeatsNameTheirFirst() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).ToArbitrary(),
            seed =>
            {
                var random = new Random(seed);
                var kinds = random.Next(3); // 0: ASCII only (the keys), 1: any piece, 2: some ids too long for a key
                var ids = new List<string>();
                for (var n = random.Next(1, 60); ids.Count < n;)
                {
                    if (ids.Count > 0 && random.Next(6) == 0)
                    {
                        ids.Add(ids[random.Next(ids.Count)]); // a repeat
                        continue;
                    }
                    var length = random.Next(0, kinds == 2 ? 20 : 8);
                    var id = string.Concat(Enumerable.Range(0, length).Select(_ => Pieces[random.Next(kinds == 0 ? 7 : Pieces.Length)]));
                    ids.Add(id);
                }
                var rank = new int[ids.Count];
                var duplicates = OrdinalRanks.Compute(IdList.Of(ids), rank);

                var expectedOrder = Enumerable.Range(0, ids.Count).Order(Comparer<int>.Create((a, b) =>
                    string.CompareOrdinal(ids[a], ids[b]) is var c and not 0 ? c : a.CompareTo(b))).ToArray();
                var expectedDuplicates = Enumerable.Range(0, ids.Count)
                    .Select(i => (First: ids.IndexOf(ids[i]), Again: i)).Where(p => p.First != p.Again).ToHashSet();
                // Ranks agree with the order of the ids (equal ids may take each other's places).
                var ranksHold = Enumerable.Range(0, ids.Count).All(i => ids[expectedOrder[rank[i]]] == ids[i]) && rank.Distinct().Count() == ids.Count;
                return ranksHold && duplicates.Count == expectedDuplicates.Count && duplicates.All(expectedDuplicates.Contains);
            }));

    [Fact]
    public void AnIdFollowedByZeros_ComesAfterTheIdAlone()
    {
        // Keys pad with zeros: "A" and "A\0" differ only by length, which decides.
        var rank = new int[3];
        OrdinalRanks.Compute(IdList.Of(["A\0", "B", "A"]), rank);
        Assert.Equal([1, 2, 0], rank);
    }

    /// <summary>The ranks put the ids in <see cref="string.CompareOrdinal(string, string)"/> order, equal ids in index order.</summary>
    private static void AssertOrdinalOrder(List<string> ids, int[] rank)
    {
        var expected = Enumerable.Range(0, ids.Count).Order(Comparer<int>.Create((a, b) =>
            string.CompareOrdinal(ids[a], ids[b]) is var c and not 0 ? c : a.CompareTo(b))).ToArray();
        var got = new int[ids.Count];
        for (var i = 0; i < ids.Count; i++) got[rank[i]] = i;
        Assert.Equal(expected, got);
    }

    [Theory]
    [InlineData(200_000, "M", 1)] // an export's ids, M0 … M199999 shuffled: mixed radix, two passes
    [InlineData(3_000, "O", 2)]
    public void ExportIds_RankAsStrings(int count, string prefix, int seed)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(_ => random.Next()).ToList();
        ids.Add(ids[count / 2]); // a repeat, last
        var rank = new int[ids.Count];
        var duplicates = OrdinalRanks.Compute(IdList.Of(ids), rank);

        AssertOrdinalOrder(ids, rank);
        Assert.Equal([(ids.IndexOf(ids[count / 2]), count)], duplicates);
    }

    [Theory]
    [InlineData(40_000, 10_000, 4)] // many repeats, ranked and placed on every core
    [InlineData(40_000, 400_000, 5)] // few repeats
    [InlineData(9_000, 1_000_000, 6)] // none, most likely
    public void LargeSetsOfNumberedIds_RankAsStrings_AndEveryRepeatNamesItsFirst(int count, int numbers, int seed)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, count).Select(_ => "P" + random.Next(numbers).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var rank = new int[ids.Count];
        var duplicates = OrdinalRanks.Compute(IdList.Of(ids), rank);

        AssertOrdinalOrder(ids, rank);
        var first = new Dictionary<string, int>();
        var expectedDuplicates = new HashSet<(int, int)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!first.TryAdd(ids[i], i)) expectedDuplicates.Add((first[ids[i]], i));
        }
        Assert.Equal(expectedDuplicates.Count, duplicates.Count);
        Assert.True(expectedDuplicates.SetEquals(duplicates));
    }

    [Fact]
    public void IdsTooVariedForSixtyFourBits_RankAsStrings()
    {
        // 14 places of up to 62 values each: far past 64 bits in mixed radix, so 16-byte keys.
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var random = new Random(3);
        var ids = Enumerable.Range(0, 5_000).Select(_ => new string([.. Enumerable.Range(0, random.Next(10, 15)).Select(_ => Alphabet[random.Next(Alphabet.Length)])])).ToList();
        var rank = new int[ids.Count];
        OrdinalRanks.Compute(IdList.Of(ids), rank);

        var expected = Enumerable.Range(0, ids.Count).Order(Comparer<int>.Create((a, b) => string.CompareOrdinal(ids[a], ids[b]))).ToArray();
        var got = new int[ids.Count];
        for (var i = 0; i < ids.Count; i++) got[rank[i]] = i;
        Assert.Equal(expected, got);
    }
}
