using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Members;

/// <summary>Members for the back office: searched by handle, name or e-mail, a page at a time.</summary>
public sealed class MemberQueries(ArborContext db)
{
    public const int MaxPageSize = 200;

    /// <param name="search">Part of a handle, name or e-mail (any case); empty for all members.</param>
    public async Task<IReadOnlyList<Member>> SearchAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Clamp(page, 1, 1_000_000), Math.Clamp(pageSize, 1, MaxPageSize));
        var members = db.Members.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            members = members.Where(m => m.Handle.ToLower().Contains(s) || m.Name.ToLower().Contains(s) || m.Email.Contains(s));
        }
        return await members.OrderBy(m => m.Handle).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
    }

    public Task<Member?> ByHandleAsync(string handle, CancellationToken ct = default) =>
        db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);

    public Task<Member?> ByIdAsync(long id, CancellationToken ct = default) =>
        db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
}
