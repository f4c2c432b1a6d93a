using System.Collections.Concurrent;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Tests;

/// <summary>
/// Ranges a core done early shares (<see cref="SharedRanges"/>): however the cores split the
/// work, the states in the order returned hold every item once, in order, each state one
/// consecutive run walked by one core at a time — what keeps a bonus's lines in the order of
/// one walk.
/// </summary>
public class SharedRangesTests
{
    /// <summary>What a state was given: its steps in the order they came, and whether two came at once.</summary>
    private sealed class Steps
    {
        private int _inside;

        public List<(int From, int To)> Taken { get; } = [];

        public bool Overlapped { get; private set; }

        public void Add(int from, int to, Action whileInside)
        {
            if (Interlocked.Increment(ref _inside) != 1) Overlapped = true;
            whileInside();
            Taken.Add((from, to));
            Interlocked.Decrement(ref _inside);
        }
    }

    /// <summary>The states' steps joined in order are 0 .. items, each state's steps back to back.</summary>
    private static void ShouldCoverInOrder(List<Steps> states, int items)
    {
        var next = 0;
        foreach (var state in states)
        {
            Assert.False(state.Overlapped, "two cores walked one state at once");
            foreach (var (from, to) in state.Taken)
            {
                Assert.Equal(next, from); // a step starts where the one before it ended
                Assert.True(to > from);
                Assert.True(to - from <= SharedRanges.Step);
                next = to;
            }
        }
        Assert.Equal(items, next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_095)]
    [InlineData(8_192)]
    [InlineData(100_003)]
    public void Every_item_once_in_order_whatever_each_step_costs(int items)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            // Steps of random cost, so that the cores finish their ranges at different times and take halves.
            var spins = Enumerable.Range(0, items / SharedRanges.Step + 1).Select(_ => random.Next(0, 20_000)).ToArray();
            var states = SharedRanges.Walk(items, () => new Steps(), (from, to, state) => state.Add(from, to, () => Thread.SpinWait(spins[from / SharedRanges.Step])));
            ShouldCoverInOrder(states, items);
        }
    }

    [Fact]
    public void A_core_done_early_takes_half_of_what_another_has_left()
    {
        if (Cores.PartsFor(100_000) < 2) return; // one core: nothing to share
        var items = 100_000;
        var made = 0;
        var taken = new ManualResetEventSlim();
        var walkedBy = new ConcurrentDictionary<Steps, int>();
        var states = SharedRanges.Walk(items, () =>
        {
            if (Interlocked.Increment(ref made) > Cores.PartsFor(items)) taken.Set();
            return new Steps();
        }, (from, to, state) =>
        {
            walkedBy[state] = Environment.CurrentManagedThreadId;
            // The first range's core waits at its first step until another core has taken half of the rest.
            state.Add(from, to, () => { if (from == 0) Assert.True(taken.Wait(TimeSpan.FromSeconds(30)), "no core took half of the first range"); });
        });
        ShouldCoverInOrder(states, items);
        Assert.True(states.Count > Cores.PartsFor(items));
        // The first range ended short of its cut, at most halfway through what it had left after
        // its first step; another core walked the part taken from it, which follows it.
        Assert.True(states[0].Taken[^1].To <= SharedRanges.Step + (items / Cores.PartsFor(items) - SharedRanges.Step) / 2);
        Assert.NotEqual(walkedBy[states[0]], walkedBy[states[1]]);
    }
}
