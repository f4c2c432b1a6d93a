using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Training;

/// <summary>The back office's side of the training library: courses, their lessons, and the setting that ties a member's shop to the income-claims course.</summary>
public sealed class CourseCatalog(ArborContext db)
{
    public async Task<IReadOnlyList<(Course Course, IReadOnlyList<Lesson> Lessons)>> LibraryAsync(CancellationToken ct = default)
    {
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(ct);
        var lessons = (await db.Lessons.AsNoTracking().ToListAsync(ct)).ToLookup(l => l.CourseId);
        return [.. courses.Select(c => (c, (IReadOnlyList<Lesson>)[.. lessons[c.Id].OrderBy(l => l.Position).ThenBy(l => l.Id)]))];
    }

    public async Task<Outcome<Course>> AddCourseAsync(string title, string summary, string? requiredFor, bool incomeClaims, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 200) return new Problem("title", "a course needs a title of at most 200 characters");
        if (summary.Length > 2000) return new Problem("summary", "a summary has at most 2,000 characters");
        requiredFor = string.IsNullOrWhiteSpace(requiredFor) ? null : requiredFor.Trim();
        if (incomeClaims && await db.Courses.AnyAsync(c => c.IncomeClaims, ct)) return new Problem("income_claims", "the company has an income-claims course already");
        var position = await db.Courses.Select(c => (int?)c.Position).MaxAsync(ct) ?? 0;
        var course = new Course { Title = title.Trim(), Summary = summary.Trim(), RequiredFor = requiredFor, IncomeClaims = incomeClaims, Position = position + 1 };
        db.Courses.Add(course);
        await db.SaveChangesAsync(ct);
        return course;
    }

    public async Task<Outcome<Lesson>> AddLessonAsync(long courseId, NewLesson l, CancellationToken ct = default)
    {
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, ct)) return new Problem("course", $"no course {courseId}");
        if (string.IsNullOrWhiteSpace(l.Title) || l.Title.Length > 200) return new Problem("title", "a lesson needs a title of at most 200 characters");
        if (string.IsNullOrWhiteSpace(l.Body) || l.Body.Length > 50_000) return new Problem("body", "a lesson needs a text of at most 50,000 characters");
        var video = string.IsNullOrWhiteSpace(l.VideoUrl) ? null : l.VideoUrl.Trim();
        if (video is not null && (!Uri.TryCreate(video, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)) return new Problem("video", $"'{video}' is not an https link");
        var question = string.IsNullOrWhiteSpace(l.Question) ? null : l.Question.Trim();
        string? choices = null;
        if (question is not null)
        {
            var list = (l.Choices ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (list.Length < 2) return new Problem("choices", "a check needs at least two choices, one a line");
            if (l.Answer is not { } a || a < 0 || a >= list.Length) return new Problem("answer", $"the right answer is a choice's number, 1 to {list.Length}");
            choices = string.Join('\n', list);
        }
        var position = await db.Lessons.Where(x => x.CourseId == courseId).Select(x => (int?)x.Position).MaxAsync(ct) ?? 0;
        var lesson = new Lesson { CourseId = courseId, Position = position + 1, Title = l.Title.Trim(), Body = l.Body, VideoUrl = video, Question = question, Choices = choices, Answer = question is null ? null : l.Answer };
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync(ct);
        return lesson;
    }

    public async Task SetShopRequiresTrainingAsync(bool on, CancellationToken ct = default)
    {
        var company = await db.Company.SingleAsync(ct);
        company.ShopRequiresTraining = on;
        await db.SaveChangesAsync(ct);
    }
}
