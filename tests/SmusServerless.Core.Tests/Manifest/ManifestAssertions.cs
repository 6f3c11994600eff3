using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Tests.Manifest;

internal static class ManifestAssertions
{
    public static ManifestLoadResult Load(string yaml, IReadOnlyDictionary<string, string>? variables = null, ManifestLoadOptions? options = null) =>
        ManifestLoader.Load(yaml, "pipeline.yaml",
            variables is null ? DictionaryVariableSource.Empty : new DictionaryVariableSource(variables), options);

    public static PipelineManifest AssertValid(string yaml, IReadOnlyDictionary<string, string>? variables = null, ManifestLoadOptions? options = null)
    {
        var result = Load(yaml, variables, options);
        Assert.True(result.IsValid, "expected a valid manifest, got:\n" + string.Join("\n", result.Diagnostics));
        return result.Manifest!;
    }

    /// <summary>Asserts a single error with this code at this path, and returns it.</summary>
    public static ManifestDiagnostic AssertError(string yaml, string path, string code, ManifestLoadOptions? options = null,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        var result = Load(yaml, variables, options);
        Assert.False(result.IsValid);
        var matches = result.Errors.Where(d => d.Path == path && d.Code == code).ToList();
        Assert.True(matches.Count == 1,
            $"expected one '{code}' error at '{path}', got:\n" + string.Join("\n", result.Diagnostics));
        return matches[0];
    }

    /// <summary>The minimal manifest with <paramref name="find"/> replaced once by <paramref name="replace"/>.</summary>
    public static string MinimalWith(string find, string replace)
    {
        Assert.Contains(find, ManifestSamples.Minimal);
        return ManifestSamples.Minimal.Replace(find, replace, StringComparison.Ordinal);
    }
}
