using Arbor.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core;

/// <summary>
/// A use case's transaction: its own, or the caller's when the caller has one open (an idempotent
/// API request stores its response in the same transaction as what it created). Committing or
/// disposing the caller's transaction is left to the caller.
/// </summary>
internal sealed class OwnTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _own;

    private OwnTransaction(IDbContextTransaction current, IDbContextTransaction? own)
    {
        Current = current;
        _own = own;
    }

    public IDbContextTransaction Current { get; }

    public static async Task<OwnTransaction> BeginAsync(ArborContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } ambient) return new OwnTransaction(ambient, null);
        var own = await db.Database.BeginTransactionAsync(ct);
        return new OwnTransaction(own, own);
    }

    public Task CommitAsync(CancellationToken ct) => _own?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
