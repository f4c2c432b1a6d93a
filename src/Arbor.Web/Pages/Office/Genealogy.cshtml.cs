using Arbor.Core.Periods;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Arbor.Web.Estimates;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>Tree nodes as the genealogy page and its children fragment render them.</summary>
public sealed record NodesView(IReadOnlyList<TreeNode> Nodes, Tree Tree, OpenEstimate? Estimate);

/// <summary>
/// The viewer's sponsor tree (or placement tree), one level at a time: the first level comes with
/// the page, deeper levels as fragments from <see cref="OnGetChildrenAsync"/>, each asked of
/// <see cref="Viewer.SeeAsync"/>. And a search in the viewer's downline.
/// </summary>
public sealed class GenealogyModel(Viewer viewer, EstimateService estimates, ArborContext db) : PageModel
{
    public Member Me { get; private set; } = null!;
    public Tree Tree { get; private set; }
    public bool HasPlacement { get; private set; }
    public NodesView Root { get; private set; } = null!;
    public int RootChildren { get; private set; }
    public string? Query { get; private set; }
    public IReadOnlyList<TreeMember>? Found { get; private set; }
    public OpenEstimate? Estimate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? tree, string? q, CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Me = self.Value!;
        HasPlacement = (await db.Company.AsNoTracking().SingleAsync(ct)).Placement != "none";
        Tree = HasPlacement && string.Equals(tree, "placement", StringComparison.Ordinal) ? Tree.Placement : Tree.Sponsor;
        Estimate = estimates.Latest;
        var queries = new GenealogyQueries(db);
        var children = await queries.ChildrenAsync(Me, Me, Tree, ct);
        RootChildren = children.Count;
        Root = new NodesView(children, Tree, Estimate);
        if (q is { Length: > 0 })
        {
            Query = q.Length > 100 ? q[..100] : q;
            Found = await queries.SearchAsync(Me, Query, ct);
        }
        return Page();
    }

    /// <summary>The children of <paramref name="member"/> as an HTML fragment; 404 for a member the viewer may not see.</summary>
    public async Task<IActionResult> OnGetChildrenAsync(string? member, string? tree, CancellationToken ct)
    {
        if (member is null) return NotFound();
        var self = await viewer.SelfAsync(ct);
        var target = await viewer.SeeAsync(member, ct);
        if (!self.Ok || !target.Ok) return NotFound();
        var which = string.Equals(tree, "placement", StringComparison.Ordinal) ? Tree.Placement : Tree.Sponsor;
        var children = await new GenealogyQueries(db).ChildrenAsync(self.Value!, target.Value!, which, ct);
        return Partial("_Nodes", new NodesView(children, which, estimates.Latest));
    }
}
