using System.Globalization;
using Arbor.Core;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Admin;

/// <summary>What every back-office page has: the staff member acting (the audit trail's actor), the problem a use case refused with, and a notice after a change.</summary>
public abstract class StaffPage : PageModel
{
    /// <summary>The signed-in staff member's user name.</summary>
    protected string Actor => User.Identity?.Name ?? "";

    /// <summary>Whether the signed-in staff member may approve <paramref name="pending"/> while four eyes are on (<see cref="Core.Periods.FourEyes"/>): its preparer may not, so is shown no button.</summary>
    public bool MayApprove(Approval pending) => Core.Periods.FourEyes.MayApprove(pending, Actor);

    /// <summary>Why the last action was refused, shown next to its form (<see cref="Form"/>).</summary>
    public Problem? Problem { get; protected set; }

    /// <summary>Which form <see cref="Problem"/> belongs to.</summary>
    public string? Form { get; protected set; }

    /// <summary>What the last action did, shown once after its redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    public Problem? ProblemOf(string form) => Form == form ? Problem : null;

    protected void Refused(string form, Problem problem)
    {
        Form = form;
        Problem = problem;
    }

    /// <summary>The answer to a form: the page again with the problem next to <paramref name="form"/> when refused (after <paramref name="reload"/>), else a notice after a redirect.</summary>
    protected async Task<IActionResult> AnswerAsync<T>(string form, Outcome<T> outcome, Func<T, string> notice, Func<Task> reload)
    {
        if (!outcome.Ok)
        {
            await reload();
            Refused(form, outcome.Problem!);
            return Page();
        }
        Notice = notice(outcome.Value!);
        return RedirectToPage();
    }

    protected static async Task<string> CurrencyAsync(ArborContext db, CancellationToken ct) =>
        await db.Company.AsNoTracking().Select(c => c.Currency).SingleOrDefaultAsync(ct) ?? "";

    /// <summary>
    /// An amount as staff type it: <c>12.50</c> or <c>12,50</c> (no thousands separators), whatever
    /// the page's language; null when it is not a number.
    /// </summary>
    protected static decimal? Amount(string? text) =>
        decimal.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;

    protected static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
