using Arbor.Core.Training;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Office.Training;

/// <summary>A lesson: its text, its video, its check; answering the check right (or reading a lesson without one) completes it.</summary>
public sealed class LessonModel(Viewer viewer, ArborContext db, TimeProvider clock) : OfficePage(viewer, clock)
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty] public int? Choice { get; set; }

    public LessonView View { get; private set; } = null!;

    /// <summary>The course's next lesson, if any.</summary>
    public Lesson? Next => View.Siblings.SkipWhile(l => l.Id != View.Lesson.Id).Skip(1).FirstOrDefault();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var view = await new TrainingLibrary(db, Clock).LessonAsync(Me.Id, Id, ct);
        if (!view.Ok) return NotFound();
        View = view.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await SignedInAsync(ct)) return NotFound();
        var library = new TrainingLibrary(db, Clock);
        var done = await library.CompleteAsync(Me.Id, Id, Choice, ct);
        if (done.Ok)
        {
            Notice = "Training.Completed";
            return Redirect($"/office/training/lesson/{Id}");
        }
        if (done.Problem!.Where == "lesson") return NotFound();
        Refused("check", done.Problem!);
        View = (await library.LessonAsync(Me.Id, Id, ct)).Value!;
        return Page();
    }
}
