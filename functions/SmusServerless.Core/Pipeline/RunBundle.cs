using System.Text;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Core.Storage;

namespace SmusServerless.Core.Pipeline;

/// <summary>
/// A run's bundle opened from object storage by ranged reads: its reader, its bundle.json, and its pipeline.yaml (the
/// raw manifest, as written) validated with the stack's variables and the session's well-known ones
/// (<see cref="SessionVariableSource"/>). Every step opens it the same way, so every step sees the same manifest.
/// </summary>
public sealed record RunBundle(BundleReader Reader, BundleDescriptor Descriptor, PipelineManifest Manifest)
{
    public const string ManifestEntry = "pipeline.yaml";

    /// <summary>Opens and validates; every failure is a <see cref="PipelineFailure"/> naming what is wrong.</summary>
    /// <param name="caller">Who the pipeline runs as, for <c>${AWS_ACCOUNT_ID}</c> and <c>${STS_REGION}</c>; null where unknown.</param>
    public static async Task<RunBundle> OpenAsync(IObjectStore store, BundleReference bundle, IVariableSource variables, CancellationToken cancellationToken,
        ICallerIdentity? caller = null)
    {
        BundleReader reader;
        try
        {
            var source = await ObjectRandomAccessSource.OpenAsync(store, bundle.Bucket, bundle.Key, bundle.VersionId, cancellationToken).ConfigureAwait(false);
            reader = await BundleReader.OpenAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            throw new PipelineFailure(PipelineErrors.BundleNotFound, $"The bundle {bundle} does not exist (or that version was deleted).");
        }
        catch (BundleRefusedException refused)
        {
            throw new PipelineFailure(PipelineErrors.BundleRefused, $"The bundle {bundle} was refused before anything was deployed: {refused.Message}");
        }

        string yaml;
        try
        {
            yaml = Encoding.UTF8.GetString(await reader.ReadAllBytesAsync(ManifestEntry, cancellationToken).ConfigureAwait(false));
        }
        catch (BundleRefusedException refused)
        {
            throw new PipelineFailure(PipelineErrors.BundleRefused, $"The bundle {bundle} was refused: {refused.Message}");
        }

        var contents = new BundleFileSet(reader.Entries.Select(e => e.Name));
        var manifestVariables = await SessionVariableSource.ForManifestAsync(yaml, variables, caller, cancellationToken).ConfigureAwait(false);
        var result = ManifestLoader.Load(yaml, ManifestEntry, manifestVariables, new ManifestLoadOptions { BundleContents = contents });
        if (result.Manifest is null)
        {
            var problems = string.Join("\n", result.Diagnostics.Take(20).Select(d => d.ToString()));
            var more = result.Diagnostics.Count > 20 ? $"\n... and {result.Diagnostics.Count - 20} more" : "";
            throw new PipelineFailure(PipelineErrors.ManifestInvalid, $"pipeline.yaml in {bundle} is invalid:\n{problems}{more}");
        }
        return new RunBundle(reader, reader.Descriptor, result.Manifest);
    }

    public TargetDefinition Target(string name) =>
        Manifest.FindTarget(name) ?? throw new PipelineFailure(PipelineErrors.TargetUnknown,
            $"pipeline.yaml of bundle {Descriptor.Name} {Descriptor.Version} has no target '{name}'.");
}
