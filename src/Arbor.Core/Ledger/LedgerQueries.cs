using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Ledger;

/// <summary>A member's ledger: its entries in order and the running balance.</summary>
public sealed record Statement(Member Member, IReadOnlyList<(LedgerEntry Entry, decimal Balance)> Entries, decimal Balance);

/// <summary>Reads the ledger. Balances are sums of entries, never stored.</summary>
public sealed class LedgerQueries(ArborContext db)
{
    public async Task<Outcome<Statement>> ForMemberAsync(string handle, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        if (member is null) return new Problem("member", $"unknown member '{handle}'");
        var account = Posting.MemberAccount(member.Id);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.Account == account).OrderBy(e => e.Id).ToListAsync(ct);
        var running = 0m;
        var rows = entries.Select(e => (e, running += e.Amount)).ToList();
        return new Statement(member, rows, running);
    }

    /// <summary>Every member account's balance (summed here: SQLite cannot add decimals exactly).</summary>
    public async Task<Dictionary<long, decimal>> MemberBalancesAsync(CancellationToken ct = default)
    {
        var balances = new Dictionary<long, decimal>();
        var rows = db.LedgerEntries.AsNoTracking().Where(e => e.MemberId != null).Select(e => new { e.MemberId, e.Amount }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct)) balances[row.MemberId!.Value] = balances.GetValueOrDefault(row.MemberId.Value) + row.Amount;
        return balances;
    }

    /// <summary>The members with the largest balances (what the company owes them), largest first.</summary>
    public async Task<IReadOnlyList<(Member Member, decimal Balance)>> LargestBalancesAsync(int count, CancellationToken ct = default)
    {
        var top = (await MemberBalancesAsync(ct)).Where(b => b.Value != 0).OrderByDescending(b => b.Value).ThenBy(b => b.Key).Take(count).ToList();
        var ids = top.Select(b => b.Key).ToList();
        var members = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        return top.Select(b => (members[b.Key], b.Value)).ToList();
    }
}
