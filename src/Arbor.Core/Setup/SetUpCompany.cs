using Arbor.Core.Genealogy;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Setup;

/// <summary>The company's settings: name, currency and the placement tree its plan uses.</summary>
public sealed record CompanySettings(string Name, string Currency, string Placement = "none", string BinaryDefault = "weaker_leg", int MatrixWidth = 3, int MatrixDepth = 7,
    string PeriodKind = "month", decimal MinimumPayout = 20m);

/// <summary>Creates or updates the company's one settings row. The placement kind is fixed once members exist.</summary>
public sealed class SetUpCompany(ArborContext db)
{
    public async Task<Outcome<Company>> RunAsync(CompanySettings s, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(s.Name)) return new Problem("name", "the company needs a name");
        if (s.Currency.Length != 3) return new Problem("currency", $"currency '{s.Currency}' must be a three-letter ISO code");
        if (s.Placement is not ("none" or "binary" or "matrix")) return new Problem("placement", $"placement must be none, binary or matrix, not '{s.Placement}'");
        if (s.BinaryDefault is not ("extreme_left" or "extreme_right" or "weaker_leg")) return new Problem("binary_default", $"binary placement must be extreme_left, extreme_right or weaker_leg, not '{s.BinaryDefault}'");
        if (s.Placement == "matrix" && (s.MatrixWidth is < 2 or > TreePath.MaxWidth || s.MatrixDepth < 1))
        {
            return new Problem("matrix", $"a forced matrix is 2 to {TreePath.MaxWidth} wide and at least 1 deep");
        }
        if (s.PeriodKind is not ("month" or "week")) return new Problem("period_kind", $"commission periods are month or week, not '{s.PeriodKind}'");
        if (Limits.Check("minimum_payout", "the minimum payout", s.MinimumPayout, 0, Limits.MinimumPayout, Limits.MoneyDecimals) is { } payout) return payout;
        var company = await db.Company.SingleOrDefaultAsync(ct);
        if (company is not null && company.PeriodKind != s.PeriodKind && await db.Periods.AnyAsync(ct))
        {
            return new Problem("period_kind", $"periods are already closed on a {company.PeriodKind}ly calendar; it cannot change");
        }
        if (company is not null && company.Placement != s.Placement && await db.Members.AnyAsync(ct))
        {
            return new Problem("placement", $"members are already placed in a '{company.Placement}' tree; the placement kind cannot change");
        }
        if (company is null)
        {
            company = new Company { Name = s.Name, Currency = s.Currency, Placement = s.Placement, BinaryDefault = s.BinaryDefault };
            db.Company.Add(company);
        }
        company.Name = s.Name;
        company.Currency = s.Currency.ToUpperInvariant();
        company.Placement = s.Placement;
        company.BinaryDefault = s.BinaryDefault;
        company.MatrixWidth = s.MatrixWidth;
        company.MatrixDepth = s.MatrixDepth;
        company.PeriodKind = s.PeriodKind;
        company.MinimumPayout = s.MinimumPayout;
        await db.SaveChangesAsync(ct);
        return company;
    }
}
