using Arbor.Core.Compliance;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>The members behind one scorecard figure, or failing one per-member indicator, in a closed period: each with the value that puts it there.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class BehindModel(ArborContext db) : StaffPage
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Figure { get; set; }

    public FigureMembers? Behind { get; private set; }
    public ComplianceSettings Settings { get; private set; } = ComplianceSettings.Default;
    public string Currency { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Settings = await new ComplianceSettingsStore(db).GetAsync(ct);
        Currency = await CurrencyAsync(db, ct);
        var behind = await new ComplianceQueries(db).MembersBehindAsync(Period?.Trim() ?? "", Figure?.Trim() ?? "", ct);
        if (behind.Ok) Behind = behind.Value;
        else Refused("behind", behind.Problem!);
    }
}
