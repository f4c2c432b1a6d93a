namespace Arbor.Web.Resources;

// The UI's texts, one resource per area, each in four languages (Ui.resx, Ui.nl.resx, Ui.nb.resx,
// Ui.id.resx, ...). Pages ask IStringLocalizer<Area>; tools/resx.py adds a text in all four at once,
// and a test fails when a key is missing in any language or a page uses a key that no file has.

/// <summary>Texts shared by every page: layout, navigation, sign-in, errors.</summary>
public sealed class Ui;

/// <summary>Texts of the virtual office (a member's pages).</summary>
public sealed class Office;

/// <summary>Texts of the back office (staff pages).</summary>
public sealed class Admin;

/// <summary>Texts of the replicated shops (what retail customers see).</summary>
public sealed class Shop;
