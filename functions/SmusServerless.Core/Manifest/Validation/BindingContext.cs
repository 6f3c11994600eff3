using SmusServerless.Core.Manifest.Yaml;

namespace SmusServerless.Core.Manifest.Validation;

/// <summary>
/// State shared while turning the YAML tree into the model: the findings so far, the variable source, and a
/// source map (manifest path → position; model record → manifest path) that later semantic checks use to point
/// at the right line.
/// </summary>
internal sealed class BindingContext(string file, IVariableSource variables)
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<object, string> _paths = new(ReferenceEqualityComparer.Instance);

    public string File { get; } = file;
    public List<ManifestDiagnostic> Diagnostics { get; } = [];

    /// <summary>The format the file is read in (decided from its top-level keys before anything else is read).</summary>
    public ManifestFormat Format { get; set; } = ManifestFormat.Pipeline;

    public void Report(SourcePosition at, string path, string code, string message,
        DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        Diagnostics.Add(new ManifestDiagnostic(File, at.Line, at.Column, path, code, message, severity));

    public void Report(YamlNode at, string path, string code, string message) => Report(at.Position, path, code, message);

    /// <summary>Reports at the node recorded for <paramref name="path"/>, or its nearest recorded ancestor.</summary>
    public void ReportAt(string path, string code, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        Report(PositionOf(path), path, code, message, severity);

    public void Record(string path, YamlNode node) => _positions.TryAdd(path, node.Position);

    public void Record(object model, string path) => _paths[model] = path;

    public string PathOf(object model) => _paths.TryGetValue(model, out var path) ? path : ManifestDiagnostic.RootPath;

    public SourcePosition PositionOf(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_positions.TryGetValue(current, out var position)) return position;
            if (current.Length == 0 || current == ManifestDiagnostic.RootPath) return SourcePosition.Start;
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? ManifestDiagnostic.RootPath : path[..cut];
    }

    /// <summary>The scalar's text with variables substituted, or null (and findings reported) when that fails.</summary>
    public string? Substitute(YamlScalarNode node, string path)
    {
        var result = VariableSubstitution.Expand(node.Value, variables);
        foreach (var problem in result.Problems)
        {
            // Each reference at its own column where the value is written one to one; else at the scalar.
            var at = node.ValueColumn is { } column ? node.Position with { Column = column + problem.Offset } : node.Position;
            Report(at, path, problem.Code, problem.Message);
        }
        return result.Value;
    }
}
