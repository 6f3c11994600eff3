using System.CommandLine;
using SmusServerless.Cli.Bundles;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Files;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>bundle [-p pipeline.yaml] [-o dir] [--version V] [--commit SHA] [--author NAME] [--json]</c>: validates the
/// manifest, selects the files of <c>bundle.storage[]</c> / <c>bundle.workflow[]</c> (includes and excludes),
/// validates the manifest again against that file list, and writes <c>&lt;name&gt;-&lt;version&gt;.zip</c>
/// deterministically, then reads it back through <see cref="BundleReader"/> so only a bundle the pipeline accepts is left.
/// </summary>
public static class BundleCommand
{
    public const string Name = "bundle";

    public static Command Create(CliContext context)
    {
        var pipeline = CommonOptions.Pipeline();
        // -d/--output-dir is smus-cli's spelling of the same option.
        var output = new Option<string?>("--output", "-o", "--output-dir", "-d")
        {
            Description = "Directory for the zip; default: the manifest's bundle.bundlesDirectory (./bundles), relative to the manifest.",
            HelpName = "dir",
        };
        var version = new Option<string?>("--version")
        {
            Description = "Bundle version; default: the CI tag (GITHUB_REF_NAME on tags, CI_COMMIT_TAG), else the build number (GITHUB_RUN_NUMBER, CI_PIPELINE_IID, CODEBUILD_BUILD_NUMBER).",
            HelpName = "V",
        };
        var commit = new Option<string?>("--commit")
        {
            Description = "Source commit for bundle.json; default: GITHUB_SHA, CI_COMMIT_SHA and other CI variables.",
            HelpName = "SHA",
        };
        var author = new Option<string?>("--author")
        {
            Description = "Author for bundle.json; default: GITHUB_ACTOR, GITLAB_USER_EMAIL and other CI variables.",
            HelpName = "NAME",
        };
        var json = CommonOptions.Json();
        var command = new Command(Name, "Build <name>-<version>.zip from the directory holding pipeline.yaml. Deterministic: its times come from SOURCE_DATE_EPOCH, else the HEAD commit, else the newest file.")
        {
            pipeline, output, version, commit, author, json,
        };
        command.SetAction((parsed, cancellationToken) =>
            context.RunAsync(Name, parsed.GetValue(json), console =>
                RunAsync(context, console,
                    new BundleRequest(parsed.GetValue(pipeline)!, parsed.GetValue(output), parsed.GetValue(version), parsed.GetValue(commit), parsed.GetValue(author)),
                    cancellationToken)));
        return command;
    }

    private sealed record BundleRequest(string Pipeline, string? OutputDirectory, string? Version, string? Commit, string? Author);

    private static async Task<int> RunAsync(CliContext context, CliConsole console, BundleRequest request, CancellationToken cancellationToken)
    {
        var file = await ManifestFile.ReadAsync(context, request.Pipeline, cancellationToken).ConfigureAwait(false);
        var loaded = file.Load(context);
        if (loaded.Manifest is not { } manifest)
            return ReportInvalid(console, file, loaded);
        if (manifest.Bundle.Git is { } git)
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent,
                $"{file.DisplayPath}: bundle.git ({git.Url}) is not cloned by 'bundle' (it never runs git): check the repository out in CI and list its directory in bundle.storage[]",
                File: file.DisplayPath));

        var version = ResolveVersion(context, request.Version);
        var fileName = BundleNaming.FileName(manifest.Name, version.Version);
        var outputDirectory = ResolveOutputDirectory(context, file, manifest, request.OutputDirectory);
        var checkout = new DirectorySourceTree(file.Directory);
        IReadOnlyList<BundleContentFile> checkoutFiles;
        // Git items and items taken from a connection: cloned or read here, removed when the bundle is written.
        await using var sources = new BundleSourcesHolder();
        IReadOnlyList<BundleContentFile> files;
        ISourceTree tree;
        try
        {
            var selector = new BundleContentSelector(Path.GetFileName(file.FullPath), manifest.Bundle.BundlesDirectory);
            // Items taken from a connection or cloned are not in the checkout; a manifest with only those bundles itself alone from here.
            var rules = ContentRules(BundleSources.CheckoutContent(manifest));
            checkoutFiles = rules.Count == 0 && BundleSources.HasItems(manifest)
                ? [new BundleContentFile(BundleEntryName.Manifest, Path.GetFileName(file.FullPath), new FileInfo(file.FullPath).Length)]
                : await selector.SelectAsync(checkout, rules, cancellationToken).ConfigureAwait(false);
            if (await TestsRulesAsync(manifest, checkoutFiles, checkout, cancellationToken).ConfigureAwait(false) is { Count: > 0 } tests)
                checkoutFiles = await selector.SelectAsync(checkout, [.. rules, .. tests], cancellationToken).ConfigureAwait(false);
            (files, tree) = await sources.CollectAsync(context, console, manifest, checkoutFiles, checkout, cancellationToken).ConfigureAwait(false);
        }
        catch (BundleContentException e)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidContent, $"{file.DisplayPath}: {e.Message}", File: file.DisplayPath));
        }

        // Checks that need the file list: the tests folder and the serverless DAG files are in the bundle.
        var contents = new BundleFileSet(files.Select(f => f.EntryPath).Append(BundleEntryName.Descriptor));
        var checkedAgainstFiles = file.Load(context, ManifestLoadOptions.Default with { BundleContents = contents });
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
        console.Line($"  files    {bundle.Verification.Files} ({bundle.Verification.Bytes} bytes), zip {bundle.Size} bytes");
        console.Line($"  created  {InspectCommand.FormatTime(bundle.Descriptor.Created)} (from {created.Origin})");
        console.Line($"  commit   {metadata.Source.Commit ?? "(unknown)"}");
        console.Line($"  sha256   {bundle.Sha256}");
        console.Document(
            new BundleDocument(Name, true, bundle.FullPath, metadata.Name, metadata.Version,
                InspectCommand.FormatTime(bundle.Descriptor.Created),
                SourceDocument.From(metadata.Source), bundle.Sha256, bundle.Size, bundle.Verification.Files, bundle.Verification.Bytes,
                DiagnosticReport.Documents(checkedAgainstFiles.Diagnostics)),
            CliJsonContext.Output.BundleDocument);
        return ExitCodes.Success;
    }

    /// <summary>The manifest's items in the order it lists them: storage first, then workflow (numbered per area in messages).</summary>
    public static IReadOnlyList<BundleContentRule> ContentRules(BundleDefinition bundle) =>
    [
        .. bundle.Storage.Select(s => new BundleContentRule(BundleArea.Storage, s.Include, s.Exclude)),
        .. bundle.Workflow.Select(w => new BundleContentRule(BundleArea.Workflows, w.Include, w.Exclude)),
    ];

    /// <summary>
    /// The app tests are bundled whether or not a storage item includes them (the pipeline runs them from the bundle):
    /// each tests folder the storage items leave out, and that exists, is added at the bundle's root.
    /// </summary>
    private static async Task<IReadOnlyList<BundleContentRule>> TestsRulesAsync(
        PipelineManifest manifest, IReadOnlyList<BundleContentFile> selected, DirectorySourceTree tree, CancellationToken cancellationToken)
    {
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
        return rules;
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
        var configured = manifest.Bundle.BundlesDirectory;
        if (configured.Contains("://", StringComparison.Ordinal))
            throw CommandFailedException.Usage(
                $"{file.DisplayPath}: bundle.bundlesDirectory is '{configured}', not a local directory: pass -o DIR, then upload with 'smus-serverless publish'");
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
