using System.CommandLine;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Files;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>bundle [STAGE] [-m manifest.yaml] [-d dir] [--version V] [--commit SHA] [--author NAME] [--json | -o TEXT|JSON]</c>
/// (the options: BundleCommand.Options.cs): validates the
/// manifest, selects the files of <c>bundle.storage[]</c> / <c>bundle.workflow[]</c> (includes and excludes),
/// validates the manifest again against that file list, and writes <c>&lt;name&gt;-&lt;version&gt;.zip</c>
/// deterministically, then reads it back through <see cref="BundleReader"/> so only a bundle the pipeline accepts is left.
/// </summary>
public static partial class BundleCommand
{
    public const string Name = "bundle";

    private static async Task<int> RunAsync(CliContext context, CliConsole console, BundleRequest request, CancellationToken cancellationToken)
    {
        var file = await ManifestFile.ReadAsync(context, request.Pipeline, cancellationToken).ConfigureAwait(false);
        var loaded = await file.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        if (loaded.Manifest is not { } manifest)
            return ReportInvalid(console, file, loaded);
        if (manifest.Bundle.Git is { } git)
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent,
                $"{file.DisplayPath}: bundle.git ({git.Url}) is not cloned by 'bundle' (it never runs git): check the repository out in CI and list its directory in bundle.storage[]",
                File: file.DisplayPath));

        var version = ResolveVersion(context, request.Version);
        var fileName = BundleNaming.FileName(manifest.Name, version.Version);
        var outputDirectory = ResolveOutputDirectory(context, file, manifest, request.OutputDirectory);
        var source = SourceStage(file, manifest, request);
        ISourceTree checkout = new DirectorySourceTree(file.Directory);
        IReadOnlyList<BundleContentFile> checkoutFiles;
        // Git items and items taken from a connection: cloned or read here, removed when the bundle is written.
        await using var sources = new BundleSourcesHolder();
        IReadOnlyList<BundleContentFile> files;
        ISourceTree tree;
        try
        {
            var selector = new BundleContentSelector(Path.GetFileName(file.FullPath), manifest.Bundle.BundlesDirectory, InsideFolder(file, outputDirectory));
            // Items taken from a connection or cloned are not in the checkout; a manifest with only those bundles itself alone from here.
            var rules = BundleContentRules.FromCheckout(manifest);
            checkoutFiles = rules.Count == 0 && BundleSources.HasItems(manifest)
                ? [new BundleContentFile(BundleEntryName.Manifest, Path.GetFileName(file.FullPath), new FileInfo(file.FullPath).Length)]
                : await selector.SelectAsync(checkout, rules, cancellationToken).ConfigureAwait(false);
            var tests = await TestsRulesAsync(context, file, manifest, checkoutFiles, checkout, cancellationToken).ConfigureAwait(false);
            if (tests.Rules.Count > 0)
            {
                checkout = tests.Tree;
                checkoutFiles = await selector.SelectAsync(checkout, [.. rules, .. tests.Rules], cancellationToken).ConfigureAwait(false);
            }
            (files, tree) = await sources.CollectAsync(context, console, manifest, checkoutFiles, checkout, cancellationToken, source?.Name).ConfigureAwait(false);
        }
        catch (BundleContentException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent, $"{file.DisplayPath}: {e.Message}", File: file.DisplayPath));
        }

        // Checks that need the file list: the tests folder and the serverless DAG files are in the bundle.
        var contents = new BundleFileSet(files.Select(f => f.EntryPath).Append(BundleEntryName.Descriptor));
        var checkedAgainstFiles = await file.LoadAsync(context, cancellationToken, ManifestLoadOptions.Default with { BundleContents = contents }).ConfigureAwait(false);
        if (!checkedAgainstFiles.IsValid)
            return ReportInvalid(console, file, checkedAgainstFiles);
        if (!console.Json)
            DiagnosticReport.Write(console.Error, checkedAgainstFiles.Warnings);

        var created = ResolveCreated(context, file.Directory, checkoutFiles);
        var metadata = new BundleMetadata(
            manifest.Name,
            version.Version,
            created.Time,
            BundleProvenance.ResolveSource(request.Commit, request.Author, null, context.Environment));

        var bundle = await WriteAsync(context, outputDirectory, fileName, metadata, files, tree, cancellationToken).ConfigureAwait(false);

        var shown = Shown(context, bundle.FullPath);
        console.Line($"bundled {shown}");
        console.Line($"  version  {version.Version} (from {version.Origin})");
        if (source is not null)
            console.Line($"  stage    {source.Name} ({source.Stage})");
        console.Line($"  files    {bundle.Verification.Files} ({bundle.Verification.Bytes} bytes), zip {bundle.Size} bytes");
        console.Line($"  created  {InspectCommand.FormatTime(bundle.Descriptor.Created)} (from {created.Origin})");
        console.Line($"  commit   {metadata.Source.Commit ?? "(unknown)"}");
        console.Line($"  sha256   {bundle.Sha256}");
        console.Document(
            new BundleDocument(Name, true, bundle.FullPath, metadata.Name, metadata.Version,
                InspectCommand.FormatTime(bundle.Descriptor.Created),
                SourceDocument.From(metadata.Source), bundle.Sha256, bundle.Size, bundle.Verification.Files, bundle.Verification.Bytes,
                DiagnosticReport.Documents(checkedAgainstFiles.Diagnostics), source?.Name),
            CliJsonContext.Output.BundleDocument);
        return ExitCodes.Success;
    }

    /// <summary>The output directory relative to the manifest's folder when inside it (smus-cli's <c>-d ./artifacts</c>), so it is never bundled; else null.</summary>
    private static string? InsideFolder(ManifestFile file, string outputDirectory)
    {
        var relative = Path.GetRelativePath(file.Directory, outputDirectory).Replace('\\', '/');
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>The rules that bundle the app tests, and the tree to select them from.</summary>
    private sealed record TestsSelection(ISourceTree Tree, IReadOnlyList<BundleContentRule> Rules);

    /// <summary>
    /// The app tests are bundled whether or not a storage item includes them (the pipeline runs them from the bundle;
    /// only storage and workflows are deployed).
    /// <list type="bullet">
    /// <item>Application format: <c>tests.folder</c> is relative to the working directory, as smus-cli resolves it
    /// (<c>os.path.abspath</c>), and may lie outside the manifest's folder: it is mounted into the tree and bundled at
    /// <see cref="TestsFolder.ApplicationBundlePath"/>, where Verify finds it. A folder that does not exist is an error.</item>
    /// <item>Pipeline format: each tests folder (relative to the manifest) that the storage items leave out, and that
    /// exists, is added at the bundle's root under its own path.</item>
    /// </list>
    /// </summary>
    private static async Task<TestsSelection> TestsRulesAsync(
        CliContext context, ManifestFile file, PipelineManifest manifest, IReadOnlyList<BundleContentFile> selected, ISourceTree tree,
        CancellationToken cancellationToken)
    {
        if (manifest.Format == ManifestFormat.Application)
        {
            if (manifest.Tests is not { } tests) return new TestsSelection(tree, []);
            var folder = Path.GetFullPath(tests.Folder, context.WorkingDirectory);
            if (!Directory.Exists(folder))
                throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent,
                    $"{file.DisplayPath}: tests.folder '{tests.Folder}' resolves to {folder} (relative to the working directory, as smus-cli reads it), which is not a directory",
                    File: file.DisplayPath));
            return new TestsSelection(
                new OverlaidSourceTree(tree, TestsFolder.ApplicationBundlePath, new DirectorySourceTree(folder)),
                [new BundleContentRule(BundleArea.Tests, [TestsFolder.ApplicationBundlePath], [])]);
        }

        var bundled = new BundleFileSet(selected.Select(f => f.EntryPath));
        var rules = new List<BundleContentRule>();
        var folders = manifest.Targets.Select(t => t.Tests).OfType<TestsDefinition>()
            .Select(t => TestsFolder.Normalize(t.Folder)).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (TestsFolder.Locate(folder, bundled) is not null) continue;
            if (await tree.GetEntryAsync(folder, cancellationToken).ConfigureAwait(false) is { Kind: SourceEntryKind.Directory })
                rules.Add(new BundleContentRule(BundleArea.Tests, [folder], []));
        }
        return new TestsSelection(tree, rules);
    }

    /// <summary>
    /// Writes to a temporary file beside the target, reads it back through the bundle reader (every hash), then
    /// renames it into place: an interrupted or failed build never leaves a partial or unreadable zip under the real name.
    /// </summary>
    private static async Task<VerifiedBundle> WriteAsync(
        CliContext context, string outputDirectory, string fileName, BundleMetadata metadata,
        IReadOnlyList<BundleContentFile> files, ISourceTree tree, CancellationToken cancellationToken)
    {
        var finalPath = Path.Combine(outputDirectory, fileName);
        var temporary = Path.Combine(outputDirectory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(outputDirectory);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
                await new BundleWriter().WriteAsync(stream, metadata, files, tree, cancellationToken).ConfigureAwait(false);
            var verified = await VerifiedBundle.OpenAsync(context, temporary, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, finalPath, overwrite: true);
            return verified with { DisplayPath = Shown(context, finalPath), FullPath = finalPath };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io, $"{Shown(context, finalPath)}: not written: {e.Message}", File: finalPath));
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    private static ResolvedVersion ResolveVersion(CliContext context, string? explicitVersion)
    {
        var version = BundleVersionResolver.Resolve(explicitVersion, context.Environment)
            ?? throw CommandFailedException.Usage(
                $"no bundle version: pass --version V, or run in CI where one of {string.Join(", ", BundleVersionResolver.Variables)} is set (GITHUB_REF_NAME only for tags)");
        if (BundleNaming.CheckVersion(version.Version) is { } problem)
            throw CommandFailedException.Usage($"bundle version '{version.Version}' (from {version.Origin}) {problem}");
        return version;
    }

    /// <summary>SOURCE_DATE_EPOCH (or GitLab's CI_COMMIT_TIMESTAMP), else the time the checkout gives (<see cref="SourceTime"/>).</summary>
    private static ResolvedSourceTime ResolveCreated(CliContext context, string directory, IReadOnlyList<BundleContentFile> files)
    {
        try
        {
            ResolvedSourceTime? fromSource = null;
            var time = BundleProvenance.ResolveCreated(null, context.Environment, () => (fromSource = SourceTime.Resolve(directory, files)).Time);
            return fromSource ?? new ResolvedSourceTime(time,
                string.IsNullOrWhiteSpace(context.Environment.GetValueOrDefault("SOURCE_DATE_EPOCH")) ? "CI_COMMIT_TIMESTAMP" : "SOURCE_DATE_EPOCH");
        }
        catch (FormatException e)
        {
            throw CommandFailedException.Usage(e.Message);
        }
    }

    private static string ResolveOutputDirectory(CliContext context, ManifestFile file, PipelineManifest manifest, string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
            return context.ResolvePath(requested);
        if (manifest.Format == ManifestFormat.Application)
            return context.ResolvePath(DefaultArtifactsDirectory);
        var configured = manifest.Bundle.BundlesDirectory;
        if (configured.Contains("://", StringComparison.Ordinal))
            throw CommandFailedException.Usage(
                $"{file.DisplayPath}: bundle.bundlesDirectory is '{configured}', not a local directory: pass -d DIR, then upload with 'smus-serverless publish'");
        return Path.GetFullPath(configured, file.Directory);
    }

    private static int ReportInvalid(CliConsole console, ManifestFile file, ManifestLoadResult result)
    {
        if (!console.Json)
            DiagnosticReport.Write(console.Error, result.Diagnostics);
        return console.Fail(Name, new CliError(
            CliErrorKinds.InvalidManifest,
            $"{file.DisplayPath}: invalid: {DiagnosticReport.Counts(result)}; nothing was bundled",
            File: file.DisplayPath,
            Diagnostics: DiagnosticReport.Documents(result.Diagnostics)));
    }

    /// <summary>A path relative to the working directory when under it, else absolute.</summary>
    internal static string Shown(CliContext context, string fullPath)
    {
        var relative = Path.GetRelativePath(context.WorkingDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }
}
