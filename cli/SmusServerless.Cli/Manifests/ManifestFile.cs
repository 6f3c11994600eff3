using System.Text;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Manifests;

/// <summary>A pipeline.yaml on disk, as the user named it: <see cref="DisplayPath"/> is what diagnostics print.</summary>
public sealed record ManifestFile(string DisplayPath, string FullPath, string Text)
{
    public const string DefaultPath = "pipeline.yaml";

    /// <summary>smus-cli's name for the manifest; used where there is no pipeline.yaml.</summary>
    public const string SmusCliPath = "manifest.yaml";

    /// <summary>The directory holding the manifest: the root of the bundle's source tree.</summary>
    public string Directory => Path.GetDirectoryName(FullPath)!;

    /// <summary>
    /// Reads the manifest at <paramref name="path"/> (a directory means its <c>pipeline.yaml</c>, else its <c>manifest.yaml</c>). A missing or
    /// oversized file is a <see cref="CommandFailedException"/> naming it, never a stack trace.
    /// </summary>
    public static async Task<ManifestFile> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var display = path;
        var full = context.ResolvePath(path);
        if (System.IO.Directory.Exists(full))
        {
            var name = File.Exists(Path.Combine(full, DefaultPath)) || !File.Exists(Path.Combine(full, SmusCliPath)) ? DefaultPath : SmusCliPath;
            display = Path.Combine(path, name);
            full = Path.Combine(full, name);
        }
        else if (path == DefaultPath && !File.Exists(full) && File.Exists(context.ResolvePath(SmusCliPath)))
        {
            // The default, in a folder laid out as smus-cli lays it out.
            display = SmusCliPath;
            full = context.ResolvePath(SmusCliPath);
        }
        if (!File.Exists(full))
            throw new CommandFailedException(new CliError(CliErrorKinds.FileNotFound, $"{display}: no such manifest file ({full})", File: display));

        var limit = ManifestLoadOptions.Default.MaxDocumentBytes;
        var length = new FileInfo(full).Length;
        if (length > limit)
            throw new CommandFailedException(new CliError(CliErrorKinds.InvalidManifest, $"{display}: {length} bytes; a manifest may have at most {limit}", File: display));
        try
        {
            return new ManifestFile(display, full, await File.ReadAllTextAsync(full, Encoding.UTF8, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException(new CliError(CliErrorKinds.Io, $"{display}: cannot be read: {e.Message}", File: display));
        }
    }

    /// <summary>
    /// Loads the text with <c>${VAR}</c> values from the CLI's environment, and <c>${AWS_ACCOUNT_ID}</c>,
    /// <c>${STS_ACCOUNT_ID}</c>, <c>${STS_REGION}</c> from the CLI's session (looked up only when the text names them).
    /// </summary>
    public async Task<ManifestLoadResult> LoadAsync(CliContext context, CancellationToken cancellationToken, ManifestLoadOptions? options = null) =>
        ManifestLoader.Load(Text, DisplayPath, await context.VariablesForAsync(Text, cancellationToken).ConfigureAwait(false), options);
}
