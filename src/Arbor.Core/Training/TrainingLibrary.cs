using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Training;

/// <summary>A course as one member sees it: how many of its lessons it completed, and whether the course is required of it.</summary>
public sealed record CourseProgress(Course Course, int Lessons, int Completed, bool Required)
{
    public bool Complete => Lessons > 0 && Completed == Lessons;
}

/// <summary>A lesson with its course and whether the member completed it.</summary>
public sealed record LessonView(Course Course, Lesson Lesson, IReadOnlyList<Lesson> Siblings, bool Completed)
{
    public IReadOnlyList<string> Choices => Lesson.Choices is null ? [] : Lesson.Choices.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A new member of an upline's downline and its progress in the courses required of it.</summary>
public sealed record NewMemberProgress(Member Member, int Level, int Lessons, int Completed, bool IncomeClaimsDone);

/// <summary>A new lesson: Markdown, an optional video link, an optional check (a question, its choices one a line, the right one 0-based).</summary>
public sealed record NewLesson(string Title, string Body, string? VideoUrl, string? Question, string? Choices, int? Answer);

/// <summary>
/// The training library: courses of lessons, courses required of every new member or of members
/// of a rank, each member's progress, and the check at the end of a lesson (a lesson with a
/// question is complete once answered right). One course is the income-claims course; with the
/// company's <see cref="Company.ShopRequiresTraining"/> setting on, a member's shop opens only
/// once it completed that course.
/// </summary>
public sealed class TrainingLibrary(ArborContext db, TimeProvider clock)
{
    /// <summary>How long a member counts as new for its upline's view of its progress.</summary>
    public const int NewMemberDays = 90;

    public async Task<IReadOnlyList<CourseProgress>> ProgressAsync(long memberId, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id).ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().Select(l => new { l.Id, l.CourseId }).ToListAsync(ct);
        var done = (await db.LessonProgress.AsNoTracking().Where(p => p.MemberId == memberId).Select(p => p.LessonId).ToListAsync(ct)).ToHashSet();
        return [.. courses.Select(c => new CourseProgress(c,
            lessons.Count(l => l.CourseId == c.Id), lessons.Count(l => l.CourseId == c.Id && done.Contains(l.Id)), IsRequired(c, member)))];
    }

    public static bool IsRequired(Course c, Member m) => c.RequiredFor == "new" || (c.RequiredFor is { } rank && rank == m.HighestRank);

    public async Task<Outcome<LessonView>> LessonAsync(long memberId, long lessonId, CancellationToken ct = default)
    {
        var lesson = await db.Lessons.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null) return new Problem("lesson", $"no lesson {lessonId}");
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == lesson.CourseId, ct);
        var siblings = await db.Lessons.AsNoTracking().Where(l => l.CourseId == course.Id).OrderBy(l => l.Position).ThenBy(l => l.Id).ToListAsync(ct);
        var completed = await db.LessonProgress.AnyAsync(p => p.MemberId == memberId && p.LessonId == lessonId, ct);
        return new LessonView(course, lesson, siblings, completed);
    }

    /// <summary>Completes a lesson: with a check, only with the right <paramref name="choice"/>.</summary>
    public async Task<Outcome<LessonView>> CompleteAsync(long memberId, long lessonId, int? choice, CancellationToken ct = default)
    {
        var view = await LessonAsync(memberId, lessonId, ct);
        if (!view.Ok) return view;
        var lesson = view.Value!.Lesson;
        if (lesson.Question is not null && lesson.Answer is { } answer)
        {
            if (choice is null) return new Problem("answer", "choose an answer");
            if (choice != answer) return new Problem("answer", "that is not right: read the lesson again and try once more");
        }
        if (!view.Value.Completed)
        {
            db.LessonProgress.Add(new LessonProgress { MemberId = memberId, LessonId = lessonId, CompletedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (Conflicts.IsUniqueViolation(ex))
            {
                // Completed twice at once (two tabs): once is what counts.
                db.ChangeTracker.Clear();
            }
        }
        return view.Value with { Completed = true };
    }

    /// <summary>Whether the member's shop is open: always, unless the company's setting ties it to the income-claims course.</summary>
    public async Task<bool> ShopLiveAsync(long memberId, CancellationToken ct = default)
    {
        var company = await db.Company.AsNoTracking().SingleAsync(ct);
        return !company.ShopRequiresTraining || await IncomeClaimsDoneAsync(memberId, ct);
    }

    /// <summary>Whether the member completed every lesson of the income-claims course (false when the company has none).</summary>
    public async Task<bool> IncomeClaimsDoneAsync(long memberId, CancellationToken ct = default)
    {
        var lessons = db.Lessons.Where(l => db.Courses.Any(c => c.Id == l.CourseId && c.IncomeClaims));
        return await lessons.AnyAsync(ct) && !await lessons.AnyAsync(l => !db.LessonProgress.Any(p => p.MemberId == memberId && p.LessonId == l.Id), ct);
    }

    /// <summary>The upline's downline members who joined in the last <see cref="NewMemberDays"/> days, newest first, with their progress in the courses required of them.</summary>
    public async Task<IReadOnlyList<NewMemberProgress>> NewMembersAsync(long uplineId, DateOnly today, CancellationToken ct = default)
    {
        var upline = await db.Members.AsNoTracking().SingleAsync(m => m.Id == uplineId, ct);
        var since = today.AddDays(-NewMemberDays);
        var members = await db.Members.AsNoTracking().Where(m => m.Id != upline.Id && m.Path.StartsWith(upline.Path) && m.JoinedOn >= since && m.Status != "terminated")
            .OrderByDescending(m => m.JoinedOn).ThenBy(m => m.Id).Take(200).ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        var courses = await db.Courses.AsNoTracking().ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().Select(l => new { l.Id, l.CourseId }).ToListAsync(ct);
        var done = (await db.LessonProgress.AsNoTracking().Where(p => ids.Contains(p.MemberId)).Select(p => new { p.MemberId, p.LessonId }).ToListAsync(ct))
            .ToLookup(p => p.MemberId, p => p.LessonId);
        var claims = courses.Where(c => c.IncomeClaims).Select(c => c.Id).ToHashSet();
        return [.. members.Select(m =>
        {
            var mine = done[m.Id].ToHashSet();
            var required = courses.Where(c => IsRequired(c, m)).Select(c => c.Id).ToHashSet();
            var requiredLessons = lessons.Where(l => required.Contains(l.CourseId)).ToList();
            var claimLessons = lessons.Where(l => claims.Contains(l.CourseId)).ToList();
            return new NewMemberProgress(m, m.Depth - upline.Depth, requiredLessons.Count, requiredLessons.Count(l => mine.Contains(l.Id)),
                claimLessons.Count > 0 && claimLessons.All(l => mine.Contains(l.Id)));
        })];
    }
}
