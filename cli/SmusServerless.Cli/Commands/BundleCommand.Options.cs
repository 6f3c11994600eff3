using System.CommandLine;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Commands;

// bundle's command line, in smus-cli's spellings: [STAGE] [-t/--targets a,b] -m/--manifest FILE -d/--output-dir DIR
// -o/--output TEXT|JSON --local, plus ours (--version, --commit, --author, --json, and -p for -m).
public static partial class BundleCommand
{
    /// <summary>smus-cli's default output directory, for an application-format manifest (relative to the working directory).</summary>
    public const string DefaultArtifactsDirectory = "./artifacts";

    public static Command Create(CliContext context)
    {
        var stage = new Argument<string?>("stage")
        {
            Description = "The stage the bundle is for (smus-cli's positional target): content taken from a connection comes from its project. Default: the DEV stage.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var targets = CommonOptions.Targets("The stage the bundle is for, as STAGE; smus-cli's spelling. Of a list a,b the first is used.");
        var pipeline = CommonOptions.Pipeline();
        var outputDirectory = new Option<string?>("--output-dir", "-d")
        {
            Description = $"Directory for the zip; default: {DefaultArtifactsDirectory} (of the working directory) for an application manifest, the manifest's bundle.bundlesDirectory (./bundles, relative to the manifest) for a pipeline manifest.",
            HelpName = "dir",
        };
        // smus-cli's -o/--output is the format; before it was ours for the directory, so a value that is not a format is
        // still taken as one (with a warning) and existing scripts keep working.
        var format = CommonOptions.FormatOption();
        format.Description = "Output format: TEXT (default) or JSON (one JSON document). Any other value is taken as -d DIR, deprecated.";
        var local = new Option<bool>("--local")
        {
            Description = "Bundle from the checkout (smus-cli's meaning); what bundle always does for content without a connection.",
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
        var command = new Command(Name, "Build <name>-<version>.zip from the directory holding the manifest. Deterministic: its times come from SOURCE_DATE_EPOCH, else the HEAD commit, else the newest file.")
        {
            stage, targets, pipeline, outputDirectory, format, local, version, commit, author, json,
        };
        command.SetAction((parsed, cancellationToken) =>
        {
            var (formatValue, legacyDirectory) = SplitOutput(parsed.GetValue(format));
            return CommonOptions.RunAsync(context, Name, parsed.GetValue(json), formatValue, console =>
            {
                if (legacyDirectory is not null)
                {
                    if (parsed.GetValue(outputDirectory) is not null)
                        throw CommandFailedException.Usage($"-o {legacyDirectory} and -d {parsed.GetValue(outputDirectory)} both name the output directory: -o/--output is the format (TEXT or JSON), -d/--output-dir the directory");
                    console.Problem($"warning: 'bundle -o {legacyDirectory}' is deprecated: -o/--output is the output format (TEXT or JSON), as in smus-cli; use -d/--output-dir {legacyDirectory}");
                }
                var request = new BundleRequest(
                    parsed.GetValue(pipeline)!,
                    parsed.GetValue(outputDirectory) ?? legacyDirectory,
                    parsed.GetValue(version), parsed.GetValue(commit), parsed.GetValue(author))
                {
                    Stage = RequestedStage(console, parsed.GetValue(stage), parsed.GetValue(targets)),
                    Local = parsed.GetValue(local),
                    Format = console.Mode,
                };
                return RunAsync(context, console, request, cancellationToken);
            });
        });
        return command;
    }

    /// <summary>What the command line asked of a bundle; <see cref="Stage"/> is the stage name as given (null: the DEV stage).</summary>
    internal sealed record BundleRequest(string Pipeline, string? OutputDirectory, string? Version, string? Commit, string? Author)
    {
        /// <summary>STAGE or the first of <c>-t a,b</c>; null when neither is given.</summary>
        public string? Stage { get; init; }

        /// <summary><c>--local</c>: from the checkout (content without a connection always is).</summary>
        public bool Local { get; init; }

        public OutputMode Format { get; init; }
    }

    /// <summary>An <c>-o</c> value: a format, or (deprecated) the directory it named before <c>-d</c>.</summary>
    internal static (string? Format, string? LegacyDirectory) SplitOutput(string? value) =>
        value is null ? (null, null)
        : CommonOptions.ParseFormat(value) is not null ? (value, null)
        : (null, value);

    private static string? RequestedStage(CliConsole console, string? positional, string? targets)
    {
        var listed = CommonOptions.SplitList(targets);
        if (targets is not null && listed.Count == 0)
            throw CommandFailedException.Usage("-t/--targets names no stage");
        if (positional is not null && listed.Count > 0 && !string.Equals(positional, listed[0], StringComparison.Ordinal))
            throw CommandFailedException.Usage($"the stage is given twice, as '{positional}' and -t {targets}: give one");
        if (listed.Count > 1)
            console.Problem($"warning: one bundle serves every stage; -t {targets} bundles for '{listed[0]}' (as smus-cli does), the others are not used");
        return positional ?? (listed.Count > 0 ? listed[0] : null);
    }

    /// <summary>
    /// The stage the bundle is for: the one named (exit 2 naming the known ones when the manifest has no such stage),
    /// else the stage labelled DEV (smus-cli's default source), else none. Content taken from a connection comes from
    /// this stage's project; content from the checkout does not depend on it.
    /// </summary>
    internal static TargetDefinition? SourceStage(ManifestFile file, PipelineManifest manifest, BundleRequest request)
    {
        if (request.Stage is { } named)
            return manifest.FindTarget(named) ?? throw CommandFailedException.Usage(
                $"{file.DisplayPath}: no stage '{named}'; the manifest's stages are {string.Join(", ", manifest.Targets.Select(t => t.Name))}");
        return manifest.Targets.FirstOrDefault(t => string.Equals(t.Stage, "DEV", StringComparison.OrdinalIgnoreCase));
    }
}
