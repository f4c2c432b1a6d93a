using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Members;

/// <summary>A member as lists and the API show it: with its sponsor's handle.</summary>
public sealed record MemberSummary(
    long Id, string Handle, string Name, string Email, string Country, string Language, DateOnly JoinedOn,
    string? Sponsor, int Depth, string Status, DateOnly StatusSince);

/// <summary>
/// Which members to list: those after <paramref name="AfterId"/> in id order (keyset paging, stable
/// while members join), within <paramref name="Viewer"/>'s downline (null: the whole company),
/// filtered by status, country and a search text.
/// </summary>
public sealed record MemberFilter(Member? Viewer, long AfterId, int Limit, string? Status = null, string? Country = null, string? Search = null);

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

    /// <summary>A page of members in id order; the last one's id is the next page's <see cref="MemberFilter.AfterId"/>.</summary>
    public async Task<IReadOnlyList<MemberSummary>> PageAsync(MemberFilter f, CancellationToken ct = default)
    {
        var members = db.Members.AsNoTracking().Where(m => m.Id > f.AfterId);
        if (f.Viewer is { } viewer) members = members.Where(m => m.Path.StartsWith(viewer.Path));
        if (!string.IsNullOrWhiteSpace(f.Status)) members = members.Where(m => m.Status == f.Status);
        if (!string.IsNullOrWhiteSpace(f.Country)) members = members.Where(m => m.Country == f.Country.ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var s = f.Search.Trim().ToLowerInvariant();
            members = members.Where(m => m.Handle.ToLower().Contains(s) || m.Name.ToLower().Contains(s) || m.Email.Contains(s));
        }
        return await Summaries(members.OrderBy(m => m.Id).Take(Math.Clamp(f.Limit, 1, MaxPageSize))).ToListAsync(ct);
    }

    /// <summary>One member with its sponsor's handle.</summary>
    public Task<MemberSummary?> SummaryAsync(long id, CancellationToken ct = default) =>
        Summaries(db.Members.AsNoTracking().Where(m => m.Id == id)).SingleOrDefaultAsync(ct);

    private IQueryable<MemberSummary> Summaries(IQueryable<Member> members) =>
        members.Select(m => new MemberSummary(
            m.Id, m.Handle, m.Name, m.Email, m.Country, m.Language, m.JoinedOn,
            db.Members.Where(s => s.Id == m.SponsorId).Select(s => s.Handle).FirstOrDefault(),
            m.Depth, m.Status, m.StatusSince));

    public Task<Member?> ByHandleAsync(string handle, CancellationToken ct = default) =>
        db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);

    public Task<Member?> ByIdAsync(long id, CancellationToken ct = default) =>
        db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
}
