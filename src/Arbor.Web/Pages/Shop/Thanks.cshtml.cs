using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Shop;

/// <summary>After checkout: the order's number (the confirmation goes by e-mail, through the outbox).</summary>
public sealed class ThanksModel : PageModel
{
    public string Handle { get; private set; } = "";
    public string Number { get; private set; } = "";

    public void OnGet(string handle, string number) => (Handle, Number) = (handle, number);
}
