using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>An unknown key's message names the format the file is in and the nearest known key.</summary>
public class UnknownKeyMessageTests
{
    [Fact]
    public void An_application_manifest_is_never_told_about_bundle_name()
    {
        var result = Load(ApplicationSamples.Minimal.Replace("applicationName: MinimalApp", "applicationName: MinimalApp\nbundleName: Other", StringComparison.Ordinal));

        Assert.All(result.Diagnostics, d => Assert.DoesNotContain("later name", d.Message));
    }

    [Fact]
    public void Unknown_key_in_an_application_manifest_names_that_format()
    {
        var error = AssertError(ApplicationSamples.Minimal + "\nxyzzy: 1\n", "xyzzy", DiagnosticCodes.UnknownKey);

        Assert.Contains("in this application manifest (smus-cli's applicationName/content/stages format)", error.Message);
    }

    [Fact]
    public void Unknown_key_in_a_pipeline_manifest_names_that_format()
    {
        var error = AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nxyzzy: 1"), "xyzzy", DiagnosticCodes.UnknownKey);

        Assert.Contains("in this pipeline manifest (the 2025 pipelineName/bundle/targets format)", error.Message);
    }

    [Fact]
    public void Unknown_key_close_to_a_known_one_asks_if_it_was_meant()
    {
        var error = AssertError(ApplicationSamples.Minimal.Replace("content:", "contnet:", StringComparison.Ordinal), "contnet", DiagnosticCodes.UnknownKey);

        Assert.Contains("did you mean 'content'?", error.Message);
    }

    [Fact]
    public void Unknown_key_far_from_every_known_one_still_names_the_nearest_and_the_allowed_keys()
    {
        var error = AssertError(ApplicationSamples.Minimal + "\nxyzzy: 1\n", "xyzzy", DiagnosticCodes.UnknownKey);

        Assert.Contains("the nearest known key is '", error.Message);
        Assert.Contains("(allowed: applicationName, content, bootstrap, tests, monitoring, stages)", error.Message);
    }

    [Theory]
    [InlineData("targets", "this format's deployment targets are 'stages'")]
    [InlineData("bundle", "this format lists what to deploy under 'content'")]
    [InlineData("bundlesDirectory", "-d/--output-dir")]
    public void A_pipeline_format_key_in_an_application_manifest_says_what_this_format_calls_it(string key, string hint)
    {
        var error = AssertError(ApplicationSamples.Minimal + $"\n{key}: {{}}\n", key, DiagnosticCodes.UnknownKey);

        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void An_application_format_key_in_a_pipeline_manifest_says_what_that_format_calls_it()
    {
        var error = AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nstages: {}"), "stages", DiagnosticCodes.UnknownKey);

        Assert.Contains("a pipeline manifest has 'targets'", error.Message);
    }

    [Fact]
    public void A_misspelling_the_smus_cli_docs_use_is_answered_with_the_schemas_key()
    {
        var yaml = ApplicationSamples.Minimal + "\n    deployment_configuration:\n      storage:\n        - {name: code, connectionName: default.s3_shared, stageDirectory: src}\n";

        var error = AssertError(yaml, "stages.dev.deployment_configuration.storage[0].stageDirectory", DiagnosticCodes.UnknownKey);

        Assert.Contains("write 'targetDirectory'", error.Message);
    }

    [Fact]
    public void Application_name_decides_the_format_even_beside_pipeline_format_keys()
    {
        var result = Load(ApplicationSamples.Minimal + "\ntargets: {}\n");

        Assert.Contains(result.Errors, e => e.Path == "targets" && e.Message.Contains("'stages'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_with_neither_formats_keys_is_read_as_the_current_format()
    {
        var error = AssertError("name: x\n", "applicationName", DiagnosticCodes.Required);

        Assert.Contains("'pipelineName' and 'targets'", error.Message);
    }
}
