using System.Security.Cryptography;
using System.Text;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Api;

/// <summary>A new token: its record and the secret, which is shown this once and never stored.</summary>
public sealed record NewToken(ApiToken Token, string Secret);

/// <summary>
/// Personal access tokens of the REST API. An admin creates one (named, scoped <c>read</c> or
/// <c>write</c>), hands its secret to the system that calls the API, and revokes it when that
/// system no longer needs it. Only the SHA-256 of a secret is stored, so a copy of the database
/// gives no one access; every creation and revocation is in the audit trail.
/// </summary>
public sealed class AccessTokens(ArborContext db, TimeProvider clock)
{
    /// <summary>Every secret starts with this, so that scanners and people can tell what it is.</summary>
    public const string Prefix = "arb_";

    public static readonly IReadOnlyList<string> Scopes = ["read", "write"];

    public async Task<Outcome<NewToken>> CreateAsync(string name, string scope, string actor, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl)) return new Problem("name", "a token needs a name of 1 to 100 characters (what system uses it)");
        if (!Scopes.Contains(scope)) return new Problem("scope", $"scope '{scope}' is not one of: {string.Join(", ", Scopes)}");
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            Name = name,
            TokenHash = Hash(secret),
            Hint = secret[..(Prefix.Length + 6)],
            Scope = scope,
            CreatedBy = actor,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        db.AuditEntries.Add(new AuditEntry { At = token.CreatedAt, Actor = actor, Action = "token.create", Subject = $"token {token.Id}", Details = $"{name} ({scope})" });
        await db.SaveChangesAsync(ct);
        return new NewToken(token, secret);
    }

    public async Task<Outcome<ApiToken>> RevokeAsync(long id, string actor, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null) return new Problem("token", $"no token {id}");
        if (token.RevokedAt is not null) return new Problem("token", $"token {id} ({token.Name}) was revoked already by {token.RevokedBy}");
        token.RevokedAt = clock.GetUtcNow();
        token.RevokedBy = actor;
        db.AuditEntries.Add(new AuditEntry { At = token.RevokedAt.Value, Actor = actor, Action = "token.revoke", Subject = $"token {id}", Details = token.Name });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>All tokens, the newest first; revoked ones stay listed.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct = default) =>
        await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync(ct);

    /// <summary>The live (not revoked) token whose secret this is; null for anything else.</summary>
    public async Task<ApiToken?> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200) return null;
        var hash = Hash(secret);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        return token is { RevokedAt: null } ? token : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
