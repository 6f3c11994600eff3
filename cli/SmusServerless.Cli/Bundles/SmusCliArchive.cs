using System.IO.Compression;
using System.Security.Cryptography;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Bundle;
using SmusServerless.Core.Bundle.Sources;
using SmusServerless.Core.Manifest;
using SmusServerless.Local.Files;

namespace SmusServerless.Cli.Bundles;

/// <summary>
/// What to import: the application manifest the archive was built from (<c>-m FILE</c>), the zip <c>smus-cli bundle</c>
/// wrote (<c>--bundle-archive-path P</c>) and where our bundle goes. <see cref="Version"/> null takes the CI tag or build
/// number, else <c>sha.&lt;12 hex digits of the archive's SHA-256&gt;</c>; <see cref="Created"/> null takes
/// SOURCE_DATE_EPOCH, else the newest entry time of the archive, so one archive always gives the same bundle.
/// </summary>
public sealed record SmusCliImportRequest(string ManifestPath, string ArchivePath, string OutputDirectory)
{
    public string? Version { get; init; }

    public string? Commit { get; init; }

    public string? Author { get; init; }

    public DateTimeOffset? Created { get; init; }
}

/// <summary>The bundle written (verified by the reader), the manifest it carries, and how many archive entries went where.</summary>
public sealed record SmusCliImportResult(VerifiedBundle Bundle, PipelineManifest Manifest, int StorageFiles, int RepositoryFiles, int QuickSightFiles, int TestFiles);

/// <summary>
/// Turns a zip made by <c>smus-cli bundle</c> (entries <c>&lt;storage item&gt;/…</c>, <c>repositories/&lt;repository&gt;/…</c>,
/// <c>quicksight/&lt;name&gt;.qs</c>; no manifest, no bundle.json) into our bundle: the manifest is validated, each entry is
/// mapped to our layout (<c>&lt;N&gt;/x</c> → <c>storage/&lt;N&gt;/x</c>; <c>repositories/…</c> and <c>quicksight/…</c> kept),
/// an entry that belongs to no item of the manifest is refused (all of them named), the raw manifest and a generated
/// bundle.json are added, and the app tests folder (relative to the manifest's folder) when the archive lacks it, as
/// <c>bundle</c> adds it. Written deterministically, then read back through <see cref="BundleReader"/>. Every refusal is a
/// <see cref="CommandFailedException"/> naming the file and what is wrong.
/// </summary>
public static class SmusCliArchive
{
    private const int ListedEntries = 10;

    public static async Task<SmusCliImportResult> ImportAsync(CliContext context, SmusCliImportRequest request, CancellationToken cancellationToken)
    {
        var file = await ManifestFile.ReadAsync(context, request.ManifestPath, cancellationToken).ConfigureAwait(false);
        var manifest = Valid(file, await file.LoadAsync(context, cancellationToken).ConfigureAwait(false));
        if (manifest.Format != ManifestFormat.Application || manifest.Content is not { } content)
            throw Invalid(file.DisplayPath, CliErrorKinds.InvalidManifest,
                "is not an application manifest (applicationName, content, stages): smus-cli bundles are built from one");

        var archivePath = context.ResolvePath(request.ArchivePath);
        if (!File.Exists(archivePath))
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound, $"{request.ArchivePath}: no such bundle archive ({archivePath})", File: request.ArchivePath));
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(archivePath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(request.ArchivePath, CliErrorKinds.BundleRefused, $"is not a readable zip: {e.Message}");
        }
        using (archive)
        {
            var zip = new ZipArchiveSourceTree(archive, request.ArchivePath);
            var (mapped, counts) = Map(archive, content, request.ArchivePath, file.DisplayPath);
            var checkout = new DirectorySourceTree(file.Directory);
            var manifestEntry = new BundleContentFile(BundleEntryName.Manifest, MountedSourceTree.Join(CheckoutMount, Path.GetFileName(file.FullPath)), new FileInfo(file.FullPath).Length);
            var tests = await TestsAsync(manifest, mapped, checkout, cancellationToken).ConfigureAwait(false);

            IReadOnlyList<BundleContentFile> files;
            try
            {
                files = BundleContentMerge.Merge([manifestEntry, .. mapped, .. tests], p => p);
            }
            catch (BundleContentException e)
            {
                throw Invalid(request.ArchivePath, CliErrorKinds.InvalidContent, e.Message);
            }
            var contents = new BundleFileSet(files.Select(f => f.EntryPath).Append(BundleEntryName.Descriptor));
            Valid(file, await file.LoadAsync(context, cancellationToken, ManifestLoadOptions.Default with { BundleContents = contents }).ConfigureAwait(false));

            var version = request.Version is { } given ? given
                : BundleVersionResolver.Resolve(null, context.Environment)?.Version ?? "sha." + (await Sha256Async(archivePath, cancellationToken).ConfigureAwait(false))[..12];
            if (BundleNaming.CheckVersion(version) is { } problem)
                throw CommandFailedException.Usage($"bundle version '{version}' {problem}");
            var created = BundleProvenance.ResolveCreated(request.Created, context.Environment, () => NewestEntry(archive));
            var metadata = new BundleMetadata(manifest.Name, version, created, BundleProvenance.ResolveSource(request.Commit, request.Author, null, context.Environment));
            var tree = new MountedSourceTree([new(CheckoutMount, checkout), new(ArchiveMount, zip)]);
            var bundle = await WriteAsync(context, context.ResolvePath(request.OutputDirectory), BundleNaming.FileName(manifest.Name, version), metadata, files, tree, cancellationToken).ConfigureAwait(false);
            return new SmusCliImportResult(bundle, manifest, counts.Storage, counts.Repositories, counts.QuickSight, tests.Count);
        }
    }

    private const string CheckoutMount = "checkout";
    private const string ArchiveMount = "archive";

    private static (List<BundleContentFile> Files, (int Storage, int Repositories, int QuickSight) Counts) Map(
        ZipArchive archive, ApplicationContent content, string archiveName, string manifestName)
    {
        var storage = content.Storage.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var repositories = content.Git.Select(g => g.Repository).ToHashSet(StringComparer.Ordinal);
        var dashboards = content.QuickSight.Select(q => q.Name + ".qs").ToHashSet(StringComparer.Ordinal);
        var files = new List<BundleContentFile>();
        var unmatched = new List<string>();
        var unsafeNames = new List<string>();
        int storageCount = 0, repositoryCount = 0, quickSightCount = 0;
        foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var name = entry.FullName;
            if (BundleEntryName.Check(name) is not null)
            {
                unsafeNames.Add(name);
                continue;
            }
            if (BundleEntryName.IsDirectory(name))
                continue;
            var segments = name.Split('/');
            var source = MountedSourceTree.Join(ArchiveMount, name);
            if (segments.Length >= 3 && segments[0] == "repositories" && repositories.Contains(segments[1]))
            {
                files.Add(new BundleContentFile(name, source, entry.Length));
                repositoryCount++;
            }
            else if (segments.Length == 2 && segments[0] == "quicksight" && dashboards.Contains(segments[1]))
            {
                files.Add(new BundleContentFile(name, source, entry.Length));
                quickSightCount++;
            }
            else if (segments.Length >= 2 && storage.Contains(segments[0]))
            {
                files.Add(new BundleContentFile("storage/" + name, source, entry.Length));
                storageCount++;
            }
            else
            {
                unmatched.Add(name);
            }
        }
        if (unsafeNames.Count > 0)
            throw Invalid(archiveName, CliErrorKinds.BundleRefused, $"entries with unsafe names (absolute, '..', backslash or control characters): {List(unsafeNames)}");
        if (unmatched.Count > 0)
            throw Invalid(archiveName, CliErrorKinds.InvalidContent,
                $"{unmatched.Count} entr{(unmatched.Count == 1 ? "y belongs" : "ies belong")} to no item of {manifestName}: {List(unmatched)} " +
                $"(storage items: {Names(storage)}; git repositories: {Names(repositories)}; QuickSight: {Names(dashboards)})");
        if (files.Count == 0)
            throw Invalid(archiveName, CliErrorKinds.InvalidContent, "holds no files");
        return (files, (storageCount, repositoryCount, quickSightCount));
    }

    /// <summary>The app tests folder from the manifest's folder when the archive does not hold it (smus-cli runs tests from the checkout; our pipeline from the bundle).</summary>
    private static async Task<IReadOnlyList<BundleContentFile>> TestsAsync(
        PipelineManifest manifest, IReadOnlyList<BundleContentFile> mapped, DirectorySourceTree checkout, CancellationToken cancellationToken)
    {
        if (manifest.Tests is not { } tests || TestsFolder.Normalize(tests.Folder) is not { } folder)
            return [];
        if (TestsFolder.Locate(folder, new BundleFileSet(mapped.Select(f => f.EntryPath))) is not null)
            return [];
        if (await checkout.GetEntryAsync(folder, cancellationToken).ConfigureAwait(false) is not { Kind: SourceEntryKind.Directory })
            return [];
        var selected = await SourceItemSelector.SelectAsync(checkout, new SourceItem("tests.folder", "", [folder], [], SourceItemLayout.KeepPaths), cancellationToken).ConfigureAwait(false);
        return [.. selected.Select(f => f with { SourcePath = MountedSourceTree.Join(CheckoutMount, f.SourcePath) })];
    }

    /// <summary>The newest entry time, its wall-clock digits read as UTC (zip times carry no zone): the same archive gives the same time anywhere.</summary>
    private static DateTimeOffset NewestEntry(ZipArchive archive)
    {
        var newest = DateTimeOffset.UnixEpoch;
        foreach (var entry in archive.Entries)
        {
            var time = new DateTimeOffset(DateTime.SpecifyKind(entry.LastWriteTime.DateTime, DateTimeKind.Utc));
            if (time > newest) newest = time;
        }
        return newest;
    }

    private static async Task<VerifiedBundle> WriteAsync(
        CliContext context, string outputDirectory, string fileName, BundleMetadata metadata, IReadOnlyList<BundleContentFile> files, ISourceTree tree, CancellationToken cancellationToken)
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
            return verified with { DisplayPath = Commands.BundleCommand.Shown(context, finalPath), FullPath = finalPath };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io, $"{finalPath}: not written: {e.Message}", File: finalPath));
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    private static PipelineManifest Valid(ManifestFile file, ManifestLoadResult loaded) =>
        loaded.IsValid && loaded.Manifest is { } manifest
            ? manifest
            : throw new CommandFailedException(new CliError(CliErrorKinds.InvalidManifest,
                $"{file.DisplayPath}: invalid: {DiagnosticReport.Counts(loaded)}; nothing was imported\n" + string.Join("\n", loaded.Diagnostics.Where(d => d.IsError)),
                File: file.DisplayPath, Diagnostics: DiagnosticReport.Documents(loaded.Diagnostics)));

    private static CommandFailedException Invalid(string file, string kind, string message) =>
        new(new CliError(kind, $"{file}: {message}", File: file));

    private static string List(List<string> names) =>
        string.Join(", ", names.Take(ListedEntries).Select(n => $"'{n}'")) + (names.Count > ListedEntries ? $" and {names.Count - ListedEntries} more" : "");

    private static string Names(HashSet<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Order(StringComparer.Ordinal));

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
