using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Arbor.Core.Audit;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>The steps on the money that four eyes guard.</summary>
public static class MoneySteps
{
    public const string Close = "period-close", Export = "payouts-export", Confirm = "payouts-confirm";

    public static readonly IReadOnlyList<string> All = [Close, Export, Confirm];
}

/// <summary>
/// Four eyes on the money: when the company asks for it (<see cref="Company.FourEyes"/>), closing a
/// period, exporting its payouts (fixing the batch) and confirming them each take two staff members.
/// One prepares the step: its figures are computed and frozen (<see cref="Approval.Summary"/>, and
/// hashed in <see cref="Approval.Fingerprint"/>). A different one approves it, and only then is
/// the step carried out — by <see cref="ClosePeriod"/> and <see cref="Ledger.Payouts"/> themselves,
/// which refuse the step without an approval, refuse an approver who prepared it, and refuse
/// figures that are no longer the frozen ones (an order or return since); the approval is
/// stored in the step's own transaction. Preparing again replaces the pending preparation;
/// anyone (the preparer too) may reject one. Every step is in the audit trail.
/// </summary>
public sealed class FourEyes(ArborDatabase database, TimeProvider clock)
{
    public async Task<bool> RequiredAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Company.AsNoTracking().Select(c => c.FourEyes).SingleOrDefaultAsync(ct);
    }

    /// <summary>Turns four eyes on or off for the company.</summary>
    public async Task<Outcome<bool>> SetRequiredAsync(string actor, bool required, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var company = await db.Company.SingleOrDefaultAsync(ct);
        if (company is null) return new Problem("company", "there is no company in this database yet");
        company.FourEyes = required;
        AuditLog.Stage(db, clock, actor, "four-eyes", "company", required ? "on: closes and payouts need a second person" : "off");
        await db.SaveChangesAsync(ct);
        return required;
    }

    /// <summary>The steps waiting for a second person, oldest first.</summary>
    public async Task<IReadOnlyList<Approval>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Approvals.AsNoTracking().Where(a => a.State == "pending").OrderBy(a => a.Id).ToListAsync(ct);
    }

    /// <summary>The pending preparation of <paramref name="step"/> for <paramref name="period"/>, if any.</summary>
    public async Task<Approval?> PendingAsync(string step, string period, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Approvals.AsNoTracking().SingleOrDefaultAsync(a => a.Step == step && a.Period == period && a.State == "pending", ct);
    }

    /// <summary>Prepares a step: computes its figures as the step would, freezes them, and waits for a second person.</summary>
    public async Task<Outcome<Approval>> PrepareAsync(string step, string period, string actor, CancellationToken ct = default)
    {
        if (!MoneySteps.All.Contains(step)) return new Problem("step", $"'{step}' is not a step on the money: use one of {string.Join(", ", MoneySteps.All)}");
        if (string.IsNullOrWhiteSpace(actor)) return new Problem("by", "say who prepares it: the approval must come from someone else");
        if (!await RequiredAsync(ct)) return new Problem("four-eyes", "this company does not ask for four eyes: the step is taken at once");
        var key = PeriodKey.Parse(period);
        if (!key.Ok) return key.Problem!;
        period = key.Value!.Key;
        var figures = step switch
        {
            MoneySteps.Close => await CloseFiguresAsync(period, ct),
            MoneySteps.Export => await new Ledger.Payouts(database, clock).ExportFiguresAsync(period, ct),
            _ => await new Ledger.Payouts(database, clock).ConfirmFiguresAsync(period, ct),
        };
        if (!figures.Ok) return figures.Problem!;
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var old in await db.Approvals.Where(a => a.Step == step && a.Period == period && a.State == "pending").ToListAsync(ct))
        {
            old.State = "replaced";
            old.DecidedBy = actor;
            old.DecidedAt = now;
        }
        // The replaced row leaves the one-pending index before the new one enters it.
        await db.SaveChangesAsync(ct);
        var approval = new Approval
        {
            Step = step, Period = period, PreparedBy = actor, PreparedAt = now, Summary = figures.Value!.Summary,
            Fingerprint = figures.Value.Fingerprint, State = "pending",
        };
        db.Approvals.Add(approval);
        AuditLog.Stage(db, clock, actor, step + "-prepare", period, approval.Summary);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return approval;
    }

    /// <summary>Rejects the pending preparation of a step (anyone may: the preparer withdraws it, a second person turns it down).</summary>
    public async Task<Outcome<Approval>> RejectAsync(string step, string period, string actor, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var pending = await db.Approvals.SingleOrDefaultAsync(a => a.Step == step && a.Period == period && a.State == "pending", ct);
        if (pending is null) return new Problem("period", $"no {Words(step)} of {period} waits for approval");
        pending.State = "rejected";
        pending.DecidedBy = actor;
        pending.DecidedAt = clock.GetUtcNow();
        AuditLog.Stage(db, clock, actor, step + "-reject", period, $"prepared by {pending.PreparedBy}: {pending.Summary}");
        await db.SaveChangesAsync(ct);
        return pending;
    }

    /// <summary>
    /// What a step needs before it runs: nothing when four eyes are off; else the pending
    /// preparation, which <paramref name="approver"/> did not make.
    /// </summary>
    public async Task<Outcome<Approval?>> ApprovalForAsync(string step, string period, string? approver, CancellationToken ct = default)
    {
        if (!await RequiredAsync(ct)) return Outcome<Approval?>.Success(null);
        var pending = await PendingAsync(step, period, ct);
        if (pending is null)
        {
            return new Problem("four-eyes", $"this company takes the {Words(step)} of a period in two steps: one person prepares it, a second approves it; nobody has prepared it for {period} yet");
        }
        if (string.IsNullOrWhiteSpace(approver)) return new Problem("by", $"say who approves the {Words(step)} of {period} (prepared by {pending.PreparedBy})");
        if (!MayApprove(pending, approver))
        {
            return new Problem("four-eyes", $"{approver} prepared the {Words(step)} of {period}: a second person must approve it");
        }
        return pending;
    }

    /// <summary>Whether <paramref name="approver"/> may approve <paramref name="pending"/>: anyone but its preparer.</summary>
    public static bool MayApprove(Approval pending, string approver) => !string.Equals(pending.PreparedBy, approver, StringComparison.Ordinal);

    /// <summary>The step in words, for messages.</summary>
    public static string Words(string step) => step switch
    {
        MoneySteps.Close => "close",
        MoneySteps.Export => "payouts export",
        _ => "payouts confirmation",
    };

    /// <summary>A close's figures: what the period pays now, as the close would store it.</summary>
    private async Task<Outcome<Frozen>> CloseFiguresAsync(string period, CancellationToken ct)
    {
        var closable = await ClosePeriod.CheckClosableAsync(database, clock, period, ct);
        if (!closable.Ok) return closable.Problem!;
        var computed = await PeriodComputation.ComputeAsync(database, period, plan: null, ct);
        if (!computed.Ok) return computed.Problem!;
        return Of(computed.Value!);
    }

    /// <summary>A computed period's figures: totals in words and every member's earnings, clawbacks included, hashed.</summary>
    public static Frozen Of(ComputedPeriod c)
    {
        var (result, snapshot) = (c.Result, c.Snapshot);
        var clawedByPayee = c.Clawbacks.GroupBy(x => x.PayeeId).ToDictionary(g => g.Key, g => g.Sum(x => x.Cents));
        var text = new StringBuilder();
        for (var m = 0; m < snapshot.Network.Count; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{snapshot.MemberIds[m]}:{result.EarningsCents[m] + clawedByPayee.GetValueOrDefault(snapshot.MemberIds[m])}\n");
        }
        var clawed = c.Clawbacks.Sum(x => x.Cents);
        var total = (result.TotalPayoutCents + clawed) / 100m;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Network.Count} members, {result.LineCount} payout lines, {c.Clawbacks.Count} clawbacks, total payout {total:0.00}");
        return new Frozen(summary, Hash(summary + "\n" + text));
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A step's figures when it was prepared: in words, and hashed.</summary>
public sealed record Frozen(string Summary, string Fingerprint);
