using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Bundles;

/// <summary>
/// The bundle command's hold on its <see cref="BundleSources"/>: collects them with the command's environment (git runs
/// as the user's; the dev project offline is the local stack's in <c>./.smus-local</c>, where <c>run</c> and <c>serve</c>
/// keep it), says what each clone and connection gave, and removes the clones when the command is done.
/// </summary>
public sealed class BundleSourcesHolder : IAsyncDisposable
{
    /// <summary>The local stack's state directory, relative to the working directory, as run/serve default it.</summary>
    public const string DefaultStateDirectory = ".smus-local";

    private BundleSources? _sources;

    public async Task<(IReadOnlyList<BundleContentFile> Files, ISourceTree Tree)> CollectAsync(
        CliContext context, CliConsole console, PipelineManifest manifest, IReadOnlyList<BundleContentFile> checkoutFiles, ISourceTree checkout,
        CancellationToken cancellationToken, string? stage = null)
    {
        _sources = await BundleSources.CollectAsync(manifest, new BundleSourcesOptions
        {
            Environment = context.Environment,
            StateDirectory = context.ResolvePath(DefaultStateDirectory),
            Stage = stage,
            // The user's temporary directory (TMPDIR), never their folder: clones are removed when the bundle is written.
            TemporaryDirectory = context.Environment.GetValueOrDefault("TMPDIR") is { Length: > 0 } temporary ? temporary : null,
        }, cancellationToken).ConfigureAwait(false);
        foreach (var repository in _sources.Repositories)
            console.Line($"  git      {repository.Where} {repository.Repository}: {repository.Url} {repository.Branch} at {repository.Commit} ({repository.Files} files)");
        foreach (var connection in _sources.Connections)
            console.Line($"  from     {connection.Where} {connection.Name}: stage {connection.Stage} connection {connection.ConnectionName} {connection.S3Uri} ({connection.Files} files)");
        return _sources.Combine(checkoutFiles, checkout);
    }

    public ValueTask DisposeAsync() => _sources?.DisposeAsync() ?? ValueTask.CompletedTask;
}
