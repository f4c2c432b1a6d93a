namespace Arbor.Engine.Computation;

/// <summary>
/// A payout line as the engine stores it, 20 bytes: what <see cref="PayoutLine"/> holds
/// besides the bonus (the same for a whole chunk). <see cref="Source"/> is the order for
/// order-based bonuses, whose source member is the order's member, and the source member for
/// the others.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
internal struct StoredLine
{
    public long Cents;
    public int Payee;
    public int Source;
    public int Level;
}
