using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Security;

/// <summary>Where a sign-in step goes on to: only an address of this site (no open redirects), else the start.</summary>
public static class Redirects
{
    public static string Local(IUrlHelper url, string? target) => !string.IsNullOrEmpty(target) && url.IsLocalUrl(target) ? target : "/";
}
