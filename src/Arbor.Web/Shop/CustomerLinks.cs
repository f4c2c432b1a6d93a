using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Arbor.Web.Shop;

/// <summary>
/// The signed, time-limited address of a customer's order history, sent to the customer's e-mail
/// (customers have no password). Signed with the data-protection key ring, which is in the database,
/// so a link made on one app server opens on every other; it lasts <see cref="Lifetime"/> by the
/// app's clock.
/// </summary>
public sealed class CustomerLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly IDataProtector _protector = protection.CreateProtector("Arbor.Shop.CustomerOrders.v1");

    /// <summary>The token of customer <paramref name="customerId"/>'s history link, valid for <see cref="Lifetime"/>.</summary>
    public string TokenFor(long customerId) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{customerId}:{(clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds()}"));

    /// <summary>The absolute link for a shop's customer on the host of <paramref name="request"/>.</summary>
    public Func<long, string> LinkFor(Microsoft.AspNetCore.Http.HttpRequest request, string handle) =>
        id => $"{request.Scheme}://{request.Host}/shop/{Uri.EscapeDataString(handle)}/orders/{TokenFor(id)}";

    /// <summary>The customer a token is for; null when it is forged, damaged or expired.</summary>
    public long? CustomerOf(string token)
    {
        string plain;
        try
        {
            plain = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = plain.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var until)) return null;
        return clock.GetUtcNow().ToUnixTimeSeconds() <= until ? id : null;
    }
}
