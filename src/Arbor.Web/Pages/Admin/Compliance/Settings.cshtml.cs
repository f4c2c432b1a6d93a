using System.Globalization;
using Arbor.Core;
using Arbor.Core.Audit;
using Arbor.Core.Compliance;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Compliance;

/// <summary>The company's compliance thresholds: shown, and changed through <see cref="ComplianceSettingsStore"/> (which refuses what it cannot store).</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class SettingsModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    /// <summary>The settings' keys (as the CLI and docs/compliance.md name them), in the form's order; whole numbers where <c>Whole</c>.</summary>
    public static readonly (string Key, bool Whole)[] Fields =
    [
        ("min_retail_share_percent", false), ("min_non_participant_percent", false), ("min_resold_percent", false), ("own_use_pv", false),
        ("min_retail_customers", true), ("first_order_max_pv", false), ("loading_factor", false), ("max_recruiting_percent", false), ("retention_months", true),
    ];

    /// <summary>The form's values by key, as typed.</summary>
    [BindProperty] public Dictionary<string, string?> Values { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Values = Show(await new ComplianceSettingsStore(db).GetAsync(ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var read = Read();
        if (!read.Ok)
        {
            Refused("settings", read.Problem!);
            return Page();
        }
        var changed = await new ComplianceSettingsStore(db).ChangeAsync(read.Value!, ct);
        if (!changed.Ok)
        {
            Refused("settings", changed.Problem!);
            return Page();
        }
        var details = string.Join(", ", Show(changed.Value!).Select(kv => $"{kv.Key}={kv.Value}"));
        await new AuditLog(database, clock).RecordAsync(Actor, "compliance-settings", "compliance", details, ct);
        Notice = a["Compliance.SettingsChanged"];
        return RedirectToPage();
    }

    private static Dictionary<string, string?> Show(ComplianceSettings s)
    {
        static string D(decimal v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        return new()
        {
            ["min_retail_share_percent"] = D(s.MinRetailSharePercent), ["min_non_participant_percent"] = D(s.MinNonParticipantPercent),
            ["min_resold_percent"] = D(s.MinResoldPercent), ["own_use_pv"] = D(s.OwnUsePv),
            ["min_retail_customers"] = s.MinRetailCustomers.ToString(CultureInfo.InvariantCulture), ["first_order_max_pv"] = D(s.FirstOrderMaxPv),
            ["loading_factor"] = D(s.LoadingFactor), ["max_recruiting_percent"] = D(s.MaxRecruitingPercent),
            ["retention_months"] = s.RetentionMonths.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The typed values as settings; a problem naming the first field that is not a number.</summary>
    private Outcome<ComplianceSettings> Read()
    {
        var numbers = new Dictionary<string, decimal>();
        foreach (var (key, whole) in Fields)
        {
            var text = Values.GetValueOrDefault(key);
            decimal? value = whole ? (int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null) : Amount(text);
            if (value is null) return new Problem(key, a[whole ? "Compliance.NotAWholeNumber" : "Compliance.NotANumber", a[$"Setting.{key}"], text ?? ""]);
            numbers[key] = value.Value;
        }
        return new ComplianceSettings(
            OwnUsePv: numbers["own_use_pv"], MinRetailSharePercent: numbers["min_retail_share_percent"], MinNonParticipantPercent: numbers["min_non_participant_percent"],
            MinResoldPercent: numbers["min_resold_percent"], MinRetailCustomers: (int)numbers["min_retail_customers"], LoadingFactor: numbers["loading_factor"],
            FirstOrderMaxPv: numbers["first_order_max_pv"], MaxRecruitingPercent: numbers["max_recruiting_percent"], RetentionMonths: (int)numbers["retention_months"]);
    }
}
