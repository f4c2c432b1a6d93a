namespace Arbor.Core.Placement;

/// <summary>How a new member is placed in a binary tree.</summary>
public enum BinaryPlacement
{
    /// <summary>The company's default (its <c>binary_default</c> setting).</summary>
    Default,

    /// <summary>The sponsor picks a free spot inside its own placement subtree.</summary>
    Manual,

    /// <summary>Down the outside left edge under the sponsor.</summary>
    ExtremeLeft,

    /// <summary>Down the outside right edge under the sponsor.</summary>
    ExtremeRight,

    /// <summary>A free side of the sponsor, else the first free spot, breadth-first, in its leg with fewer members.</summary>
    WeakerLeg,
}

/// <summary>A placement wish: the mode, and for manual placement the parent and side (<c>L</c>/<c>R</c>) or matrix position.</summary>
public sealed record PlacementRequest(BinaryPlacement Mode, string? ParentHandle = null, int? Position = null)
{
    public static readonly PlacementRequest Default = new(BinaryPlacement.Default);

    public static PlacementRequest Manual(string parentHandle, int position) => new(BinaryPlacement.Manual, parentHandle, position);
}

/// <summary>Where a member goes: the parent, the position under it, and the member's placement path and depth.</summary>
public sealed record PlacementSlot(long ParentId, int Position, string Path, int Depth);
