using System.Text;
using SmusServerless.Core.Manifest.Validation;
using SmusServerless.Core.Manifest.Yaml;

namespace SmusServerless.Core.Manifest;

/// <summary>The outcome of loading a manifest: the model when it is valid, and every finding either way.</summary>
public sealed record ManifestLoadResult(PipelineManifest? Manifest, IReadOnlyList<ManifestDiagnostic> Diagnostics)
{
    /// <summary>True when there is a manifest and no error (warnings allowed).</summary>
    public bool IsValid => Manifest is not null;

    public IEnumerable<ManifestDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<ManifestDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}

/// <summary>
/// Loads manifest text in either format (<see cref="ManifestFormat"/>: the 2025 <c>pipeline.yaml</c>, or smus-cli's
/// current application manifest, told apart by their top-level keys) into one model: safe YAML reading, <c>${VAR}</c> substitution, strict schema validation and
/// semantic checks, reporting every finding at once. It never throws for bad input.
/// </summary>
public static class ManifestLoader
{
    /// <param name="yamlText">The manifest text (the caller reads the file or bundle entry).</param>
    /// <param name="fileName">How diagnostics name the file, e.g. <c>pipeline.yaml</c>.</param>
    /// <param name="variables">Values for <c>${VAR}</c>; use <see cref="DictionaryVariableSource.Empty"/> for none.</param>
    /// <param name="options">Limits and the bundle's file list, if known.</param>
    public static ManifestLoadResult Load(string yamlText, string fileName, IVariableSource variables, ManifestLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(variables);
        options ??= ManifestLoadOptions.Default;

        var bytes = Encoding.UTF8.GetByteCount(yamlText);
        if (bytes > options.MaxDocumentBytes)
            return Failed(new ManifestDiagnostic(fileName, 1, 1, ManifestDiagnostic.RootPath, DiagnosticCodes.DocumentTooLarge,
                $"the manifest is {bytes} bytes; the limit is {options.MaxDocumentBytes}"));

        var parsed = SafeYamlParser.Parse(yamlText, fileName, options);
        if (parsed.Root is null) return new ManifestLoadResult(null, Sorted(parsed.Diagnostics));

        var context = new BindingContext(fileName, variables)
        {
            Format = parsed.Root is YamlMappingNode mapping
                ? ManifestFormats.Detect(mapping.Entries.Select(e => e.Key.Value))
                : ManifestFormat.Application,
        };
        var manifest = context.Format == ManifestFormat.Application
            ? new ApplicationManifestBinder(context).Bind(parsed.Root)
            : new ManifestBinder(context).Bind(parsed.Root);
        new SemanticRules(context, options).Check(manifest);

        var diagnostics = Sorted(parsed.Diagnostics.Concat(context.Diagnostics));
        return new ManifestLoadResult(diagnostics.Any(d => d.IsError) ? null : manifest, diagnostics);
    }

    private static ManifestLoadResult Failed(ManifestDiagnostic diagnostic) => new(null, [diagnostic]);

    private static List<ManifestDiagnostic> Sorted(IEnumerable<ManifestDiagnostic> diagnostics) =>
        [.. diagnostics.Distinct().OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Path, StringComparer.Ordinal)];
}
