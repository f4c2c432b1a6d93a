namespace Arbor.Core.Genealogy;

/// <summary>
/// Materialized paths (docs/decisions/0002-genealogy-materialized-paths.md). A sponsor path is
/// the ids from the root down, each followed by '/': "1/5/23/". A placement path is the
/// placement root's id and ':' then one character per level for the position taken
/// ('0' left, '1' right; matrix positions 0–9, a–z): "1:0110". A subtree is every path that
/// starts with its head's path: one index range scan, compared as bytes.
/// </summary>
public static class TreePath
{
    private const string Positions = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The widest matrix a placement path can encode.</summary>
    public const int MaxWidth = 36;

    public static string SponsorRoot(long id) => $"{id}/";

    public static string SponsorChild(string sponsorPath, long id) => $"{sponsorPath}{id}/";

    public static string PlacementRoot(long id) => $"{id}:";

    public static string PlacementChild(string parentPath, int position) => parentPath + Positions[position];

    /// <summary>The exclusive upper bound of the paths that start with <paramref name="path"/>: every path character sorts below DEL.</summary>
    public static string UpperBound(string path) => path + '\u007f';
}
