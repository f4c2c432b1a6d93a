using Arbor.Core.Training;
using Arbor.Data;

namespace Arbor.Core.Demo;

/// <summary>The demo company's training library: the income-claims course and a product course, required of every new member, and one for leaders.</summary>
internal static class DemoTraining
{
    public static async Task SeedAsync(ArborDatabase database, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var library = new CourseCatalog(db);
        var claims = (await library.AddCourseAsync("What you may say about income",
            "The rules for talking about earnings: what is allowed, what is not, and where the income disclosure is.", "new", incomeClaims: true, ct)).Unwrap();
        (await library.AddLessonAsync(claims.Id, new NewLesson("Typical earnings, not the best ones",
            """
            When you talk about the opportunity, talk about **typical** results. Most members earn little or nothing:
            the company's *income disclosure* shows what members really earned last year, by rank.

            - Do say: "Most members earn a few hundred euros a year, and many earn nothing. Here is the disclosure."
            - Do not say: "You can replace your salary", "passive income", or show a top earner's cheque.
            """, null, "A prospect asks what they can earn. What do you show them?",
            "The company's income disclosure\nThe cheque of our top earner\nWhat I hope to earn next year", 0), ct)).Unwrap();
        (await library.AddLessonAsync(claims.Id, new NewLesson("Lifestyle claims are income claims",
            """
            Pictures of cars, holidays and houses say "you will earn this". The law treats them as income claims
            (FTC guidance; EU directive 2005/29). Leave them out of your posts and presentations.
            """, null, "Is a photo of a sports car with the words \"thanks to this business\" an income claim?", "Yes\nNo", 0), ct)).Unwrap();
        (await library.AddLessonAsync(claims.Id, new NewLesson("Sell to customers, not to yourself",
            """
            Your pay comes from what **customers** buy. Never buy stock to reach a rank or to qualify for a bonus:
            products you cannot sell or use can be returned under the buy-back rules.
            """, null, null, null, null), ct)).Unwrap();

        var products = (await library.AddCourseAsync("Our products", "What each product is for and who it suits.", "new", incomeClaims: false, ct)).Unwrap();
        (await library.AddLessonAsync(products.Id, new NewLesson("Shakes, teas and bars",
            "Our shakes replace a meal, our teas do not. Tell customers what a product does, never what it cures.", "https://example.com/videos/products",
            "May you say that the herbal tea cures colds?", "No\nYes, if the customer asks", 0), ct)).Unwrap();

        var leaders = (await library.AddCourseAsync("Leading a team", "Helping new members start well: their first customers, their first month.", null, incomeClaims: false, ct)).Unwrap();
        (await library.AddLessonAsync(leaders.Id, new NewLesson("The first thirty days",
            "Call each new member in its first week. Help it find three customers before it thinks about recruiting.", null, null, null, null), ct)).Unwrap();
    }
}
