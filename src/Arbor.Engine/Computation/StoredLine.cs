using System.Runtime.CompilerServices;

namespace Arbor.Engine.Computation;

/// <summary>
/// A payout line as the engine stores it, 16 bytes: what <see cref="PayoutLine"/> holds
/// besides the bonus (the same for a whole chunk). <see cref="Source"/> is the order for
/// order-based bonuses, whose source member is the order's member, and the source member for
/// the others. The payee, the source and the level share eight bytes (27, 27 and 10 bits): a
/// period has fewer than 2^27 members and orders (<see cref="MaxNumber"/>; a batch file holds at
/// most 10^8 lines), and a level from <see cref="DeepLevel"/> up is kept beside the store
/// (<see cref="PayoutLineStore"/>), since almost every level is a few steps up a tree.
/// </summary>
internal struct StoredLine
{
    /// <summary>The highest member or order number a line can name.</summary>
    public const int MaxNumber = (1 << NumberBits) - 1;

    /// <summary>The level kept in the line for every level from this one up; the store keeps the real one.</summary>
    public const int DeepLevel = (1 << LevelBits) - 1;

    private const int NumberBits = 27;
    private const int LevelBits = 64 - 2 * NumberBits;

    public long Cents;
    private ulong _packed;

    /// <summary>A line of <paramref name="cents"/>; a level from <see cref="DeepLevel"/> up is kept as <see cref="DeepLevel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StoredLine(int payee, int source, int level, long cents)
    {
        if (unchecked((uint)payee > MaxNumber || (uint)source > MaxNumber) || level < 0) Refuse(payee, source, level);
        Cents = cents;
        _packed = unchecked((uint)payee | (ulong)(uint)source << NumberBits | (ulong)(uint)Math.Min(level, DeepLevel) << (2 * NumberBits));
    }

    public readonly int Payee => unchecked((int)(_packed & MaxNumber));

    public readonly int Source => unchecked((int)(_packed >> NumberBits & MaxNumber));

    /// <summary>The line's level, or <see cref="DeepLevel"/> for a level from there up.</summary>
    public readonly int Level => unchecked((int)(_packed >> (2 * NumberBits)));

    private static void Refuse(int payee, int source, int level) => throw new InvalidOperationException(
        $"A payout line names payee {payee}, source {source} and level {level}: members and orders are numbered 0 to {MaxNumber}, levels from 0.");
}
