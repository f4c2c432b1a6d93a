using System.Xml.Linq;
using Arbor.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Arbor.Web.Security;

/// <summary>
/// Keeps the data-protection key ring (what signs sign-in cookies and antiforgery tokens) in the
/// company database instead of one server's file system: every app server on the database reads
/// the same keys, so a member signed in through one server stays signed in on the others, and a
/// restarted or new server accepts the cookies already handed out. A server that meets a cookie
/// signed with a key it has not loaded reloads the ring from here.
/// </summary>
public sealed class DatabaseKeys(ArborDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = database.CreateContext();
        return [.. db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = database.CreateContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
