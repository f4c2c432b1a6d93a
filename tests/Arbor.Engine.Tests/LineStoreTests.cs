using Arbor.Engine.Computation;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>
/// The store of payout lines: a line packs its payee, source and level into eight bytes, and a
/// level too deep for them is kept beside the store, found again at the line's position.
/// </summary>
public class LineStoreTests
{
    [Fact]
    public void A_stored_line_keeps_every_number_in_its_range_and_refuses_the_rest()
    {
        foreach (var (payee, source, level) in new[] { (0, 0, 0), (StoredLine.MaxNumber, StoredLine.MaxNumber, StoredLine.DeepLevel - 1), (12_345, 67_890_123, 7) })
        {
            var line = new StoredLine(payee, source, level, -4_000_000_000_000L);
            Assert.Equal((payee, source, level, -4_000_000_000_000L), (line.Payee, line.Source, line.Level, line.Cents));
        }
        Assert.Equal(StoredLine.DeepLevel, new StoredLine(1, 2, StoredLine.DeepLevel, 5).Level);
        Assert.Equal(StoredLine.DeepLevel, new StoredLine(1, 2, int.MaxValue, 5).Level);
        Assert.Throws<InvalidOperationException>(() => new StoredLine(StoredLine.MaxNumber + 1, 0, 0, 1));
        Assert.Throws<InvalidOperationException>(() => new StoredLine(0, -1, 0, 1));
        Assert.Throws<InvalidOperationException>(() => new StoredLine(0, 0, -1, 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lines_of_several_sinks_chunks_and_blocks_come_back_whole_deep_levels_included(int seed)
    {
        // Three sinks as three ranges of one bonus would fill them: each line to its payee's block, most
        // to block 0 so that it takes several chunks, a tenth of the levels too deep for a stored line.
        var random = new Random(seed);
        const int Payees = 50_000;
        var blockOf = new byte[Payees];
        for (var m = 0; m < Payees; m++) blockOf[m] = (byte)(random.Next(3) == 0 ? random.Next(PayoutLineStore.Blocks) : 0);
        var store = new PayoutLineStore();
        var written = new List<List<(int Payee, int Source, int Level, long Cents)>[]>();
        var chunksOf = new List<int>(); // per store chunk, its sink
        for (var s = 0; s < 3; s++)
        {
            var sink = new LineSink(BonusType.Stairstep, null, false, blockOf);
            var byBlock = Enumerable.Range(0, PayoutLineStore.Blocks).Select(_ => new List<(int, int, int, long)>()).ToArray();
            for (var i = 0; i < 40_000; i++)
            {
                var payee = random.Next(Payees);
                var source = random.Next(5) == 0 ? StoredLine.MaxNumber : random.Next(3_000_000);
                var level = random.Next(10) switch
                {
                    0 => StoredLine.DeepLevel + random.Next(100_000_000),
                    1 => StoredLine.DeepLevel - random.Next(2),
                    _ => random.Next(40),
                };
                var cents = random.NextInt64(-200_000_000_000L, 200_000_000_000L) | 1;
                sink.Write(payee, source, -1, level, cents);
                byBlock[blockOf[payee]].Add((payee, source, level, cents));
            }
            var before = store.ChunkCount;
            store.Append(sink);
            chunksOf.AddRange(Enumerable.Repeat(s, store.ChunkCount - before));
            written.Add(byBlock);
        }
        for (var s = 0; s < written.Count; s++) Assert.True(Enumerable.Range(0, store.ChunkCount).Count(c => chunksOf[c] == s && store.BlockOf(c) == 0) > 1, "block 0 takes several chunks of each sink");

        var next = written.Select(_ => new int[PayoutLineStore.Blocks]).ToArray();
        var lines = new PayoutLine[PayoutLineStore.ChunkSize];
        for (var c = 0; c < store.ChunkCount; c++)
        {
            var count = store.Chunk(c).Length;
            var positions = Enumerable.Range(c << PayoutLineStore.ChunkBits, count).ToArray();
            store.GatherStored(positions, lines);
            var (sinkOf, block) = (chunksOf[c], store.BlockOf(c));
            for (var i = 0; i < count; i++)
            {
                var expected = written[sinkOf][block][next[sinkOf][block]++];
                Assert.Equal(expected, (lines[i].Payee, lines[i].SourceOrder, lines[i].Level, lines[i].Cents));
            }
        }
        for (var s = 0; s < written.Count; s++)
        {
            for (var b = 0; b < PayoutLineStore.Blocks; b++) Assert.Equal(written[s][b].Count, next[s][b]);
        }
    }
}
