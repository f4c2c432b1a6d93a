using Arbor.Core.Prospects;

namespace Arbor.Web.Pages.Office.Prospects;

/// <summary>The fields of a prospect as the add and edit forms post them.</summary>
public sealed class ProspectForm
{
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Source { get; set; }
    public string Stage { get; set; } = "new";
    public DateOnly? FollowUp { get; set; }
    public bool Consent { get; set; }

    public ProspectInput Input => new(Name, Email, Phone, Source, Stage, FollowUp, Consent);

    public static ProspectForm Of(Arbor.Data.Prospect p) => new()
    {
        Name = p.Name ?? "", Email = p.Email, Phone = p.Phone, Source = p.Source, Stage = p.Stage, FollowUp = p.NextFollowUp, Consent = p.ConsentOn is not null,
    };
}
