using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>
/// Property, exhaustively over the every-key sample: deleting any one line, or giving any one value another shape,
/// never makes loading throw, and every finding names a position and a manifest path.
/// </summary>
public class ApplicationMutationTests
{
    private static readonly string[] Lines = ApplicationSamples.EveryKey.Split('\n');

    private static readonly string[] Replacements = ["", "~", "true", "123", "[a, b]", "{a: 1}", "'${UNSET}'", "../x", "-", "{"];

    [Fact]
    public void Deleting_any_line_only_ever_produces_positioned_diagnostics()
    {
        for (var i = 0; i < Lines.Length; i++)
            Check(string.Join('\n', Lines.Where((_, index) => index != i)), $"line {i + 1} deleted");
    }

    [Fact]
    public void Replacing_any_value_only_ever_produces_positioned_diagnostics()
    {
        for (var i = 0; i < Lines.Length; i++)
        {
            var colon = Lines[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            foreach (var replacement in Replacements)
            {
                var mutated = Lines.ToArray();
                mutated[i] = Lines[i][..(colon + 2)] + replacement;
                Check(string.Join('\n', mutated), $"line {i + 1} value → '{replacement}'");
            }
        }
    }

    [Theory]
    [InlineData("applicationName: {\ncontent:\n  storage:\n    - name: code\nstages: {}\n")]
    [InlineData("pipelineName: {\nbundle:\n  storage:\n    - connectionName: c\ntargets: {}\n")]
    public void An_unclosed_flow_mapping_before_block_lines_is_a_syntax_error_not_a_crash(string yaml)
    {
        var result = ManifestLoader.Load(yaml, "manifest.yaml", DictionaryVariableSource.Empty);

        Assert.Equal(DiagnosticCodes.YamlSyntax, Assert.Single(result.Errors).Code);
    }

    private static void Check(string yaml, string mutation)
    {
        ManifestLoadResult result;
        try
        {
            result = ManifestLoader.Load(yaml, "manifest.yaml", DictionaryVariableSource.Empty);
        }
        catch (Exception e)
        {
            Assert.Fail($"{mutation}: loading threw {e}");
            return;
        }
        Assert.All(result.Diagnostics, d =>
        {
            Assert.True(d.Line >= 1 && d.Column >= 1, $"{mutation}: {d}");
            Assert.False(string.IsNullOrEmpty(d.Path), $"{mutation}: {d}");
        });
        Assert.True(result.IsValid == !result.Errors.Any(), mutation);
    }
}
