using System.CommandLine;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;

namespace SmusServerless.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere (a new instance per command).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Machine-readable output: one JSON object per line on stdout.",
    };

    /// <summary>
    /// smus-cli's <c>-o/--output TEXT|JSON</c> (any case): JSON prints the command's one document, indented, beside
    /// <c>--json</c>'s one object per line. A value that is neither is a usage error (bundle's own option differs).
    /// </summary>
    public static Option<string?> OutputFormat()
    {
        var option = FormatOption();
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && ParseFormat(value) is null)
                result.AddError($"-o/--output: '{value}' is not an output format: use TEXT or JSON");
        });
        return option;
    }

    /// <summary>The option of <see cref="OutputFormat"/> without its check, for a command that gives other values a meaning of its own.</summary>
    internal static Option<string?> FormatOption() => new("--output", "-o")
    {
        Description = "Output format: TEXT (default) or JSON (one JSON document for the whole command, as smus-cli prints it).",
        HelpName = "TEXT|JSON",
    };

    /// <summary>TEXT or JSON in any case, else null.</summary>
    public static OutputMode? ParseFormat(string value) => value.Trim().ToUpperInvariant() switch
    {
        "TEXT" => OutputMode.Text,
        "JSON" => OutputMode.JsonDocument,
        _ => null,
    };

    /// <summary>
    /// The output mode <c>--json</c> and <c>-o</c> ask for together, or why they cannot both be given: one object per
    /// line and one document are different outputs, and a CI step parses one of them.
    /// </summary>
    public static (OutputMode Mode, string? Problem) Mode(bool json, string? format)
    {
        var requested = format is null ? null : ParseFormat(format);
        if (json && requested is not null)
            return (OutputMode.JsonLines, $"--json (one JSON object per line) and -o/--output {format} ask for different outputs: give one of them");
        return (json ? OutputMode.JsonLines : requested ?? OutputMode.Text, null);
    }

    /// <summary>Runs <paramref name="body"/> in the chosen output mode, or reports the <see cref="Mode"/> problem as a usage error.</summary>
    public static Task<int> RunAsync(CliContext context, string command, bool json, string? format, Func<CliConsole, Task<int>> body)
    {
        var (mode, problem) = Mode(json, format);
        return context.RunAsync(command, mode, problem is null ? body : _ => throw CommandFailedException.Usage(problem));
    }

    /// <summary><c>-p/--pipeline</c>, and smus-cli's spelling <c>-m/--manifest</c> for the same thing.</summary>
    public static Option<string> Pipeline() => new("--pipeline", "-p", "--manifest", "-m")
    {
        Description = "The manifest file, or a directory holding one (default: pipeline.yaml, else smus-cli's manifest.yaml).",
        DefaultValueFactory = _ => ManifestFile.DefaultPath,
        HelpName = "manifest.yaml",
    };

    /// <summary>smus-cli's <c>-t/--targets a,b</c>: stage names, comma-separated.</summary>
    public static Option<string?> Targets(string description) => new("--targets", "-t")
    {
        Description = description,
        HelpName = "a,b",
    };

    /// <summary>The names of a <c>-t a,b</c> list (spaces trimmed, empty entries dropped).</summary>
    public static IReadOnlyList<string> SplitList(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static Argument<string> BundlePath() => new("bundle")
    {
        Description = "The bundle zip (<name>-<version>.zip).",
    };
}
