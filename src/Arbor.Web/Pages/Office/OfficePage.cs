using Arbor.Core;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Office;

/// <summary>
/// What a virtual-office page with forms has: the signed-in member (<see cref="Me"/>, loaded by
/// <see cref="SignedInAsync"/> on every request), the problem a use case refused with, shown next
/// to its form, and a notice after a change.
/// </summary>
public abstract class OfficePage(Viewer viewer, TimeProvider clock) : PageModel
{
    public Member Me { get; private set; } = null!;

    public Problem? Problem { get; private set; }

    /// <summary>Which form <see cref="Problem"/> belongs to.</summary>
    public string? Form { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    protected TimeProvider Clock => clock;

    /// <summary>Staff looking at the office (<see cref="ActAs"/>) rather than the member itself.</summary>
    protected bool Acting => viewer.IsActing;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Problem? ProblemOf(string form) => Form == form ? Problem : null;

    /// <summary>Loads <see cref="Me"/>; false when the user is not a member (the page answers "not found").</summary>
    protected async Task<bool> SignedInAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return false;
        Me = self.Value!;
        return true;
    }

    protected void Refused(string form, Problem problem)
    {
        Form = form;
        Problem = problem;
    }

    /// <summary>"Not found" for a refusal about the thing itself (another member's, or none), else the page again with the problem at its form.</summary>
    protected async Task<IActionResult> RefusedAsync(string form, Problem problem, string notFoundWhere, Func<Task<IActionResult>> page)
    {
        if (problem.Where == notFoundWhere) return NotFound();
        Refused(form, problem);
        return await page();
    }
}
