namespace SmusServerless.Core.Bundle;

/// <summary>
/// The areas of a bundle (<see cref="BundleLayout"/>): <c>storage/...</c> (the pipeline format's <c>bundle.storage[]</c>,
/// the application format's <c>content.storage[]</c>), <c>workflows/...</c> (<c>bundle.workflow[]</c>),
/// <c>repositories/...</c> (<c>content.git[]</c>), and the app tests (<c>tests.folder</c>) at the bundle's root under
/// their own path when no storage item holds them: the pipeline runs tests from the bundle and never deploys them.
/// </summary>
public enum BundleArea
{
    Storage,
    Workflows,
    Tests,
    Repositories,
}

/// <summary>
/// One item of the manifest to bundle: what to include, what to leave out. The pipeline format's items
/// (<c>bundle.storage[]</c>, <c>bundle.workflow[]</c>) are built with the constructor; an application-format item
/// with <see cref="ForStorageItem"/> or <see cref="ForRepository"/>, which sets <see cref="Item"/>.
/// </summary>
public sealed record BundleContentRule(BundleArea Area, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    /// <summary>The application-format item this rule selects for (its root in the bundle and its manifest path); null in the pipeline format.</summary>
    public ContentItemRoot? Item { get; init; }

    /// <summary><c>content.storage[index]</c>, a checkout item: its files go to <c>storage/&lt;name&gt;/</c>.</summary>
    public static BundleContentRule ForStorageItem(int index, string name, IReadOnlyList<string> include, IReadOnlyList<string> exclude) =>
        new(BundleArea.Storage, include, exclude) { Item = new ContentItemRoot(BundleLayout.StorageItemPrefix(name), $"content.storage[{index}]") };

    /// <summary>
    /// <c>content.git[index]</c>, selected from a tree rooted at the repository's clone (no includes: all of it):
    /// its files go to <c>repositories/&lt;repository&gt;/</c>.
    /// </summary>
    public static BundleContentRule ForRepository(int index, string repository, IReadOnlyList<string> include, IReadOnlyList<string> exclude) =>
        new(BundleArea.Repositories, include.Count == 0 ? ["."] : include, exclude) { Item = new ContentItemRoot(BundleLayout.RepositoryPrefix(repository), $"content.git[{index}]") };
}

/// <summary>An application-format item's root in the bundle (<c>storage/&lt;name&gt;/</c>) and where it is in the manifest (<c>content.storage[0]</c>).</summary>
public sealed record ContentItemRoot(string Prefix, string Where);

/// <summary>A file to bundle: its entry name in the zip, its path in the source tree and its length when selected.</summary>
public sealed record BundleContentFile(string EntryPath, string SourcePath, long Length);

/// <summary>The source tree does not give a valid bundle; the message names the manifest item and path concerned.</summary>
public sealed class BundleContentException(string message) : Exception(message);

/// <summary>
/// Chooses the files of a bundle from a source tree (the directory holding the manifest).
/// <para>Paths are relative to that directory. For each pipeline-format rule:</para>
/// <list type="bullet">
/// <item>Storage, include <c>X</c> (a directory or file): every file under X becomes <c>storage/X/...</c>.</item>
/// <item>Workflows, include <c>X</c>: the contents of directory X become <c>workflows/...</c> (include <c>workflows</c>
/// puts <c>workflows/dags/a.py</c> at <c>workflows/dags/a.py</c>; a file X becomes <c>workflows/&lt;file name&gt;</c>).</item>
/// <item>Include <c>*</c>: every top-level entry except the manifest, <c>.git</c> and the bundles directory
/// (storage: <c>storage/&lt;path&gt;</c>; workflows: <c>workflows/&lt;path&gt;</c>).</item>
/// <item>Excludes are <see cref="ExcludePattern"/>s, matched relative to the include's directory (the root for <c>*</c>).</item>
/// </list>
/// <para>For an application-format rule (<see cref="BundleContentRule.Item"/>), each include is placed under the item's root:</para>
/// <list type="bullet">
/// <item>a file: its file name at the root;</item>
/// <item>a folder, with or without a trailing '/' (<c>.</c> is the whole tree): its contents at the root;</item>
/// <item>a glob (<c>*</c>, <c>?</c>, <c>**</c>, <c>[...]</c>), matched against paths relative to the tree: each matching file,
/// and everything under each matching folder, relative to the glob's longest wildcard-free folder (<c>src/**/*.py</c>
/// puts <c>src/a/b.py</c> at <c>a/b.py</c>);</item>
/// <item>excludes are matched against the placed path; an include that matches nothing is an error, and so are two
/// sources placed on one path.</item>
/// </list>
/// <para>
/// <c>.git</c> directories and the bundles directory are never bundled. The manifest is always bundled as
/// <c>pipeline.yaml</c>, and never again by a walk from the root or a glob. Symbolic links and special files are
/// refused, as are includes that do not exist, entry names the reader would refuse, two sources landing on one entry
/// name, and rules that select no files.
/// </para>
/// </summary>
public sealed class BundleContentSelector
{
    private readonly string _manifestPath;
    private readonly HashSet<string> _skippedDirectories;

    /// <param name="manifestPath">The manifest's path in the tree (usually <c>pipeline.yaml</c>); bundled as <c>pipeline.yaml</c>.</param>
    /// <param name="bundlesDirectory">The manifest's <c>bundle.bundlesDirectory</c> (default <c>./bundles</c>); skipped when it lies inside the tree. S3 URIs and paths outside the tree are ignored.</param>
    /// <param name="outputDirectory">The directory the bundle is written to, relative to the tree, when it is another one (smus-cli's <c>-d ./artifacts</c>); skipped the same way.</param>
    public BundleContentSelector(string manifestPath = BundleEntryName.Manifest, string? bundlesDirectory = "./bundles", string? outputDirectory = null)
    {
        _manifestPath = NormalizeRelative(manifestPath) ?? throw new ArgumentException($"manifest path '{manifestPath}' must be relative to the tree", nameof(manifestPath));
        _skippedDirectories = [.. new[] { bundlesDirectory, outputDirectory }
            .Where(d => d is not null && !d.Contains("://", StringComparison.Ordinal))
            .Select(d => NormalizeRelative(d!))
            .OfType<string>()
            .Where(d => d.Length > 0)];
    }

    /// <summary>The whole bundle's files: the manifest, then every rule's files; refused when the rules select no file.</summary>
    public async Task<IReadOnlyList<BundleContentFile>> SelectAsync(ISourceTree tree, IReadOnlyList<BundleContentRule> rules, CancellationToken cancellationToken)
    {
        var selection = new Selection();
        var manifest = await tree.GetEntryAsync(_manifestPath, cancellationToken).ConfigureAwait(false);
        if (manifest is null || manifest.Kind != SourceEntryKind.File)
            throw new BundleContentException($"{tree.Location}: the manifest '{_manifestPath}' is missing or not a regular file");
        selection.Add(new BundleContentFile(BundleEntryName.Manifest, _manifestPath, manifest.Length), "the manifest");

        var ruleNumbers = new Dictionary<BundleArea, int>();
        foreach (var rule in rules)
        {
            var number = ruleNumbers[rule.Area] = ruleNumbers.GetValueOrDefault(rule.Area, -1) + 1;
            await AddRuleAsync(tree, rule, number, selection, cancellationToken).ConfigureAwait(false);
        }

        if (selection.Count == 1 && rules.Count > 0)
            throw new BundleContentException(rules.Any(r => r.Item is not null)
                ? $"{tree.Location}: the content items select no files"
                : $"{tree.Location}: the bundle.storage and bundle.workflow items select no files");
        return selection.Files;
    }

    /// <summary>
    /// The files of one rule alone, without the manifest: for content taken from another tree than the checkout (a
    /// repository's clone, a connection's files) with the same include, exclude and placement rules.
    /// </summary>
    public async Task<IReadOnlyList<BundleContentFile>> SelectItemAsync(ISourceTree tree, BundleContentRule rule, CancellationToken cancellationToken)
    {
        var selection = new Selection();
        await AddRuleAsync(tree, rule, 0, selection, cancellationToken).ConfigureAwait(false);
        return selection.Files;
    }

    private async Task AddRuleAsync(ISourceTree tree, BundleContentRule rule, int number, Selection selection, CancellationToken cancellationToken)
    {
        var where = rule.Item?.Where ?? rule.Area switch
        {
            BundleArea.Storage => $"bundle.storage[{number}]",
            BundleArea.Workflows => $"bundle.workflow[{number}]",
            BundleArea.Repositories => $"content.git[{number}]",
            _ => "tests.folder",
        };
        var excludes = ParseExcludes(rule.Exclude, where);
        for (var i = 0; i < rule.Include.Count; i++)
        {
            var includeWhere = $"{where}.include[{i}] '{rule.Include[i]}'";
            var files = rule.Item is { } item
                ? SelectItemIncludeAsync(tree, item.Prefix, rule.Include[i], excludes, includeWhere, cancellationToken)
                : SelectIncludeAsync(tree, rule.Area, rule.Include[i], excludes, includeWhere, cancellationToken);
            await foreach (var file in files.ConfigureAwait(false))
                selection.Add(file, includeWhere);
        }
    }

    /// <summary>The files chosen so far, by entry name, with the include that chose each (for clash messages).</summary>
    private sealed class Selection
    {
        private readonly Dictionary<string, (BundleContentFile File, string Where)> _selected = new(StringComparer.Ordinal);
        private readonly BundleEntryNameSet _names = new();

        public int Count => _selected.Count;

        public IReadOnlyList<BundleContentFile> Files => [.. _selected.Values.Select(v => v.File).OrderBy(f => f.EntryPath, StringComparer.Ordinal)];

        public void Add(BundleContentFile file, string where)
        {
            if (_selected.TryGetValue(file.EntryPath, out var existing))
            {
                if (existing.File.SourcePath == file.SourcePath)
                    return; // the same file selected twice (e.g. '*' and 'src'): harmless
                var other = existing.Where == where ? "" : $" (from {existing.Where})";
                throw new BundleContentException($"{where}: '{file.SourcePath}' and '{existing.File.SourcePath}'{other} would both be bundled as '{file.EntryPath}'");
            }
            if (BundleEntryName.Check(file.EntryPath) is { } problem)
                throw new BundleContentException($"{where}: '{file.SourcePath}' cannot be bundled: {problem.Detail}");
            if (_names.Add(file.EntryPath) is { } clash)
                throw new BundleContentException($"{where}: '{file.EntryPath}' clashes with '{clash.Other}' ({clash.Reason}); bundles must extract the same on case-insensitive file systems");
            _selected.Add(file.EntryPath, (file, where));
        }
    }

    private async IAsyncEnumerable<BundleContentFile> SelectIncludeAsync(
        ISourceTree tree, BundleArea area, string include, IReadOnlyList<ExcludePattern> excludes, string where,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = area switch { BundleArea.Storage => BundleLayout.StoragePrefix, BundleArea.Workflows => BundleLayout.WorkflowsPrefix, _ => "" };
        var keepsPath = area != BundleArea.Workflows;
        if (include.Trim() == "*")
        {
            // Every top-level entry: the walk starts at the root with the root's own skip list.
            await foreach (var file in WalkAsync(tree, "", "", excludes, where, fromRoot: true, null, cancellationToken).ConfigureAwait(false))
                yield return file with { EntryPath = prefix + file.SourcePath };
            yield break;
        }

        if (IsGlob(include))
            throw new BundleContentException($"{where}: includes are directory or file names, or '*' alone");
        var path = NormalizeRelative(include)
            ?? throw new BundleContentException($"{where}: must be a path inside the project ('..', absolute paths and backslashes are not allowed)");
        if (path.Length == 0)
            throw new BundleContentException($"{where}: use '*' to include the whole project");
        var entry = await FindIncludeAsync(tree, path, where, cancellationToken).ConfigureAwait(false);

        if (entry.Kind == SourceEntryKind.File)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (excludes.Any(e => e.Matches(name, isDirectory: false)))
                yield break;
            yield return new BundleContentFile(keepsPath ? prefix + path : prefix + name, path, entry.Length);
            yield break;
        }

        await foreach (var file in WalkAsync(tree, path, "", excludes, where, fromRoot: false, null, cancellationToken).ConfigureAwait(false))
        {
            var inside = file.SourcePath[(path.Length + 1)..];
            yield return file with { EntryPath = keepsPath ? prefix + file.SourcePath : prefix + inside };
        }
    }

    /// <summary>One include of an application-format item, placed under <paramref name="prefix"/> (see the class summary).</summary>
    private async IAsyncEnumerable<BundleContentFile> SelectItemIncludeAsync(
        ISourceTree tree, string prefix, string include, IReadOnlyList<ExcludePattern> excludes, string where,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = NormalizeRelative(include)
            ?? throw new BundleContentException($"{where}: must be a path inside the manifest's folder ('..', absolute paths and backslashes are not allowed)");
        var any = false;
        if (IsGlob(path))
        {
            // Placed relative to the longest folder without a wildcard: the walk starts there and the glob picks.
            var segments = path.Split('/');
            var fixedCount = Array.FindIndex(segments, IsGlob);
            var baseDirectory = string.Join('/', segments[..fixedCount]);
            ExcludePattern glob;
            try
            {
                glob = ExcludePattern.Parse("/" + path); // a leading '/' anchors it at the tree's root
            }
            catch (FormatException e)
            {
                throw new BundleContentException($"{where}: {e.Message.Replace("exclude pattern", "pattern", StringComparison.Ordinal)}");
            }
            var start = baseDirectory.Length == 0 ? null : await FindIncludeAsync(tree, baseDirectory, where, cancellationToken, missingIsEmpty: true).ConfigureAwait(false);
            if (baseDirectory.Length == 0 || start is { Kind: SourceEntryKind.Directory })
            {
                await foreach (var file in WalkAsync(tree, baseDirectory, "", excludes, where, fromRoot: true, glob, cancellationToken).ConfigureAwait(false))
                {
                    any = true;
                    if (file.EntryPath.Length == 0) continue; // matched, but excluded: the include is not empty
                    yield return file with { EntryPath = prefix + Inside(file.SourcePath, baseDirectory) };
                }
            }
            if (!any)
                throw new BundleContentException($"{where}: matches no file in {tree.Location}");
            yield break;
        }

        var entry = path.Length == 0
            ? new SourceEntry("", SourceEntryKind.Directory, 0)
            : await FindIncludeAsync(tree, path, where, cancellationToken).ConfigureAwait(false);
        if (entry.Kind == SourceEntryKind.File)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (!excludes.Any(e => e.Matches(name, isDirectory: false)))
                yield return new BundleContentFile(prefix + name, path, entry.Length);
            yield break;
        }
        await foreach (var file in WalkAsync(tree, path, "", excludes, where, fromRoot: path.Length == 0, null, cancellationToken).ConfigureAwait(false))
            yield return file with { EntryPath = prefix + Inside(file.SourcePath, path) };
    }

    private static string Inside(string sourcePath, string directory) =>
        directory.Length == 0 ? sourcePath : sourcePath[(directory.Length + 1)..];

    /// <summary>The entry an include names, refused when it or a folder above it is a link, or it is never bundled.</summary>
    private async Task<SourceEntry> FindIncludeAsync(ISourceTree tree, string path, string where, CancellationToken cancellationToken, bool missingIsEmpty = false)
    {
        // A link among the include's parent directories would lead the walk outside the tree.
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (await tree.GetEntryAsync(path[..slash], cancellationToken).ConfigureAwait(false) is { } parent)
                Refuse(parent, where);
        }
        var entry = await tree.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            if (missingIsEmpty) return new SourceEntry(path, SourceEntryKind.Special, 0);
            throw new BundleContentException($"{where}: no such file or directory in {tree.Location}");
        }
        Refuse(entry, where);
        if (IsSkipped(path))
            throw new BundleContentException($"{where}: '{path}' is the bundles directory or a .git directory and is never bundled");
        return entry;
    }

    /// <summary>
    /// Depth-first walk of <paramref name="directory"/>; <paramref name="relative"/> is its path relative to the include
    /// (what excludes see). With a <paramref name="glob"/>, only files matching it, or under a folder matching it, are
    /// yielded; a match that an exclude drops is yielded with an empty entry path so the caller knows the glob matched.
    /// </summary>
    private async IAsyncEnumerable<BundleContentFile> WalkAsync(
        ISourceTree tree, string directory, string relative, IReadOnlyList<ExcludePattern> excludes, string where, bool fromRoot,
        ExcludePattern? glob,
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
            var isDirectory = child.Kind == SourceEntryKind.Directory;
            if (IsSkipped(child.Path) || (fromRoot && child.Path == _manifestPath))
                continue;
            var matched = glob is null || glob.Matches(child.Path, isDirectory);
            if (excludes.Any(e => e.Matches(childRelative, isDirectory)))
            {
                if (glob is not null && matched)
                    yield return new BundleContentFile("", child.Path, 0);
                continue;
            }
            if (!matched && !isDirectory)
                continue;
            Refuse(child, where);
            if (isDirectory)
            {
                if (glob is not null && matched)
                    yield return new BundleContentFile("", child.Path, 0); // the glob matched, whether or not the folder holds files
                // Under a folder the glob matched, everything is taken.
                await foreach (var file in WalkAsync(tree, child.Path, childRelative, excludes, where, fromRoot, matched ? null : glob, cancellationToken).ConfigureAwait(false))
                    yield return file;
            }
            else
            {
                yield return new BundleContentFile(child.Path, child.Path, child.Length);
            }
        }
    }

    private static bool IsGlob(string path) => path.IndexOfAny(['*', '?', '[']) >= 0;

    private bool IsSkipped(string path) =>
        path == ".git" || path.EndsWith("/.git", StringComparison.Ordinal) || _skippedDirectories.Contains(path);

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
