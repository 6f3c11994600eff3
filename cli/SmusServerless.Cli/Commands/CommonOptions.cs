using System.CommandLine;
using SmusServerless.Cli.Manifests;

namespace SmusServerless.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere (a new instance per command).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Machine-readable output: one JSON object per line on stdout.",
    };

    /// <summary><c>-p/--pipeline</c>, and smus-cli's spelling <c>-m/--manifest</c> for the same thing.</summary>
    public static Option<string> Pipeline() => new("--pipeline", "-p", "--manifest", "-m")
    {
        Description = "The manifest file, or a directory holding pipeline.yaml or manifest.yaml (default: pipeline.yaml, else smus-cli's manifest.yaml).",
        DefaultValueFactory = _ => ManifestFile.DefaultPath,
        HelpName = "pipeline.yaml",
    };

    public static Argument<string> BundlePath() => new("bundle")
    {
        Description = "The bundle zip (<name>-<version>.zip).",
    };
}
