using System.Globalization;
using System.Text;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Arbor.Core.Ledger;

/// <summary>What a payout batch holds.</summary>
public sealed record PayoutFile(string Period, int Members, decimal Total, string Currency, bool Confirmed, bool New);

/// <summary>
/// Payouts of a closed period: <see cref="ExportAsync"/> fixes the batch once (every member whose
/// available balance is at or above the company's minimum; the rest carry their balances on) and
/// writes the payment file; exporting again rewrites the same batch. <see cref="ConfirmAsync"/>
/// posts the payout entries once, when the bank has paid, and marks the period paid.
/// </summary>
public sealed class Payouts(ArborDatabase database, TimeProvider clock)
{
    public async Task<Outcome<PayoutFile>> ExportAsync(string period, string path, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed: close it before paying it");
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        var batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
        await using var tx = batch is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var created = false;
        if (tx is not null)
        {
            await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
            // Another export may have fixed the batch while this one waited for the lock.
            batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
            if (batch is null)
            {
                batch = await NewBatchAsync(db, closed.Id, company, ct);
                created = true;
            }
        }
        var paid = batch!; // found before, or found or made under the lock
        // The file is written before a new batch is stored: a file that cannot be written fixes no batch.
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, await CsvAsync(db, paid, ct), new UTF8Encoding(false), ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return new PayoutFile(period, paid.Lines.Count, paid.Lines.Sum(l => l.Amount), paid.Currency, paid.ConfirmedOn is not null, created);
    }

    /// <summary>Fixes the period's batch, inside the caller's transaction: every balance at or above the minimum, less what is on its way.</summary>
    private async Task<PayoutBatch> NewBatchAsync(ArborContext db, long periodId, Company company, CancellationToken ct)
    {
        var balances = await new LedgerQueries(db).MemberBalancesAsync(ct);
        // Amounts already in exported, unconfirmed batches are on their way: never pay them twice.
        var pending = await db.PayoutBatchLines.AsNoTracking()
            .Where(l => db.PayoutBatches.Any(b => b.Id == l.BatchId && b.ConfirmedOn == null))
            .Select(l => new { l.MemberId, l.Amount }).ToListAsync(ct);
        foreach (var p in pending) balances[p.MemberId] = balances.GetValueOrDefault(p.MemberId) - p.Amount;
        var batch = new PayoutBatch { PeriodId = periodId, CreatedOn = Today(), Currency = company.Currency };
        foreach (var (member, balance) in balances.OrderBy(b => b.Key))
        {
            if (balance >= company.MinimumPayout && balance > 0) batch.Lines.Add(new PayoutBatchLine { MemberId = member, Amount = balance });
        }
        db.PayoutBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        return batch;
    }

    /// <summary>The payment file: one line per member, by handle; names and references neutralised for spreadsheets (<see cref="CsvCells"/>).</summary>
    private static async Task<string> CsvAsync(ArborContext db, PayoutBatch batch, CancellationToken ct)
    {
        var ids = batch.Lines.Select(l => l.MemberId).ToList();
        var members = new Dictionary<long, Member>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Id)).ToListAsync(ct)) members[m.Id] = m;
        }
        var csv = new StringBuilder("member,name,amount,currency,bank_reference\n");
        foreach (var line in batch.Lines.OrderBy(l => members[l.MemberId].Handle, StringComparer.Ordinal))
        {
            var m = members[line.MemberId];
            csv.Append(CsvCells.Text(m.Handle)).Append(',').Append(CsvCells.Text(m.Name)).Append(',')
                .Append(line.Amount.ToString("0.00", CultureInfo.InvariantCulture)).Append(',').Append(batch.Currency).Append(',')
                .Append(CsvCells.Text(m.BankReference ?? "")).Append('\n');
        }
        return csv.ToString();
    }

    public async Task<Outcome<PayoutFile>> ConfirmAsync(string period, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        var batch = await db.PayoutBatches.Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
        if (batch is null) return new Problem("period", $"no payment file for {period} yet: run `arbor payouts export --period {period}` first");
        if (batch.ConfirmedOn is { } on) return new Problem("period", $"the payouts of {period} were confirmed on {on:yyyy-MM-dd} already");
        batch.ConfirmedOn = Today();
        closed.State = "paid";
        closed.PaidAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await Posting.PayoutAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), batch, period, batch.ConfirmedOn.Value, ct);
        await tx.CommitAsync(ct);
        return new PayoutFile(period, batch.Lines.Count, batch.Lines.Sum(l => l.Amount), batch.Currency, true, false);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
