using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Arbor.Web;

/// <summary>The chosen language as the culture cookie that request localization reads first.</summary>
public static class Languages
{
    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = response.HttpContext.Request.IsHttps });
}
