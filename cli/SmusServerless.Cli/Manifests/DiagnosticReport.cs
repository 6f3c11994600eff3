using SmusServerless.Cli.Output;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Manifests;

/// <summary>How manifest findings are counted and worded in every command's output.</summary>
public static class DiagnosticReport
{
    public static IReadOnlyList<DiagnosticDocument> Documents(IEnumerable<ManifestDiagnostic> diagnostics) =>
        [.. diagnostics.Select(DiagnosticDocument.From)];

    /// <summary>"2 errors, 1 warning".</summary>
    public static string Counts(ManifestLoadResult result) =>
        $"{Count(result.Errors.Count(), "error")}, {Count(result.Warnings.Count(), "warning")}";

    public static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>One <c>FILE:LINE:COL: path: message</c> line per finding.</summary>
    public static void Write(TextWriter writer, IEnumerable<ManifestDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            writer.WriteLine(diagnostic.ToString());
    }
}
