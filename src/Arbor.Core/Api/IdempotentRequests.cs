using System.Security.Cryptography;
using System.Text;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Api;

/// <summary>A request that carries an <c>Idempotency-Key</c>: who sent it, the key, and what was asked (method, path and body).</summary>
public sealed record IdempotencyKey(string Principal, string Key, string Request)
{
    public const int MaxLength = 200;

    /// <summary>The key as sent, checked: 1 to 200 printable ASCII characters.</summary>
    public static Outcome<IdempotencyKey> Parse(string principal, string? key, string request)
    {
        if (key is null) return new Problem("Idempotency-Key", "this request creates something: send an Idempotency-Key header (a unique value per request, such as a UUID) so that a retry never creates it twice");
        if (key.Length is 0 or > MaxLength || key.Any(c => c is < ' ' or > '~')) return new Problem("Idempotency-Key", $"an Idempotency-Key is 1 to {MaxLength} printable ASCII characters");
        return new IdempotencyKey(principal, key, request);
    }

    internal string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Request)));
}

/// <summary>What a create answered: the HTTP status, the new thing's address and the JSON body.</summary>
public sealed record StoredResponse(int Status, string? Location, string Body, bool Replayed = false);

/// <summary>
/// Runs a create once per idempotency key. The create and its response are stored in one transaction: either both the order (or
/// member, or return) and its response are in the database or neither is. A retry with the same
/// key, also on another app server and also after a crash, gets the stored response; the same key
/// with a different request is refused. A refused create stores nothing, so it can be corrected
/// and sent again with the same key. Whatever else the create stages in the context (its audit
/// entry) is saved with the response.
/// </summary>
public sealed class IdempotentRequests(ArborContext db, TimeProvider clock)
{
    public async Task<Outcome<StoredResponse>> RunAsync(IdempotencyKey key, Func<CancellationToken, Task<Outcome<StoredResponse>>> create, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await StoredAsync(key, ct) is { } earlier) return earlier;
            try
            {
                return await CreateAsync(key, create, ct);
            }
            catch (DbUpdateException e) when (Conflicts.IsUniqueViolation(e) && attempt < 3)
            {
                // The same key was served meanwhile (a double click, a retry on another server): this
                // transaction is rolled back with what it created, and the loop replays the stored answer.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The create and its response in one transaction. The use case takes the company lock itself,
    /// before it writes (SQLite's transactions take the write lock at their start anyway), so its
    /// checks run outside the lock; a second request with the same key that got this far meets the
    /// response's primary key when it stores its own, and is rolled back.
    /// </summary>
    private async Task<Outcome<StoredResponse>> CreateAsync(IdempotencyKey key, Func<CancellationToken, Task<Outcome<StoredResponse>>> create, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await create(ct);
        if (!created.Ok) return created;
        var response = created.Value!;
        db.ApiRequests.Add(new ApiRequest
        {
            Principal = key.Principal,
            IdempotencyKey = key.Key,
            Fingerprint = key.Fingerprint,
            Status = response.Status,
            Location = response.Location,
            Body = response.Body,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return response;
    }

    private async Task<Outcome<StoredResponse>?> StoredAsync(IdempotencyKey key, CancellationToken ct)
    {
        var stored = await db.ApiRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Principal == key.Principal && r.IdempotencyKey == key.Key, ct);
        if (stored is null) return null;
        if (stored.Fingerprint != key.Fingerprint) return Outcome<StoredResponse>.Fail("Idempotency-Key", $"key '{key.Key}' was used with a different request: use a new key for a new request");
        return new StoredResponse(stored.Status, stored.Location, stored.Body, Replayed: true);
    }
}
