using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Genealogy;

/// <summary>
/// Who may see whom: a member sees itself and its own downline, nobody else. Every page and
/// action of the virtual office asks here, on the server, for every request. A member outside
/// the viewer's downline and a member that does not exist get the same answer, so that a
/// guessed id tells nothing.
/// </summary>
public sealed class Visibility(ArborContext db)
{
    /// <summary>The member <paramref name="handle"/> when <paramref name="viewerId"/> may see it; else "not found".</summary>
    public async Task<Outcome<Member>> SeeAsync(long viewerId, string handle, CancellationToken ct = default)
    {
        var viewer = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == viewerId, ct);
        var target = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        return viewer is not null && target is not null && Sees(viewer, target) ? target : NotFound(handle);
    }

    /// <summary>The viewer's own member record.</summary>
    public async Task<Outcome<Member>> SelfAsync(long viewerId, CancellationToken ct = default) =>
        await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == viewerId, ct) is { } self ? self : NotFound("(you)");

    /// <summary>Whether <paramref name="viewer"/> may see <paramref name="target"/>: the same member, or one below it in the sponsor tree.</summary>
    public static bool Sees(Member viewer, Member target) => target.Path.StartsWith(viewer.Path, StringComparison.Ordinal);

    private static Problem NotFound(string handle) => new("member", $"no member '{handle}' in your downline");
}
