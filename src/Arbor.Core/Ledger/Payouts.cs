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
    /// <param name="approver">Who approves fixing the batch when the company asks for four eyes (<see cref="Periods.FourEyes"/>); writing a fixed batch again needs no approval.</param>
    public async Task<Outcome<PayoutFile>> ExportAsync(string period, string path, CancellationToken ct = default, string? approver = null)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed: close it before paying it");
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        var batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
        Approval? approval = null;
        if (batch is null)
        {
            var needed = await new Periods.FourEyes(database, clock).ApprovalForAsync(Periods.MoneySteps.Export, period, approver, ct);
            if (!needed.Ok) return needed.Problem!;
            approval = needed.Value;
        }
        await using var tx = batch is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var created = false;
        if (tx is not null)
        {
            await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
            // Another export may have fixed the batch while this one waited for the lock.
            batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
            if (batch is null)
            {
                var lines = await PlannedLinesAsync(db, company, ct);
                if (approval is not null)
                {
                    var now = Figures(lines, company.Currency);
                    if (now.Fingerprint != approval.Fingerprint)
                    {
                        return new Problem("four-eyes", $"the payouts of {period} are no longer what {approval.PreparedBy} prepared ({approval.Summary}); now: {now.Summary}. Prepare the export again");
                    }
                    if (!await ApproveAsync(db, approval, approver!, ct)) return new Problem("four-eyes", $"the preparation of the payouts export of {period} was rejected or replaced meanwhile");
                }
                batch = await NewBatchAsync(db, closed.Id, company, lines, ct);
                created = true;
            }
        }
        var paid = batch!; // found before, or found or made under the lock
        // The file is written before a new batch is stored: a file that cannot be written fixes no batch.
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(path, await CsvAsync(db, paid, ct), new UTF8Encoding(false), ct);
        if (created)
        {
            await Webhooks.WebhookEvents.StageAsync(db, Webhooks.WebhookEvents.PayoutsExported,
                new { period, payments = paid.Lines.Count, total = paid.Lines.Sum(l => l.Amount), paid.Currency }, ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return new PayoutFile(period, paid.Lines.Count, paid.Lines.Sum(l => l.Amount), paid.Currency, paid.ConfirmedOn is not null, created);
    }

    /// <summary>What exporting <paramref name="period"/> would pay now, for four eyes to freeze; refused once its batch is fixed.</summary>
    public async Task<Outcome<Periods.Frozen>> ExportFiguresAsync(string period, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed: close it before paying it");
        if (await db.PayoutBatches.AnyAsync(b => b.PeriodId == closed.Id, ct)) return new Problem("period", $"the payouts of {period} are exported already: exporting again writes the same file and needs no approval");
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        return Figures(await PlannedLinesAsync(db, company, ct), company.Currency);
    }

    /// <summary>What confirming <paramref name="period"/> would post, for four eyes to freeze.</summary>
    public async Task<Outcome<Periods.Frozen>> ConfirmFiguresAsync(string period, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.AsNoTracking().SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed");
        var batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
        if (batch is null) return new Problem("period", $"no payment file for {period} yet: export it first");
        if (batch.ConfirmedOn is { } on) return new Problem("period", $"the payouts of {period} were confirmed on {on:yyyy-MM-dd} already");
        return Figures([.. batch.Lines.Select(l => (l.MemberId, l.Amount))], batch.Currency);
    }

    private static Periods.Frozen Figures(IReadOnlyList<(long Member, decimal Amount)> lines, string currency)
    {
        var summary = string.Create(CultureInfo.InvariantCulture, $"{lines.Count} payments, total {lines.Sum(l => l.Amount):0.00} {currency}");
        var text = new StringBuilder(summary).Append('\n');
        foreach (var (member, amount) in lines.OrderBy(l => l.Member)) text.Append(CultureInfo.InvariantCulture, $"{member}:{amount:0.00}\n");
        return new Periods.Frozen(summary, Periods.FourEyes.Hash(text.ToString()));
    }

    /// <summary>Marks the approval approved in the step's transaction; false when it is no longer pending.</summary>
    private async Task<bool> ApproveAsync(ArborContext db, Approval approval, string approver, CancellationToken ct)
    {
        var row = await db.Approvals.SingleOrDefaultAsync(a => a.Id == approval.Id && a.State == "pending", ct);
        if (row is null) return false;
        row.State = "approved";
        row.DecidedBy = approver;
        row.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The lines a batch fixed now would hold: every balance at or above the minimum, less what is on its way.</summary>
    private static async Task<List<(long Member, decimal Amount)>> PlannedLinesAsync(ArborContext db, Company company, CancellationToken ct)
    {
        var balances = await new LedgerQueries(db).MemberBalancesAsync(ct);
        // Amounts already in exported, unconfirmed batches are on their way: never pay them twice.
        var pending = await db.PayoutBatchLines.AsNoTracking()
            .Where(l => db.PayoutBatches.Any(b => b.Id == l.BatchId && b.ConfirmedOn == null))
            .Select(l => new { l.MemberId, l.Amount }).ToListAsync(ct);
        foreach (var p in pending) balances[p.MemberId] = balances.GetValueOrDefault(p.MemberId) - p.Amount;
        return [.. balances.OrderBy(b => b.Key).Where(b => b.Value >= company.MinimumPayout && b.Value > 0).Select(b => (b.Key, b.Value))];
    }

    /// <summary>Fixes the period's batch of <paramref name="lines"/>, inside the caller's transaction.</summary>
    private async Task<PayoutBatch> NewBatchAsync(ArborContext db, long periodId, Company company, IReadOnlyList<(long Member, decimal Amount)> lines, CancellationToken ct)
    {
        var batch = new PayoutBatch { PeriodId = periodId, CreatedOn = Today(), Currency = company.Currency };
        foreach (var (member, amount) in lines) batch.Lines.Add(new PayoutBatchLine { MemberId = member, Amount = amount });
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

    /// <param name="approver">Who approves the confirmation when the company asks for four eyes (<see cref="Periods.FourEyes"/>).</param>
    public async Task<Outcome<PayoutFile>> ConfirmAsync(string period, CancellationToken ct = default, string? approver = null)
    {
        await using var db = database.CreateContext();
        var closed = await db.Periods.SingleOrDefaultAsync(p => p.Key == period, ct);
        if (closed is null) return new Problem("period", $"period {period} is not closed");
        var needed = await new Periods.FourEyes(database, clock).ApprovalForAsync(Periods.MoneySteps.Confirm, period, approver, ct);
        if (!needed.Ok) return needed.Problem!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await CompanyLock.TakeAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        var batch = await db.PayoutBatches.Include(b => b.Lines).SingleOrDefaultAsync(b => b.PeriodId == closed.Id, ct);
        if (batch is null) return new Problem("period", $"no payment file for {period} yet: run `arbor payouts export --period {period}` first");
        if (batch.ConfirmedOn is { } on) return new Problem("period", $"the payouts of {period} were confirmed on {on:yyyy-MM-dd} already");
        if (needed.Value is { } approval)
        {
            var now = Figures([.. batch.Lines.Select(l => (l.MemberId, l.Amount))], batch.Currency);
            if (now.Fingerprint != approval.Fingerprint || !await ApproveAsync(db, approval, approver!, ct))
            {
                return new Problem("four-eyes", $"the confirmation of {period} that {approval.PreparedBy} prepared no longer stands ({approval.Summary}): prepare it again");
            }
        }
        batch.ConfirmedOn = Today();
        closed.State = "paid";
        closed.PaidAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await Posting.PayoutAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), batch, period, batch.ConfirmedOn.Value, ct);
        await Webhooks.WebhookEvents.StageAsync(db, Webhooks.WebhookEvents.PayoutsConfirmed,
            new { period, payments = batch.Lines.Count, total = batch.Lines.Sum(l => l.Amount), batch.Currency, paidOn = batch.ConfirmedOn }, ct);
        await tx.CommitAsync(ct);
        return new PayoutFile(period, batch.Lines.Count, batch.Lines.Sum(l => l.Amount), batch.Currency, true, false);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
