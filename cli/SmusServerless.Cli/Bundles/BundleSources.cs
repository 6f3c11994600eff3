using SmusServerless.Application.Bundling;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Bundle.Sources;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Bundling;
using SmusServerless.Local.Files;

namespace SmusServerless.Cli.Bundles;

/// <summary>A cloned <c>content.git[]</c> item: the commit bundled, for the bundle command's output.</summary>
public sealed record BundledRepository(string Where, string Repository, string Url, string Branch, string Commit, int Files);

/// <summary>A <c>content.storage[]</c> item taken from a connection of the dev stage's project.</summary>
public sealed record BundledConnection(string Where, string Name, string Stage, string ConnectionName, string S3Uri, int Files);

/// <summary>How <see cref="BundleSources.CollectAsync"/> reaches git and the dev project.</summary>
public sealed record BundleSourcesOptions
{
    /// <summary>The environment git runs with (the user's: credential helpers, <c>GIT_CONFIG_GLOBAL</c>, PATH).</summary>
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }

    /// <summary>The local stack's state directory, whose projects are the dev project offline.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The stage whose project connections serve <c>connectionName</c> items; null takes the stage whose <c>stage</c> is DEV.</summary>
    public string? Stage { get; init; }

    /// <summary>Bound of each git call.</summary>
    public TimeSpan GitTimeout { get; init; } = GitCloner.DefaultTimeout;

    /// <summary>Where temporary clones go (outside the user's folder); the system temp directory by default.</summary>
    public string? TemporaryDirectory { get; init; }
}

/// <summary>
/// The bundle content that does not come from the checkout: <c>content.git[]</c> items, cloned with the user's git into a
/// temporary directory (removed on dispose), as <c>repositories/&lt;repository&gt;/…</c>; and <c>content.storage[]</c> items
/// with a <c>connectionName</c>, read from that connection of the dev stage's project (offline: the local stack's) as
/// <c>storage/&lt;name&gt;/…</c>. <see cref="Combine"/> joins them with the checkout's files over one source tree.
/// Failures are <see cref="BundleContentException"/>s naming the manifest item.
/// </summary>
public sealed class BundleSources : IAsyncDisposable
{
    private const string CheckoutMount = "checkout";
    private readonly List<KeyValuePair<string, ISourceTree>> _mounts = [];
    private readonly List<BundleContentFile> _files = [];
    private readonly List<string> _temporary = [];
    private readonly List<BundledRepository> _repositories = [];
    private readonly List<BundledConnection> _connections = [];
    private LocalConnectionContent? _local;

    private BundleSources()
    {
    }

    public IReadOnlyList<BundledRepository> Repositories => _repositories;

    public IReadOnlyList<BundledConnection> Connections => _connections;

    /// <summary>The files contributed, as <see cref="Combine"/>'s tree names them.</summary>
    public IReadOnlyList<BundleContentFile> Files => _files;

    /// <summary>Clones the git items and reads the connection items of <paramref name="manifest"/> (none in the pipeline format).</summary>
    public static async Task<BundleSources> CollectAsync(PipelineManifest manifest, BundleSourcesOptions options, CancellationToken cancellationToken)
    {
        var sources = new BundleSources();
        try
        {
            if (manifest.Content is { } content)
            {
                for (var i = 0; i < content.Git.Count; i++)
                    await sources.AddGitAsync(content.Git[i], $"content.git[{i}]", options, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < content.Storage.Count; i++)
                {
                    if (content.Storage[i].ConnectionName is { } connection)
                        await sources.AddConnectionAsync(manifest, content.Storage[i], connection, $"content.storage[{i}]", options, cancellationToken).ConfigureAwait(false);
                }
            }
            return sources;
        }
        catch
        {
            await sources.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when the manifest has content that does not come from the checkout (git items, items taken from a connection).</summary>
    public static bool HasItems(PipelineManifest manifest) =>
        manifest.Content is { } content && (content.Git.Count > 0 || content.Storage.Any(s => !s.FromCheckout));

    /// <summary>
    /// The checkout's selected files (read from <paramref name="checkout"/>) and these, sorted by entry, over one tree.
    /// Two files landing on one entry name, or on names that differ only in case, are refused.
    /// </summary>
    public (IReadOnlyList<BundleContentFile> Files, ISourceTree Tree) Combine(IReadOnlyList<BundleContentFile> checkoutFiles, ISourceTree checkout)
    {
        if (_files.Count == 0)
            return (checkoutFiles, checkout);
        var all = BundleContentMerge.Merge(
            checkoutFiles.Select(f => f with { SourcePath = MountedSourceTree.Join(CheckoutMount, f.SourcePath) }).Concat(_files), Describe);
        return (all, new MountedSourceTree([new(CheckoutMount, checkout), .. _mounts]));
    }

    private async Task AddGitAsync(GitItem item, string where, BundleSourcesOptions options, CancellationToken cancellationToken)
    {
        if (BundleEntryName.Check(item.Repository) is not null || BundleEntryName.IsDirectory(item.Repository) || item.Repository.Contains('/'))
            throw new BundleContentException($"{where}.repository '{item.Repository}' must be one folder name");
        var temporary = Path.Combine(options.TemporaryDirectory ?? Path.GetTempPath(), "smus-serverless-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temporary);
        _temporary.Add(temporary);
        ClonedRepository clone;
        try
        {
            clone = await new GitCloner(options.Environment, options.GitTimeout)
                .CloneAsync(item.Url, item.Branch, Path.Combine(temporary, "clone"), cancellationToken).ConfigureAwait(false);
        }
        catch (GitCloneException e)
        {
            throw new BundleContentException($"{where} ({item.Repository}): {e.Message}");
        }
        var mount = $"git/{_repositories.Count}";
        var tree = new DirectorySourceTree(clone.Directory);
        var files = await SelectAsync(tree, mount, new SourceItem(where, $"repositories/{item.Repository}/", item.Include, item.Exclude, SourceItemLayout.KeepPaths), cancellationToken).ConfigureAwait(false);
        _repositories.Add(new BundledRepository(where, item.Repository, GitCloner.Redact(item.Url), clone.Branch, clone.Commit, files));
    }

    private async Task AddConnectionAsync(PipelineManifest manifest, StorageItem item, string connectionName, string where, BundleSourcesOptions options, CancellationToken cancellationToken)
    {
        var what = $"{where} '{item.Name}' (connection '{connectionName}')";
        var stage = DevStage(manifest, options.Stage, what);
        ConnectionContent content;
        try
        {
            _local ??= await LocalConnectionContent.OpenAsync(options.StateDirectory, cancellationToken).ConfigureAwait(false);
            content = await _local.OpenAsync(stage, connectionName, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionContentException e)
        {
            throw new BundleContentException($"{what}: {e.Message}");
        }
        var mount = $"connection/{_connections.Count}";
        int files;
        try
        {
            files = await SelectAsync(content.Tree, mount, new SourceItem(where, $"storage/{item.Name}/", item.Include, item.Exclude, SourceItemLayout.FolderContents), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new BundleContentException($"{what}: {e.Message}");
        }
        _connections.Add(new BundledConnection(where, item.Name, stage.Name, connectionName, content.S3Uri, files));
    }

    private async Task<int> SelectAsync(ISourceTree tree, string mount, SourceItem item, CancellationToken cancellationToken)
    {
        var selected = await SourceItemSelector.SelectAsync(tree, item, cancellationToken).ConfigureAwait(false);
        _mounts.Add(new(mount, tree));
        _files.AddRange(selected.Select(f => f with { SourcePath = MountedSourceTree.Join(mount, f.SourcePath) }));
        return selected.Count;
    }

    /// <summary>The stage named on the command line, else the first whose <c>stage</c> is DEV (as smus-cli picks it).</summary>
    private static TargetDefinition DevStage(PipelineManifest manifest, string? name, string what)
    {
        if (name is not null)
            return manifest.FindTarget(name) ?? throw new BundleContentException($"{what}: no stage '{name}' in the manifest");
        return manifest.Targets.FirstOrDefault(t => string.Equals(t.Stage, "DEV", StringComparison.OrdinalIgnoreCase))
            ?? throw new BundleContentException($"{what}: its files come from the dev stage's project, but no stage has 'stage: DEV'");
    }

    private string Describe(string mountedPath)
    {
        var slash = mountedPath.IndexOf('/', mountedPath.StartsWith(CheckoutMount + "/", StringComparison.Ordinal) ? 0 : mountedPath.IndexOf('/') + 1);
        var mount = mountedPath[..slash];
        var inner = mountedPath[(slash + 1)..];
        if (mount == CheckoutMount) return inner;
        var index = int.Parse(mount[(mount.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return mount.StartsWith("git/", StringComparison.Ordinal)
            ? $"{_repositories[index].Where}: {inner}"
            : $"{_connections[index].Where}: {inner}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null)
            await _local.DisposeAsync().ConfigureAwait(false);
        _local = null;
        foreach (var directory in _temporary)
            DeleteQuietly(directory);
        _temporary.Clear();
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a clone left behind in the temp directory is untidy, not wrong; the bundle is already decided
        }
    }
}
