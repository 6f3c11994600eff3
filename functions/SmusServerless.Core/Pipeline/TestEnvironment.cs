using System.Text;
using System.Text.Json;

namespace SmusServerless.Core.Pipeline;

/// <summary>
/// What the <c>smus_config</c> fixture returns, key for key as smus-cli's <c>generate_test_config</c> writes it; <see cref="Env"/>
/// is the stage's <c>environment_variables</c> (smus-cli passes them here only, it does not export them).
/// </summary>
public sealed record TestConfig(
    string Region,
    string AccountId,
    string ProjectId,
    string ProjectName,
    string DomainId,
    string DomainName,
    string TargetName,
    IReadOnlyDictionary<string, string> Env)
{
    /// <summary>The JSON document <c>SMUS_TEST_CONFIG</c> names, with smus-cli's keys in its order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("region", Region);
            json.WriteString("account_id", AccountId);
            json.WriteString("project_id", ProjectId);
            json.WriteString("project_name", ProjectName);
            json.WriteString("domain_id", DomainId);
            json.WriteString("domain_name", DomainName);
            json.WriteString("target_name", TargetName);
            json.WriteStartObject("env");
            foreach (var (name, value) in Env.OrderBy(e => e.Key, StringComparer.Ordinal))
                json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The account of an ARN (its fifth field, e.g. of the execution's ARN), or "" when there is none.</summary>
    public static string AccountOf(string? arn) =>
        arn?.Split(':') is { Length: > 5 } fields ? fields[4] : "";
}

/// <summary>
/// The variables a bundle's tests run with: smus-cli's SMUS_* variables with the resolved values (the SMUS CLI once
/// passed SMUS_DOMAIN_ID and SMUS_PROJECT_ID empty), where the build finds the bundle and its tests, and what the
/// build writes outside the tests folder before running pytest: the <c>smus_config</c> document
/// (<see cref="ConfigJsonVariable"/>, written to a file that <see cref="ConfigVariable"/> then names) and the plugin
/// that provides the fixture (<see cref="PluginVariable"/>, see <see cref="TestPlugin"/>).
/// </summary>
public static class TestEnvironment
{
    /// <summary>The path of the config file; set by the build (the CodeBuild buildspec, the offline runner), which writes it.</summary>
    public const string ConfigVariable = "SMUS_TEST_CONFIG";

    /// <summary>The config document itself, for the build to write where <see cref="ConfigVariable"/> points.</summary>
    public const string ConfigJsonVariable = "SMUS_TEST_CONFIG_JSON";

    /// <summary>The source of <see cref="TestPlugin"/>, for the build to write as <see cref="TestPlugin.FileName"/>.</summary>
    public const string PluginVariable = "SMUS_TEST_PLUGIN";

    public const string TestsFolderVariable = "SMUS_TESTS_FOLDER";

    public static IReadOnlyList<KeyValuePair<string, string>> For(
        RunContext run, PlannedTarget target, TestConfig config, string testsFolder, string reportUri) =>
    [
        new("SMUS_DOMAIN_ID", config.DomainId),
        new("SMUS_DOMAIN_NAME", config.DomainName),
        new("SMUS_PROJECT_ID", config.ProjectId),
        new("SMUS_PROJECT_NAME", config.ProjectName),
        new("SMUS_TARGET_NAME", config.TargetName),
        new("SMUS_STAGE", target.Stage),
        new("SMUS_REGION", config.Region),
        new("SMUS_PIPELINE_NAME", run.PipelineName),
        new("SMUS_BUNDLE_VERSION", run.BundleVersion),
        new("SMUS_BUNDLE_BUCKET", run.Bundle.Bucket),
        new("SMUS_BUNDLE_KEY", run.Bundle.Key),
        new("SMUS_BUNDLE_VERSION_ID", run.Bundle.VersionId ?? ""),
        new(TestsFolderVariable, testsFolder),
        new("SMUS_TEST_REPORT_URI", reportUri),
        new(ConfigJsonVariable, config.ToJson()),
        new(PluginVariable, TestPlugin.Source),
    ];
}
