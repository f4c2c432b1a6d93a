using Arbor.Core.Audit;
using Arbor.Core.Training;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>The training library: courses and their lessons (Markdown, video link, check), which are required, and the setting that ties a member's shop to the income-claims course.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class TrainingModel(ArborContext db, ArborDatabase database, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public IReadOnlyList<(Course Course, IReadOnlyList<Lesson> Lessons)> Courses { get; private set; } = [];
    public bool ShopRequiresTraining { get; private set; }
    public IReadOnlyList<string> Ranks { get; private set; } = [];

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? RequiredFor { get; set; }
    [BindProperty] public bool IncomeClaims { get; set; }
    [BindProperty] public long CourseId { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? VideoUrl { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Choices { get; set; }
    [BindProperty] public int? Answer { get; set; }
    [BindProperty] public bool Require { get; set; }

    private CourseCatalog Library => new(db);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCourseAsync(CancellationToken ct)
    {
        var added = await Library.AddCourseAsync(Title ?? "", Summary ?? "", RequiredFor, IncomeClaims, ct);
        if (!added.Ok) return await RefusedAsync("course", added.Problem!, ct);
        await new AuditLog(database, clock).RecordAsync(Actor, "course-add", $"course {added.Value!.Id}", added.Value.Title, ct);
        Notice = a["Training.CourseAdded", added.Value.Title];
        return Redirect("/admin/training");
    }

    public async Task<IActionResult> OnPostLessonAsync(CancellationToken ct)
    {
        // The form numbers choices from 1, as people count.
        var added = await Library.AddLessonAsync(CourseId, new NewLesson(Title ?? "", Body ?? "", VideoUrl, Question, Choices, Answer - 1), ct);
        if (!added.Ok) return await RefusedAsync($"lesson-{CourseId}", added.Problem!, ct);
        await new AuditLog(database, clock).RecordAsync(Actor, "lesson-add", $"lesson {added.Value!.Id}", added.Value.Title, ct);
        Notice = a["Training.LessonAdded", added.Value.Title];
        return Redirect($"/admin/training#course-{CourseId}");
    }

    public async Task<IActionResult> OnPostSettingAsync(CancellationToken ct)
    {
        await Library.SetShopRequiresTrainingAsync(Require, ct);
        await new AuditLog(database, clock).RecordAsync(Actor, "shop-requires-training", "company", Require ? "on" : "off", ct);
        Notice = a[Require ? "Training.SettingOn" : "Training.SettingOff"];
        return Redirect("/admin/training");
    }

    private async Task<IActionResult> RefusedAsync(string form, Core.Problem problem, CancellationToken ct)
    {
        Refused(form, problem);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Courses = await Library.LibraryAsync(ct);
        ShopRequiresTraining = (await db.Company.AsNoTracking().SingleAsync(ct)).ShopRequiresTraining;
        Ranks = await db.Members.AsNoTracking().Where(m => m.HighestRank != null).Select(m => m.HighestRank!).Distinct().OrderBy(r => r).ToListAsync(ct);
    }
}
