using System.CommandLine;
using SmusServerless.Cli.Manifests;
using SmusServerless.Cli.Output;

namespace SmusServerless.Cli.Commands;

/// <summary>
/// <c>validate [-p pipeline.yaml] [--json | -o TEXT|JSON]</c>: loads the manifest with <c>${VAR}</c> values from the environment and
/// reports every finding as <c>FILE:LINE:COL: path: message</c>. Exit 0 when valid (warnings allowed), 1 when not.
/// </summary>
public static class ValidateCommand
{
    public const string Name = "validate";

    public static Command Create(CliContext context)
    {
        var pipeline = CommonOptions.Pipeline();
        var json = CommonOptions.Json();
        var format = CommonOptions.OutputFormat();
        var command = new Command(Name, "Check a pipeline.yaml: schema, variables, semantic rules. Reports every problem with file, line, column and manifest path.")
        {
            pipeline,
            json,
            format,
        };
        command.SetAction((parsed, cancellationToken) =>
            CommonOptions.RunAsync(context, Name, parsed.GetValue(json), parsed.GetValue(format), console =>
                RunAsync(context, console, parsed.GetValue(pipeline)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CliConsole console, string path, CancellationToken cancellationToken)
    {
        var file = await ManifestFile.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        var result = await file.LoadAsync(context, cancellationToken).ConfigureAwait(false);

        if (!console.Json)
        {
            DiagnosticReport.Write(console.Output, result.Diagnostics);
            console.Line(result.Manifest is { } manifest
                ? $"{file.DisplayPath}: valid: pipeline {manifest.Name}, {DiagnosticReport.Count(manifest.Targets.Count, "target")} ({string.Join(", ", manifest.Targets.Select(t => t.Name))}), {DiagnosticReport.Count(result.Warnings.Count(), "warning")}"
                : $"{file.DisplayPath}: invalid: {DiagnosticReport.Counts(result)}");
        }
        console.Document(
            new ValidateDocument(
                Name,
                result.IsValid,
                file.DisplayPath,
                result.Manifest?.Name,
                result.Manifest?.Targets.Select(t => t.Name).ToList() ?? [],
                result.Errors.Count(),
                result.Warnings.Count(),
                DiagnosticReport.Documents(result.Diagnostics)),
            CliJsonContext.Output.ValidateDocument);
        return result.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }
}
