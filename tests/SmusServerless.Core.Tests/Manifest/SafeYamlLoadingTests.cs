using System.Text;
using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

public class SafeYamlLoadingTests
{
    private static ManifestDiagnostic SingleError(string yaml, ManifestLoadOptions? options = null)
    {
        var result = Load(yaml, options: options);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Refuses_billion_laughs_aliases()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");

        var error = SingleError(yaml.ToString());

        Assert.Equal(DiagnosticCodes.AliasExpansion, error.Code);
        Assert.Contains("exponential alias expansion", error.Message);
    }

    [Fact]
    public void Refuses_more_aliases_than_the_limit()
    {
        var yaml = "a: &x 1\nb: [" + string.Join(", ", Enumerable.Repeat("*x", 11)) + "]\n";

        var error = SingleError(yaml, new ManifestLoadOptions { MaxAliases = 10 });

        Assert.Equal(DiagnosticCodes.TooManyAliases, error.Code);
        Assert.Equal("b[10]", error.Path);
    }

    [Fact]
    public void Refuses_deep_nesting()
    {
        var yaml = "a: " + new string('[', 100) + new string(']', 100) + "\n";

        var error = SingleError(yaml);

        Assert.Equal(DiagnosticCodes.TooDeep, error.Code);
        Assert.Contains("deeper than 64", error.Message);
    }

    [Fact]
    public void Refuses_deep_nesting_reached_through_an_alias()
    {
        var yaml = "a: &deep [[[[[x]]]]]\nb: [[[[[*deep]]]]]\n";

        var error = SingleError(yaml, new ManifestLoadOptions { MaxDepth = 8 });

        Assert.Equal(DiagnosticCodes.TooDeep, error.Code);
        Assert.Contains("alias '*deep'", error.Message);
    }

    [Fact]
    public void Refuses_duplicate_keys_pointing_at_the_second_one()
    {
        var yaml = MinimalWith("    project: {name: dev-project}", "    project: {name: dev-project}\n    project: {name: other}");

        var error = AssertError(yaml, "targets.dev.project", DiagnosticCodes.DuplicateKey);

        Assert.Equal((10, 5), (error.Line, error.Column));
        Assert.Contains("first defined at line 9, column 5", error.Message);
    }

    [Fact]
    public void Refuses_documents_over_the_size_limit()
    {
        var error = SingleError(ManifestSamples.Minimal, new ManifestLoadOptions { MaxDocumentBytes = 100 });

        Assert.Equal(DiagnosticCodes.DocumentTooLarge, error.Code);
        Assert.Equal("pipeline.yaml:1:1: (root): the manifest is " + Encoding.UTF8.GetByteCount(ManifestSamples.Minimal) + " bytes; the limit is 100",
            error.ToString());
    }

    [Fact]
    public void Refuses_documents_with_too_many_nodes()
    {
        var yaml = "a: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]";

        var error = SingleError(yaml, new ManifestLoadOptions { MaxExpandedNodes = 100 });

        Assert.Equal(DiagnosticCodes.DocumentTooLarge, error.Code);
    }

    [Fact]
    public void Refuses_a_second_document()
    {
        var error = SingleError(ManifestSamples.Minimal + "\n---\npipelineName: Other\n");

        Assert.Equal(DiagnosticCodes.MultipleDocuments, error.Code);
        Assert.Equal(15, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n...\n")]
    [InlineData("~")]
    public void Refuses_an_empty_manifest(string yaml)
    {
        Assert.Equal(DiagnosticCodes.EmptyDocument, SingleError(yaml).Code);
    }

    [Fact]
    public void Reports_syntax_errors_with_their_position()
    {
        var error = SingleError("pipelineName: x\ntargets:\n  dev: [a, b\n");

        Assert.Equal(DiagnosticCodes.YamlSyntax, error.Code);
        Assert.True(error.Line >= 3, error.ToString());
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void Refuses_an_alias_to_an_undefined_anchor()
    {
        var error = AssertError(MinimalWith("project: {name: dev-project}", "project: *nothing"), "targets.dev.project", DiagnosticCodes.UnknownAlias);

        Assert.Contains("'*nothing'", error.Message);
    }

    [Fact]
    public void Refuses_language_specific_tags()
    {
        AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: !!python/object:os.system Minimal"), "pipelineName", DiagnosticCodes.TagNotAllowed);
    }

    [Fact]
    public void Accepts_the_core_string_tag_and_makes_the_value_a_string()
    {
        var manifest = AssertValid(MinimalWith("project: {name: dev-project}", "project: {name: !!str 2024}"));

        Assert.Equal("2024", manifest.FindTarget("dev")!.Project.Name);
    }

    [Fact]
    public void Refuses_complex_mapping_keys()
    {
        AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\n? [a, b]\n: c"), "(root)", DiagnosticCodes.NonScalarKey);
    }

    [Fact]
    public void Accepts_anchors_aliases_and_merge_keys_users_write_to_share_target_settings()
    {
        var yaml = """
            pipelineName: Shared
            bundle:
              storage: [{connectionName: default.s3_shared, include: [src]}]
            targets:
              test: &deployed
                domain: {name: d, region: us-east-1}
                project: {name: test-project, create: true}
                bundle_target_configuration:
                  storage: {connectionName: default.s3_shared, directory: src}
              prod:
                <<: *deployed
                stage: PROD
                project: {name: prod-project, create: true}
            """;

        var manifest = AssertValid(yaml);

        var prod = manifest.FindTarget("prod")!;
        Assert.Equal("prod-project", prod.Project.Name);
        Assert.Equal(new DomainReference("d", "us-east-1"), prod.Domain);
        Assert.True(prod.IsDeploymentTarget);
    }

    [Fact]
    public void Refuses_a_merge_key_whose_value_is_not_a_mapping()
    {
        AssertError(MinimalWith("    project: {name: dev-project}", "    project: {name: dev-project}\n    <<: [1]"), "targets.dev.<<", DiagnosticCodes.InvalidMerge);
    }

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        var error = AssertError("pipelineName: Minimal\ntargets:\n  dev:\n    stag: DEV\n", "targets.dev.stag", DiagnosticCodes.UnknownKey);

        Assert.Equal((4, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Yaml_1_1_yes_is_a_string_not_a_boolean()
    {
        var error = AssertError(MinimalWith(ProdProjectLine, ProdProjectLine + "\n    default: yes"), "targets.prod.default", DiagnosticCodes.WrongType);

        Assert.Contains("expected true or false, got a string 'yes'", error.Message);
    }

    private const string ProdProjectLine = "project: {name: prod-project, create: true}";

    [Fact]
    public void Accepts_windows_line_endings_and_a_byte_order_mark_with_unchanged_positions()
    {
        var yaml = "\uFEFF" + MinimalWith("project: {name: dev-project}", "project: {name: dev-project}\n    stag: DEV").Replace("\n", "\r\n", StringComparison.Ordinal);

        var error = AssertError(yaml, "targets.dev.stag", DiagnosticCodes.UnknownKey);

        Assert.Equal((10, 5), (error.Line, error.Column));
    }
}
