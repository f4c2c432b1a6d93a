using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Arbor.Web.Security;

/// <summary>
/// The staff roles a back-office page allows: <paramref name="read"/> to open it (GET), and
/// <paramref name="write"/> to use its forms (every other method). Every page under
/// <c>/Admin</c> states it; a page without it is refused to everyone (<see cref="StaffAccessFilter"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowsAttribute(StaffRoles read, StaffRoles write) : Attribute
{
    public StaffRoles Read { get; } = read;
    public StaffRoles Write { get; } = write;
}

/// <summary>What the signed-in staff member may do on a page, by its <see cref="AllowsAttribute"/>: the one rule the filter, the menu and the pages ask.</summary>
public static class StaffAccess
{
    public static AllowsAttribute? Of(Type page) => page.GetCustomAttribute<AllowsAttribute>();

    public static bool MayRead(ClaimsPrincipal user, Type page) => Of(page) is { } allows && (Roles.Of(user) & allows.Read) != 0;

    public static bool MayWrite(ClaimsPrincipal user, Type page) => Of(page) is { } allows && (Roles.Of(user) & allows.Write) != 0;

    /// <summary>The names of the roles in <paramref name="roles"/>, for messages and the docs.</summary>
    public static string Names(StaffRoles roles) => Names(roles, name => name);

    /// <summary>The roles in <paramref name="roles"/>, each as <paramref name="label"/> gives its name (a page's language).</summary>
    public static string Names(StaffRoles roles, Func<string, string> label) =>
        string.Join(", ", Roles.StaffNames.Where(n => (roles & Roles.Flag(n)) != 0).Select(label));
}

/// <summary>
/// Checks every request to a back-office page against its <see cref="AllowsAttribute"/>, on the
/// server, before the handler runs: GET and HEAD need a read role, anything else a write role.
/// A refusal is the sign-in's "not allowed" answer (403).
/// </summary>
public sealed class StaffAccessFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ModelTypeInfo?.AsType();
        if (page?.Namespace?.StartsWith("Arbor.Web.Pages.Admin", StringComparison.Ordinal) == true)
        {
            var user = context.HttpContext.User;
            var reading = HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method);
            if (!(reading ? StaffAccess.MayRead(user, page) : StaffAccess.MayWrite(user, page)))
            {
                context.Result = new ForbidResult();
                return;
            }
        }
        await next();
    }
}
