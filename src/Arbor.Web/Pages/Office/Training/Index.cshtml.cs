using Arbor.Core.Training;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office.Training;

/// <summary>The training library as the viewer stands in it (required courses first), and its new downline members' progress.</summary>
public sealed class IndexModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    public IReadOnlyList<CourseProgress> Courses { get; private set; } = [];
    public ILookup<long, Lesson> Lessons { get; private set; } = Enumerable.Empty<Lesson>().ToLookup(l => l.CourseId);
    public HashSet<long> Done { get; private set; } = [];
    public IReadOnlyList<NewMemberProgress> NewMembers { get; private set; } = [];
    public bool ShopRequiresTraining { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var library = new TrainingLibrary(db, Clock);
        Courses = [.. (await library.ProgressAsync(Me.Id, ct)).OrderByDescending(c => c.Required).ThenBy(c => c.Course.Position)];
        Lessons = (await db.Lessons.AsNoTracking().OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct)).ToLookup(l => l.CourseId);
        Done = [.. await db.LessonProgress.AsNoTracking().Where(p => p.MemberId == Me.Id).Select(p => p.LessonId).ToListAsync(ct)];
        NewMembers = await library.NewMembersAsync(Me.Id, Today, ct);
        ShopRequiresTraining = (await db.Company.AsNoTracking().SingleAsync(ct)).ShopRequiresTraining;
        return Page();
    }
}
