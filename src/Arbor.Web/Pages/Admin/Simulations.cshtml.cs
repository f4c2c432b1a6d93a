using Arbor.Core.Periods;
using Arbor.Core.Simulation;
using Arbor.Data;
using Arbor.Engine;
using Arbor.Engine.Plans;
using Arbor.Web.Security;
using Arbor.Web.Simulating;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin;

/// <summary>
/// Plan simulations (docs/simulation.md): a stored plan version or an uploaded plan, optionally
/// against a second one, on a scenario (its settings as YAML, the documented defaults to start
/// from), run in the background with its progress shown; then its summary and report files, and
/// the simulations run before.
/// </summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Compliance)]
public sealed class SimulationsModel(ArborContext db, TimeProvider clock, SimulationJobs jobs, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [BindProperty] public long? PlanId { get; set; }
    [BindProperty] public IFormFile? PlanUpload { get; set; }
    [BindProperty] public long? CompareId { get; set; }
    [BindProperty] public IFormFile? CompareUpload { get; set; }
    [BindProperty] public string? Scenario { get; set; }
    [BindProperty] public int Months { get; set; } = 36;
    [BindProperty] public int Runs { get; set; } = 20;
    [BindProperty] public int Seed { get; set; } = 1;

    public IReadOnlyList<PlanVersion> Versions { get; private set; } = [];
    public IReadOnlyList<SimulationJob> Latest { get; private set; } = [];
    public IReadOnlyList<InputError> Errors { get; private set; } = [];
    public string Currency { get; private set; } = "";

    /// <summary>The simulation shown: the one asked for, else the latest.</summary>
    public SimulationJob? Shown { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (id is { } asked)
        {
            Shown = await jobs.FindAsync(asked, ct);
            if (Shown is null) return NotFound();
        }
        Scenario = ScenarioReader.Write(new Scenario());
        PlanId = (await PlanVersions.InForceAsync(db, Today(clock), ct) ?? Versions.LastOrDefault())?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (SimulationLimits.Check(Months, Runs) is { } size) return await RefusedAsync(size, ct);
        Versions = await new PlanVersions(db, clock).ListAsync(ct);
        var plans = new List<Plan>();
        var scenario = new Scenario();
        try
        {
            if (await PlanAsync(PlanId, PlanUpload, ct) is { } first) plans.Add(first);
            else return await RefusedAsync(new Core.Problem("plan", a["Simulations.NoPlan"]), ct);
            if (await PlanAsync(CompareId, CompareUpload, ct) is { } second) plans.Add(second);
            if (!string.IsNullOrWhiteSpace(Scenario)) scenario = ScenarioReader.Parse(Scenario, "scenario.yaml");
        }
        catch (InputException e)
        {
            Errors = e.Errors;
            return await RefusedAsync(new Core.Problem("simulation", a["Simulations.Invalid", e.Errors.Count]), ct);
        }
        var order = new SimulationOrder(plans, scenario, ScenarioReader.Write(scenario), Months, Runs, Seed);
        if (await jobs.StartAsync(order, Actor, ct) is not { } id) return await RefusedAsync(new Core.Problem("simulation", a["Simulations.Busy"]), ct);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostStopAsync(long id, CancellationToken ct)
    {
        if (await jobs.StopAsync(id, ct)) Notice = a["Simulations.StopAsked"];
        return RedirectToPage(new { id });
    }

    /// <summary>A simulation's progress as JSON, for admin.js to move its bar while it runs.</summary>
    public async Task<IActionResult> OnGetStatusAsync(long id, CancellationToken ct)
    {
        if (await jobs.FindAsync(id, ct) is not { } job) return NotFound();
        return new JsonResult(new { running = !job.Done, done = job.RunsDone, runs = job.Runs, text = ProgressText(job) });
    }

    /// <summary>One of a finished simulation's files: the HTML ones shown, the data ones downloaded.</summary>
    public async Task<IActionResult> OnGetFileAsync(long id, string name, CancellationToken ct)
    {
        if (!SimulationFiles.Names(2).Contains(name) || await jobs.FileAsync(id, name, ct) is not { } content) return NotFound();
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            // The report carries its own <style>: exactly that block is allowed, nothing else inline.
            Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingOwnStyles(content);
            return Content(content, "text/html; charset=utf-8");
        }
        var type = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv";
        return File(System.Text.Encoding.UTF8.GetBytes(content), type, $"simulation-{id}-{name}");
    }

    public string ProgressText(SimulationJob job) => a["Simulations.Progress", Formats.Count(job.RunsDone), Formats.Count(job.Runs)];

    /// <summary>A plan chosen from the stored versions or uploaded; null when neither.</summary>
    private async Task<Plan?> PlanAsync(long? versionId, IFormFile? upload, CancellationToken ct)
    {
        if (upload is { Length: > 0 } file)
        {
            if (file.Length > PlansModel.MaxPlanBytes) throw new InputException([new InputError(Path.GetFileName(file.FileName), 1, null, a["Plans.TooLarge"])]);
            using var reader = new StreamReader(file.OpenReadStream());
            return PlanReader.Parse(await reader.ReadToEndAsync(ct), Path.GetFileName(file.FileName));
        }
        if (versionId is not { } id) return null;
        var version = Versions.FirstOrDefault(v => v.Id == id);
        return version is null ? null : PlanReader.Parse(version.Yaml, $"{version.Name} ({version.EffectiveFrom:yyyy-MM-dd})");
    }

    private async Task<IActionResult> RefusedAsync(Core.Problem problem, CancellationToken ct)
    {
        await LoadAsync(ct);
        Refused("simulation", problem);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Versions = await new PlanVersions(db, clock).ListAsync(ct);
        Latest = await jobs.LatestAsync(10, ct);
        Currency = await CurrencyAsync(db, ct);
        Shown = Latest.FirstOrDefault();
    }
}
