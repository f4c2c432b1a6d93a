using Arbor.Core.Tests;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Tests;

/// <summary>The back office buys back a leaving member's inventory: what is returnable and the refund first, then the returns and the termination.</summary>
[Collection(WebCollection.Name)]
public sealed class BuyBackTests(WebFixture web)
{
    [Theory, OnSqlite, OnPostgres]
    public async Task An_admin_buys_back_a_leaving_members_inventory_and_the_member_is_terminated(string kind)
    {
        await using var site = await TestSite.StartAsync(kind, members: 60);
        var from = TestSite.Today.AddMonths(-12);
        string handle;
        decimal refund;
        int orders;
        await using (var db = site.Database.CreateContext())
        {
            // The active member (not the founder) with the most personal orders in the 12 months up to today (the demo's today is the buyback's date).
            var candidates = await db.Orders.AsNoTracking().Where(o => o.Kind == "personal" && o.Date >= from && o.Date <= TestSite.Today)
                .Join(db.Members.Where(m => m.Status == "active" && m.SponsorId != null), o => o.MemberId, m => m.Id, (o, m) => new { m.Handle, o.Id }).ToListAsync();
            handle = candidates.GroupBy(c => c.Handle).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            var memberId = (await db.Members.SingleAsync(m => m.Handle == handle)).Id;
            var bought = await db.Orders.AsNoTracking().Include(o => o.Lines)
                .Where(o => o.MemberId == memberId && o.Kind == "personal" && o.Date >= from && o.Date <= TestSite.Today).ToListAsync();
            var ids = bought.Select(o => o.Id).ToList();
            var returned = (await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.OriginalOrderId != null && ids.Contains(o.OriginalOrderId.Value)).ToListAsync())
                .SelectMany(o => o.Lines).GroupBy(l => l.OriginalLineId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
            // The refund by hand: per order, 90 % of what is left at what was paid, rounded to cents half to even.
            var left = bought.Select(o => o.Lines.Sum(l => (l.Quantity - returned.GetValueOrDefault(l.Id)) * l.UnitPrice)).Where(paid => paid > 0).ToList();
            refund = left.Sum(paid => Math.Round(paid * 0.9m, 2, MidpointRounding.ToEven));
            orders = left.Count;
        }
        Assert.True(orders > 0, $"{handle} has nothing to buy back");

        var page = await web.Browser.PageAsync();
        await page.SignInAsync(site, site.Admin.UserName, site.Admin.Password);
        await page.GotoAsync($"{site.BaseUrl}/admin/members/{handle}");
        await page.ClickAsync("#buyback-link");
        Assert.EndsWith($"/admin/members/{handle}/buyback", page.Url);
        Assert.Equal(Money(refund), await page.InnerTextAsync("#buyback-refund"));
        Assert.Equal("90", await page.InputValueAsync("#buyback-percent"));
        await page.AssertAccessibleAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("admin-buyback");

        // Below the codes of conduct: refused, nothing changes.
        await page.FillAsync("#buyback-percent", "85");
        await page.ClickAsync("#buyback-show button[type=submit]");
        Assert.Contains("at least 90 %", await page.InnerTextAsync("main .problem"));
        await page.FillAsync("#buyback-percent", "90");
        await page.ClickAsync("#buyback-show button[type=submit]");

        await page.ClickAsync("#buyback-confirm");
        Assert.EndsWith($"/admin/members/{handle}", page.Url);
        Assert.Contains(Money(refund), await page.InnerTextAsync("main .notice"));
        Assert.Equal("Terminated", await page.InnerTextAsync("#member-status"));
        Assert.Equal(0, await page.Locator("#buyback-link").CountAsync());
        await page.AssertAccessibleAsync();
        if (kind == "sqlite") await page.ScreenshotAsync("admin-buyback-done");

        await using var check = site.Database.CreateContext();
        var member = await check.Members.AsNoTracking().SingleAsync(m => m.Handle == handle);
        Assert.Equal(("terminated", TestSite.Today), (member.Status, member.StatusSince));
        var returns = await check.Orders.AsNoTracking().Where(o => o.MemberId == member.Id && o.Kind == "return" && o.Date == TestSite.Today).ToListAsync();
        Assert.Equal(orders, returns.Count);
        Assert.Equal(-refund, returns.Sum(o => o.Amount!.Value));
        var audit = await check.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "member-buyback");
        Assert.Equal((site.Admin.UserName, handle), (audit.Actor, audit.Subject));
        Assert.Empty(web.Browser.Violations[page]);
    }

    /// <summary>Money as the English pages write it (<see cref="Formats.Money"/>), in the demo's euros.</summary>
    private static string Money(decimal amount) => Pages.InEnglish(() => Formats.Money(amount, "EUR"));
}
