using System.Globalization;
using System.Net;
using Arbor.Core.Analytics;
using Arbor.Core.Members;
using Arbor.Core.Prospects;
using Arbor.Core.Tests;
using Arbor.Data;
using Arbor.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Arbor.Web.Tests;

/// <summary>The distributors' working tools in the browser and through the API: prospects, team messages, training, and who may reach what.</summary>
[Collection(WebCollection.Name)]
public sealed class ToolsTests(WebFixture web)
{
    private static async Task<Member> MemberAsync(TestSite site, string handle)
    {
        await using var db = site.Database.CreateContext();
        return await db.Members.AsNoTracking().SingleAsync(m => m.Handle == handle);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_adds_a_prospect_sees_the_follow_up_on_its_date_and_makes_it_a_customer_with_an_order(string kind)
    {
        // A site of its own: the test moves its clock.
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var user = site.Distributors[0];
        var me = await MemberAsync(site, user.UserName);
        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.SignInAsync(site, user.UserName, user.Password);

        await page.GotoAsync($"{site.BaseUrl}/office/prospects");
        var followUp = TestSite.Today.AddDays(2);
        await page.FillAsync("#New-name", "Rosa Prospect");
        await page.FillAsync("#New-email", "rosa.prospect@example.org");
        await page.FillAsync("#New-source", "Yoga class");
        await page.SelectOptionAsync("#New-stage", "contacted");
        await page.FillAsync("#New-followup", followUp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.CheckAsync("#New-consent");
        await page.ClickAsync("#add-prospect-button");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Rosa Prospect");
        await page.FillAsync("#note", "Wants to try the vanilla shake.");
        await page.ClickAsync("#add-note");
        await Assertions.Expect(page.Locator("#notes")).ToContainTextAsync("vanilla shake");
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.ScreenshotAsync($"office-prospect-{kind}");

        // Two days early the dashboard does not list it; on its date it does, as due today.
        await page.GotoAsync($"{site.BaseUrl}/office");
        Assert.DoesNotContain("Rosa Prospect", await page.InnerTextAsync("#follow-ups"));
        site.Clock.Now = site.Clock.Now.AddDays(2);
        // Two days on, the sign-in has expired: in again.
        await page.SignInAsync(site, user.UserName, user.Password);
        await page.GotoAsync($"{site.BaseUrl}/office");
        var due = await page.InnerTextAsync("#follow-ups");
        Assert.Contains("Rosa Prospect", due);
        Assert.Contains("today", due);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.ScreenshotAsync($"office-dashboard-follow-up-{kind}");

        // One step to a customer, then an order for it.
        await page.ClickAsync("#follow-ups a:has-text('Rosa Prospect')");
        await page.SelectOptionAsync("#customer-kind", "retail");
        await page.ClickAsync("#make-customer");
        await Assertions.Expect(page.Locator("#prospect-stage")).ToHaveTextAsync("Customer");
        await page.SelectOptionAsync("#order-sku", "SHAKE-VAN");
        await page.FillAsync("#order-quantity", "2");
        await page.ClickAsync("#place-order");
        await Assertions.Expect(page.Locator("#customer-orders tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync($"office-prospect-customer-{kind}");

        await using var db = site.Database.CreateContext();
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Email == "rosa.prospect@example.org");
        var prospect = await db.Prospects.AsNoTracking().SingleAsync(p => p.CustomerId == customer.Id);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.CustomerId == customer.Id);
        Assert.Equal(("Rosa Prospect", me.Id, "retail"), (customer.Name, customer.ReferrerId, customer.Kind));
        Assert.Equal(("customer", me.Id, (DateOnly?)null), (prospect.Stage, prospect.MemberId, prospect.NextFollowUp));
        Assert.Equal(("retail", me.Id, followUp, 2), (order.Kind, order.MemberId, order.Date, order.Lines.Single().Quantity));
        Assert.Equal(order.Lines.Single().UnitPrice * 2, order.Amount);
        // Followed up: the dashboard no longer lists it, and the customers page has it with its order.
        await page.GotoAsync($"{site.BaseUrl}/office");
        Assert.DoesNotContain("Rosa Prospect", await page.InnerTextAsync("#follow-ups"));
        await page.GotoAsync($"{site.BaseUrl}/office/customers");
        Assert.Contains(order.Number, await page.InnerTextAsync("main"));
        Assert.Empty(web.Browser.Violations[page]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_upline_messages_its_frontline_and_a_member_of_it_reads_the_message(string kind)
    {
        var site = await web.SiteAsync(kind);
        var upline = await MemberAsync(site, site.Distributors[0].UserName);
        await using var db = site.Database.CreateContext();
        var frontline = await db.Members.AsNoTracking().Where(m => m.SponsorId == upline.Id && m.Status != "terminated").OrderBy(m => m.Id).ToListAsync();
        var reader = frontline[0];
        await site.SignInForAsync(reader);

        var sender = await web.Browser.PageAsync("en", Browser.Phone);
        await sender.SignInAsync(site, upline.Handle, DemoSignIns.Password);
        await sender.GotoAsync($"{site.BaseUrl}/office/messages");
        var subject = $"Team call {kind} {Guid.NewGuid():N}"[..32];
        await sender.CheckAsync("input[name=To][value=level]");
        await sender.FillAsync("#message-level", "1");
        await sender.FillAsync("#message-subject", subject);
        await sender.FillAsync("#message-body", "Tuesday at eight: new products.");
        await sender.AssertAccessibleAsync();
        await sender.ClickAsync("#send-message");
        await Assertions.Expect(sender.Locator("#receipts-heading")).ToHaveTextAsync($"Read by 0 of {frontline.Count}");
        Assert.Equal(frontline.Count, await sender.Locator("#receipts tbody tr").CountAsync());
        var sentUrl = sender.Url;

        var member = await web.Browser.PageAsync("en", Browser.Phone);
        await member.SignInAsync(site, reader.Handle, DemoSignIns.Password);
        await member.GotoAsync($"{site.BaseUrl}/office/messages");
        var item = member.Locator("#inbox li", new() { HasText = subject });
        Assert.Contains("unread", await item.InnerTextAsync());
        await item.Locator("a").ClickAsync();
        await Assertions.Expect(member.Locator("#message-body")).ToHaveTextAsync("Tuesday at eight: new products.");
        Assert.Contains(upline.Name, await member.InnerTextAsync("#message-from"));
        await member.AssertAccessibleAsync();
        await member.AssertNoSidewaysScrollAsync();
        await member.ScreenshotAsync($"office-message-read-{kind}");

        // The read receipt reaches the sender.
        await sender.GotoAsync(sentUrl);
        await Assertions.Expect(sender.Locator("#receipts-heading")).ToHaveTextAsync($"Read by 1 of {frontline.Count}");
        Assert.NotEqual("–", (await sender.InnerTextAsync($"#receipts tr[data-handle='{reader.Handle}'] td:nth-child(2)")).Trim());

        // The reader cannot write to its upline: outside its downline.
        var before = await db.Messages.CountAsync();
        await member.GotoAsync($"{site.BaseUrl}/office/messages");
        await member.CheckAsync("input[name=To][value=member]");
        await member.FillAsync("#message-member", upline.Handle);
        await member.FillAsync("#message-subject", "Hello up there");
        await member.FillAsync("#message-body", "Can you hear me?");
        await member.ClickAsync("#send-message");
        Assert.Contains($"no member '{upline.Handle}' in your downline", await member.InnerTextAsync(".alert"));
        Assert.Equal(before, await db.Messages.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task With_the_setting_on_a_new_members_shop_link_goes_live_only_once_it_completed_the_income_claims_course(string kind)
    {
        // A site of its own: the setting closes shops.
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var admin = await web.Browser.PageAsync();
        await admin.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await admin.GotoAsync($"{site.BaseUrl}/admin/training");
        await admin.CheckAsync("#require-training");
        await admin.ClickAsync("#save-setting");
        await Assertions.Expect(admin.Locator("#require-training")).ToBeCheckedAsync();
        await admin.AssertAccessibleAsync();
        await admin.ScreenshotAsync($"admin-training-{kind}");

        var sponsor = await MemberAsync(site, site.Distributors[0].UserName);
        Member newcomer;
        await using (var db = site.Database.CreateContext())
        {
            newcomer = (await new EnrollMember(db).RunAsync(new Enrollment("NEWBIE", "newbie@example.org", "Nina Newbie", "NL", "en", TestSite.Today, sponsor.Handle))).Unwrap();
        }
        await site.SignInForAsync(newcomer);
        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.SignInAsync(site, "NEWBIE", DemoSignIns.Password);
        await page.GotoAsync($"{site.BaseUrl}/office");
        await Assertions.Expect(page.Locator("#shop-not-live")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#shop-link").CountAsync());
        Assert.Contains("What you may say about income", await page.InnerTextAsync("#training-due"));
        using var visitor = site.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/shop/NEWBIE")).StatusCode);

        // The course, lesson by lesson; a wrong answer first, which completes nothing.
        List<Lesson> lessons;
        await using (var db = site.Database.CreateContext())
        {
            var course = await db.Courses.AsNoTracking().SingleAsync(c => c.IncomeClaims);
            lessons = await db.Lessons.AsNoTracking().Where(l => l.CourseId == course.Id).OrderBy(l => l.Position).ToListAsync();
        }
        await page.GotoAsync($"{site.BaseUrl}/office/training");
        await page.ClickAsync($"a[href='/office/training/lesson/{lessons[0].Id}']");
        var wrong = lessons[0].Answer == 0 ? 1 : 0;
        await page.CheckAsync($"#choice-{wrong}");
        await page.ClickAsync("#complete-lesson");
        Assert.Contains("not right", await page.InnerTextAsync(".alert"));
        Assert.Contains("income disclosure", await page.InnerTextAsync("#lesson-text"));
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.ScreenshotAsync($"office-lesson-{kind}");
        foreach (var lesson in lessons)
        {
            await page.GotoAsync($"{site.BaseUrl}/office/training/lesson/{lesson.Id}");
            if (lesson.Answer is { } answer) await page.CheckAsync($"#choice-{answer}");
            await page.ClickAsync("#complete-lesson");
            await Assertions.Expect(page.Locator("#lesson-done")).ToBeVisibleAsync();
            if (lesson != lessons[^1])
            {
                // Only after the last lesson does the shop open.
                Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/shop/NEWBIE")).StatusCode);
            }
        }
        await page.GotoAsync($"{site.BaseUrl}/office");
        await Assertions.Expect(page.Locator("#shop-link")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#shop-not-live").CountAsync());
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/shop/NEWBIE")).StatusCode);

        // Its sponsor sees the new member's progress.
        var upline = await web.Browser.PageAsync();
        await upline.SignInAsync(site, sponsor.Handle, DemoSignIns.Password);
        await upline.GotoAsync($"{site.BaseUrl}/office/training");
        var row = await upline.InnerTextAsync("#new-members tr[data-handle='NEWBIE']");
        Assert.Contains("Yes", row);
        await upline.AssertAccessibleAsync();
        await upline.ScreenshotAsync($"office-training-upline-{kind}");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_member_cannot_reach_another_members_prospects_notes_or_customers_nor_message_outside_its_downline_by_url_or_api(string kind)
    {
        var site = await web.SiteAsync(kind);
        var owner = await MemberAsync(site, site.Distributors[0].UserName);
        var intruder = await MemberAsync(site, site.Distributors[1].UserName);
        long id, customerId;
        await using (var db = site.Database.CreateContext())
        {
            var book = new ProspectBook(db);
            id = (await book.AddAsync(owner.Id, new ProspectInput("Secret Sam", $"sam.{kind}.{Guid.NewGuid():N}@example.org", "555 0101", "gym", "presented", TestSite.Today, true), TestSite.Today)).Unwrap().Id;
            (await book.AddNoteAsync(owner.Id, id, "Sam's private note", TestSite.Today)).Unwrap();
            var other = (await book.AddAsync(owner.Id, new ProspectInput("Cara Customer", $"cara.{kind}.{Guid.NewGuid():N}@example.org", null, null, "new", null, true), TestSite.Today)).Unwrap();
            customerId = (await book.MakeCustomerAsync(owner.Id, other.Id, "retail", TestSite.Today)).Unwrap().Id;
        }
        async Task<(int Notes, string? Name, int Orders, int Messages)> StateAsync()
        {
            await using var db = site.Database.CreateContext();
            return (await db.ProspectNotes.CountAsync(n => n.ProspectId == id), (await db.Prospects.AsNoTracking().SingleAsync(p => p.Id == id)).Name,
                await db.Orders.CountAsync(o => o.CustomerId == customerId), await db.Messages.CountAsync());
        }
        var before = await StateAsync();

        // The pages: not found, whatever the handler; the lists show nothing of it.
        using var ui = await ApiClient.SignedInAsync(site, intruder.Handle, DemoSignIns.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.Http.GetAsync($"/office/prospects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.Http.GetAsync($"/office/prospects/{id}?handler=export")).StatusCode);
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("note", new() { ["Note"] = "hijacked" }), ("edit", new() { ["Edit.Name"] = "Changed", ["Edit.Stage"] = "new" }),
                     ("customer", new() { ["Kind"] = "retail" }), ("enroll", new() { ["Handle"] = "SAMX" }),
                     ("order", new() { ["Sku"] = "SHAKE-VAN", ["Quantity"] = "1" }), ("erase", new() { ["Confirm"] = "true" }),
                 })
        {
            var response = await ui.PostFormAsync("/office/prospects", $"/office/prospects/{id}?handler={handler}", fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler}: {response.StatusCode}");
        }
        var lists = await ui.Http.GetStringAsync("/office/prospects") + await ui.Http.GetStringAsync("/office/customers") + await ui.Http.GetStringAsync("/office");
        Assert.DoesNotContain("Secret Sam", lists);
        Assert.DoesNotContain("Cara Customer", lists);
        var outside = await ui.PostFormAsync("/office/messages", "/office/messages?handler=send",
            new() { ["To"] = "member", ["Member"] = owner.Handle, ["Subject"] = "Hi", ["Body"] = "Outside." });
        Assert.Contains("in your downline", await outside.Content.ReadAsStringAsync());

        // The API, signed in as the same member: not found, and nothing changes.
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/prospects/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/prospects/{id}/export")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/prospects?member={owner.Handle}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/customers/care?member={owner.Handle}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/customers?referrer={owner.Handle}")).Status);
        Assert.DoesNotContain("Cara Customer", (await ui.GetAsync("/api/v1/customers/care")).Json.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await ui.PostAsync($"/api/v1/prospects/{id}", "{\"name\":\"Changed\"}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.PostAsync($"/api/v1/prospects/{id}/notes", "{\"text\":\"hijacked\"}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.PostAsync($"/api/v1/prospects/{id}/customer", "{\"kind\":\"retail\"}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.DeleteAsync($"/api/v1/prospects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ui.PostAsync($"/api/v1/customers/{customerId}/orders", "{\"items\":[{\"sku\":\"SHAKE-VAN\",\"quantity\":1}]}", Guid.NewGuid().ToString())).Status);
        var message = await ui.PostAsync("/api/v1/messages", $"{{\"subject\":\"Hi\",\"body\":\"Outside.\",\"member\":\"{owner.Handle}\"}}", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, message.Status);
        Assert.Contains("in your downline", message.Json.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ui.GetAsync($"/api/v1/members/{owner.Handle}/analytics")).Status);
        var mine = await ui.GetAsync("/api/v1/prospects");
        Assert.DoesNotContain("Secret Sam", mine.Json.GetRawText());
        Assert.Equal(before, await StateAsync());

        // The owner reaches all of it.
        using var own = await ApiClient.SignedInAsync(site, owner.Handle, DemoSignIns.Password);
        var shown = await own.GetAsync($"/api/v1/prospects/{id}");
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal("Secret Sam", shown.Json.GetProperty("name").GetString());
        Assert.Equal("Sam's private note", shown.Json.GetProperty("notes")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, (await own.Http.GetAsync($"/office/prospects/{id}")).StatusCode);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_analytics_page_shows_the_members_months_and_recruits_as_computed_with_charts(string kind)
    {
        var site = await web.SiteAsync(kind);
        var me = await MemberAsync(site, site.Distributors[0].UserName);
        TeamReport report;
        await using (var db = site.Database.CreateContext())
        {
            report = await new TeamAnalytics(db).OfAsync(me.Id, TestSite.Today);
        }
        var page = await web.Browser.PageAsync("en", Browser.Phone);
        await page.SignInAsync(site, me.Handle, DemoSignIns.Password);
        await page.GotoAsync($"{site.BaseUrl}/office/analytics");
        var rows = page.Locator("#analytics-months tbody tr");
        Assert.Equal(12, await rows.CountAsync());
        foreach (var month in report.Months)
        {
            var cells = await page.Locator($"#analytics-months tr[data-month='{month.Month:yyyy-MM}'] td").AllInnerTextsAsync();
            Assert.Equal(Pages.InEnglish(() => month.TeamSize.ToString("N0", CultureInfo.CurrentCulture)), cells[0]);
            Assert.Equal(Pages.InEnglish(() => month.Active.ToString("N0", CultureInfo.CurrentCulture)), cells[1]);
            Assert.Equal(Pages.InEnglish(() => month.Joined.ToString("N0", CultureInfo.CurrentCulture)), cells[2]);
        }
        Assert.Equal(report.Retention.Select(r => r.Recruits.ToString(CultureInfo.InvariantCulture)),
            await page.Locator("#retention tbody td:nth-child(2)").AllInnerTextsAsync());
        // The charts are drawn (SVG from the JSON islands).
        await Assertions.Expect(page.Locator(".chart svg")).ToHaveCountAsync(4);
        await page.AssertAccessibleAsync();
        await page.AssertNoSidewaysScrollAsync();
        await page.ScreenshotAsync($"office-analytics-{kind}");
        Assert.Empty(web.Browser.Violations[page]);
    }
}
