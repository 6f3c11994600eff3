namespace SmusServerless.Core.Bundle;

/// <summary>
/// The areas of a bundle: <c>storage/...</c> (the manifest's <c>bundle.storage[]</c>), <c>workflows/...</c>
/// (<c>bundle.workflow[]</c>), and the app tests (<c>tests.folder</c>) at the bundle's root under their own path when no
/// storage item holds them: the pipeline runs tests from the bundle, and only the storage and workflow areas are deployed.
/// </summary>
public enum BundleArea
{
    Storage,
    Workflows,
    Tests,
}

/// <summary>One <c>bundle.storage[]</c> or <c>bundle.workflow[]</c> item of the manifest: what to include, what to leave out.</summary>
public sealed record BundleContentRule(BundleArea Area, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude);

/// <summary>A file to bundle: its entry name in the zip, its path in the source tree and its length when selected.</summary>
public sealed record BundleContentFile(string EntryPath, string SourcePath, long Length);

/// <summary>The source tree does not give a valid bundle; the message names the manifest item and path concerned.</summary>
public sealed class BundleContentException(string message) : Exception(message);

/// <summary>
/// Chooses the files of a bundle from a source tree (the directory holding pipeline.yaml).
/// <para>Paths are relative to that directory. For each rule:</para>
/// <list type="bullet">
/// <item>Storage, include <c>X</c> (a directory or file): every file under X becomes <c>storage/X/...</c>.</item>
/// <item>Workflows, include <c>X</c>: the contents of directory X become <c>workflows/...</c> (include <c>workflows</c>
/// puts <c>workflows/dags/a.py</c> at <c>workflows/dags/a.py</c>; a file X becomes <c>workflows/&lt;file name&gt;</c>).</item>
/// <item>Include <c>*</c>: every top-level entry except the manifest, <c>.git</c> and the bundles directory
/// (storage: <c>storage/&lt;path&gt;</c>; workflows: <c>workflows/&lt;path&gt;</c>).</item>
/// <item>Excludes are <see cref="ExcludePattern"/>s, matched relative to the include's directory (the root for <c>*</c>).</item>
/// </list>
/// <para>
/// <c>.git</c> directories and the bundles directory are never bundled. The manifest is always bundled as
/// <c>pipeline.yaml</c>. Symbolic links and special files are refused, as are includes that do not exist, entry
/// names the reader would refuse, two sources landing on one entry name, and a selection with no files.
/// </para>
/// </summary>
public sealed class BundleContentSelector
{
    private readonly string _manifestPath;
    private readonly string? _bundlesDirectory;

    /// <param name="manifestPath">The manifest's path in the tree (usually <c>pipeline.yaml</c>); bundled as <c>pipeline.yaml</c>.</param>
    /// <param name="bundlesDirectory">The manifest's <c>bundle.bundlesDirectory</c> (default <c>./bundles</c>); skipped when it lies inside the tree. S3 URIs and paths outside the tree are ignored.</param>
    public BundleContentSelector(string manifestPath = BundleEntryName.Manifest, string? bundlesDirectory = "./bundles")
    {
        _manifestPath = NormalizeRelative(manifestPath) ?? throw new ArgumentException($"manifest path '{manifestPath}' must be relative to the tree", nameof(manifestPath));
        _bundlesDirectory = bundlesDirectory is null || bundlesDirectory.Contains("://", StringComparison.Ordinal)
            ? null
            : NormalizeRelative(bundlesDirectory);
    }

    public async Task<IReadOnlyList<BundleContentFile>> SelectAsync(ISourceTree tree, IReadOnlyList<BundleContentRule> rules, CancellationToken cancellationToken)
    {
        var selected = new Dictionary<string, BundleContentFile>(StringComparer.Ordinal);
        var names = new BundleEntryNameSet();

        var manifest = await tree.GetEntryAsync(_manifestPath, cancellationToken).ConfigureAwait(false);
        if (manifest is null || manifest.Kind != SourceEntryKind.File)
            throw new BundleContentException($"{tree.Location}: the manifest '{_manifestPath}' is missing or not a regular file");
        Add(new BundleContentFile(BundleEntryName.Manifest, _manifestPath, manifest.Length), "the manifest");

        var ruleNumbers = new Dictionary<BundleArea, int>();
        foreach (var rule in rules)
        {
            var number = ruleNumbers[rule.Area] = ruleNumbers.GetValueOrDefault(rule.Area, -1) + 1;
            var where = rule.Area switch
            {
                BundleArea.Storage => $"bundle.storage[{number}]",
                BundleArea.Workflows => $"bundle.workflow[{number}]",
                _ => "tests.folder",
            };
            var excludes = ParseExcludes(rule.Exclude, where);
            for (var i = 0; i < rule.Include.Count; i++)
            {
                var includeWhere = $"{where}.include[{i}] '{rule.Include[i]}'";
                await foreach (var file in SelectIncludeAsync(tree, rule.Area, rule.Include[i], excludes, includeWhere, cancellationToken).ConfigureAwait(false))
                    Add(file, includeWhere);
            }
        }

        if (selected.Count == 1)
            throw new BundleContentException($"{tree.Location}: the bundle.storage and bundle.workflow items select no files");
        return [.. selected.Values.OrderBy(f => f.EntryPath, StringComparer.Ordinal)];

        void Add(BundleContentFile file, string where)
        {
            if (selected.TryGetValue(file.EntryPath, out var existing))
            {
                if (existing.SourcePath == file.SourcePath)
                    return; // the same file selected twice (e.g. '*' and 'src'): harmless
                throw new BundleContentException($"{where}: '{file.SourcePath}' and '{existing.SourcePath}' would both be bundled as '{file.EntryPath}'");
            }
            if (BundleEntryName.Check(file.EntryPath) is { } problem)
                throw new BundleContentException($"{where}: '{file.SourcePath}' cannot be bundled: {problem.Detail}");
            if (names.Add(file.EntryPath) is { } clash)
                throw new BundleContentException($"{where}: '{file.EntryPath}' clashes with '{clash.Other}' ({clash.Reason}); bundles must extract the same on case-insensitive file systems");
            selected.Add(file.EntryPath, file);
        }
    }

    private async IAsyncEnumerable<BundleContentFile> SelectIncludeAsync(
        ISourceTree tree, BundleArea area, string include, IReadOnlyList<ExcludePattern> excludes, string where,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = area switch { BundleArea.Storage => "storage/", BundleArea.Workflows => "workflows/", _ => "" };
        var keepsPath = area != BundleArea.Workflows;
        if (include.Trim() == "*")
        {
            // Every top-level entry: the walk starts at the root with the root's own skip list.
            await foreach (var file in WalkAsync(tree, "", "", excludes, where, topLevel: true, cancellationToken).ConfigureAwait(false))
                yield return file with { EntryPath = prefix + file.SourcePath };
            yield break;
        }

        if (include.IndexOfAny(['*', '?', '[']) >= 0)
            throw new BundleContentException($"{where}: includes are directory or file names, or '*' alone");
        var path = NormalizeRelative(include)
            ?? throw new BundleContentException($"{where}: must be a path inside the project ('..', absolute paths and backslashes are not allowed)");
        if (path.Length == 0)
            throw new BundleContentException($"{where}: use '*' to include the whole project");
        // A link among the include's parent directories would lead the walk outside the tree.
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (await tree.GetEntryAsync(path[..slash], cancellationToken).ConfigureAwait(false) is { } parent)
                Refuse(parent, where);
        }
        var entry = await tree.GetEntryAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new BundleContentException($"{where}: no such file or directory in {tree.Location}");
        Refuse(entry, where);
        if (IsSkipped(path))
            throw new BundleContentException($"{where}: '{path}' is the bundles directory, the manifest or a .git directory and is never bundled");

        if (entry.Kind == SourceEntryKind.File)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (excludes.Any(e => e.Matches(name, isDirectory: false)))
                yield break;
            yield return new BundleContentFile(keepsPath ? prefix + path : prefix + name, path, entry.Length);
            yield break;
        }

        await foreach (var file in WalkAsync(tree, path, "", excludes, where, topLevel: false, cancellationToken).ConfigureAwait(false))
        {
            var inside = file.SourcePath[(path.Length + 1)..];
            yield return file with { EntryPath = keepsPath ? prefix + file.SourcePath : prefix + inside };
        }
    }

    /// <summary>Depth-first walk of <paramref name="directory"/>; <paramref name="relative"/> is its path relative to the include (what excludes see).</summary>
    private async IAsyncEnumerable<BundleContentFile> WalkAsync(
        ISourceTree tree, string directory, string relative, IReadOnlyList<ExcludePattern> excludes, string where, bool topLevel,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var children = new List<SourceEntry>();
        await foreach (var child in tree.ListAsync(directory, cancellationToken).ConfigureAwait(false))
            children.Add(child);
        children.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        foreach (var child in children)
        {
            var name = child.Path[(child.Path.LastIndexOf('/') + 1)..];
            var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
            if (IsSkipped(child.Path) || (topLevel && child.Path == _manifestPath))
                continue;
            if (excludes.Any(e => e.Matches(childRelative, child.Kind == SourceEntryKind.Directory)))
                continue;
            Refuse(child, where);
            if (child.Kind == SourceEntryKind.Directory)
            {
                await foreach (var file in WalkAsync(tree, child.Path, childRelative, excludes, where, topLevel: false, cancellationToken).ConfigureAwait(false))
                    yield return file;
            }
            else
            {
                yield return new BundleContentFile(child.Path, child.Path, child.Length);
            }
        }
    }

    private bool IsSkipped(string path) =>
        path == ".git" || path.EndsWith("/.git", StringComparison.Ordinal) || (_bundlesDirectory is { Length: > 0 } && path == _bundlesDirectory);

    private static void Refuse(SourceEntry entry, string where)
    {
        if (entry.Kind == SourceEntryKind.SymbolicLink)
            throw new BundleContentException($"{where}: '{entry.Path}' is a symbolic link; bundles hold regular files only (replace the link with the file or exclude it)");
        if (entry.Kind == SourceEntryKind.Special)
            throw new BundleContentException($"{where}: '{entry.Path}' is a device, FIFO or socket; bundles hold regular files only");
    }

    private static List<ExcludePattern> ParseExcludes(IReadOnlyList<string> excludes, string where)
    {
        var patterns = new List<ExcludePattern>(excludes.Count);
        for (var i = 0; i < excludes.Count; i++)
        {
            try
            {
                patterns.Add(ExcludePattern.Parse(excludes[i]));
            }
            catch (FormatException e)
            {
                throw new BundleContentException($"{where}.exclude[{i}]: {e.Message}");
            }
        }
        return patterns;
    }

    /// <summary>"./a/b/" → "a/b"; "." → ""; null for absolute paths, backslashes or '..' (outside the tree).</summary>
    private static string? NormalizeRelative(string path)
    {
        var trimmed = path.Trim();
        if (trimmed.StartsWith('/') || trimmed.Contains('\\') || (trimmed.Length >= 2 && trimmed[1] == ':') || trimmed.StartsWith('~'))
            return null;
        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        return segments.Contains("..") ? null : string.Join('/', segments);
    }
}
