using SmusServerless.Application.Ports;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Pipeline.Steps;

/// <summary>
/// Reads pipeline.yaml and bundle.json from the bundle by ranged reads, validates them with the stack's variables,
/// refuses project privileges the stack does not allow, and plans the run: the deployment targets in manifest order
/// (or the ones the event names), which are gated, and each target's domain as its stage selects it (by name, tags or
/// region alone) with the ids that already exist. Emits "Deployment Started".
/// </summary>
public sealed class ResolveStep(RunBundles bundles, IProjectCatalog catalog, ILifecycleEvents events, PlanningOptions options, TimeProvider clock)
{
    public async Task<DeploymentPlan> RunAsync(ResolveInput input, CancellationToken cancellationToken)
    {
        var bundle = await bundles.OpenAsync(input.Request.Bundle, cancellationToken).ConfigureAwait(false);
        var selection = DeploymentTargetSelection.Select(bundle.Manifest, input.Request.Targets);
        if (!selection.Succeeded)
            throw new PipelineFailure(PipelineErrors.TargetUnknown, string.Join(" ", selection.Errors));
        if (selection.Targets.Count == 0)
            throw new PipelineFailure(PipelineErrors.TargetUnknown,
                $"pipeline.yaml of {bundle.Descriptor.Name} has no deployment target (a target needs bundle_target_configuration to be deployed to).");

        var descriptor = bundle.Descriptor;
        var run = new RunContext(
            RunId: input.ExecutionArn[(input.ExecutionArn.LastIndexOf(':') + 1)..],
            PipelineName: bundle.Manifest.Name,
            Bundle: input.Request.Bundle,
            BundleName: descriptor.Name,
            BundleVersion: descriptor.Version,
            SourceCommit: descriptor.Source.Commit,
            SourceAuthor: descriptor.Source.Author,
            RequestedBy: input.Request.RequestedBy,
            ApprovalTimeoutSeconds: options.ApprovalTimeoutSeconds,
            StartedAt: DateTimeOffset.TryParse(input.StartTime, out var started) ? started : clock.GetUtcNow());

        // Before any lookup or event: a bundle that asks for privileges the stack does not allow changes nothing.
        ProjectPrivileges.Check(bundle.Manifest, selection.Targets, options.Privileges);
        RefuseUnsupported(bundle, selection.Targets);

        var domains = new Dictionary<DomainKey, CatalogDomain?>();
        var names = new CatalogNames(catalog);
        var targets = new List<PlannedTarget>();
        foreach (var (target, index) in selection.Targets.Select((t, i) => (t, i)))
        {
            var domain = await FindDomainAsync(names, domains, bundle.Manifest, target, cancellationToken).ConfigureAwait(false);
            targets.Add(new PlannedTarget(target.Name, target.Stage, options.GatedStages.Contains(target.Stage),
                new TargetDomain(domain?.Name ?? target.Domain.Name, target.Domain.Region, domain?.Id), target.Project.Name, null, target.Create, index));
        }

        var detail = LifecycleDetail.For(run, input.ExecutionArn) with { Targets = [.. targets.Select(t => t.Name)] };
        await events.PublishAsync(LifecycleEvents.DeploymentStarted, detail, cancellationToken).ConfigureAwait(false);
        return new DeploymentPlan(run, targets);
    }

    /// <summary>
    /// The target's domain as its stage selects it (name, tags or region alone), looked up once per selection. Null
    /// for a name that has no domain yet (Provision creates it, when the stack allows); a selection by tags or
    /// region always resolves here, to the domain's name and id, or fails naming the candidates.
    /// </summary>
    private static async Task<CatalogDomain?> FindDomainAsync(CatalogNames names, Dictionary<DomainKey, CatalogDomain?> found,
        PipelineManifest manifest, TargetDefinition target, CancellationToken cancellationToken)
    {
        var key = DomainKey.Of(target.Domain);
        if (found.TryGetValue(key, out var domain)) return domain;
        var path = $"{(manifest.Format == ManifestFormat.Application ? "stages" : "targets")}.{target.Name}.domain";
        return found[key] = await names.FindDomainAsync(target.Domain, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One domain selection: region, name, and the tags in a canonical order.</summary>
    private readonly record struct DomainKey(string Region, string Name, string Tags)
    {
        public static DomainKey Of(DomainReference domain) => new(domain.Region, domain.Name,
            string.Join("\n", (domain.Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));
    }

    /// <summary>
    /// A stage that asks for what no step builds yet (bootstrap actions, QuickSight, ...) would be deployed only in
    /// part: the run stops here, before anything changes, naming each such key of each selected stage.
    /// </summary>
    private static void RefuseUnsupported(RunBundle bundle, IReadOnlyList<TargetDefinition> targets)
    {
        var gaps = targets
            .Select(t => (t.Name, Gaps: PipelineFormatOverlap.Unmapped(bundle.Manifest, t)))
            .Where(t => t.Gaps.Count > 0)
            .Select(t => $"stage '{t.Name}': {string.Join("; ", t.Gaps)}")
            .ToList();
        if (gaps.Count > 0)
            throw new PipelineFailure(PipelineErrors.ManifestUnsupported,
                $"The manifest of {bundle.Descriptor.Name} {bundle.Descriptor.Version} asks for what this pipeline does not build yet, " +
                $"so nothing was changed. {string.Join(". ", gaps)}.");
    }
}
