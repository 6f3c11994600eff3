using SmusServerless.Core.Manifest;
using static SmusServerless.Core.Tests.Manifest.ManifestAssertions;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>Every schema rule: one row per rule, each a one-place change to the minimal valid manifest.</summary>
public class SchemaValidationTests
{
    private const string ProdProject = "project: {name: prod-project, create: true}";
    private const string ProdDomain = "  prod:\n    domain: {name: d, region: us-east-1}";

    [Theory]
    // top level
    [InlineData("pipelineName: Minimal\n", "", "pipelineName", DiagnosticCodes.Required)]
    [InlineData("pipelineName: Minimal", "pipelineName: 123", "pipelineName", DiagnosticCodes.WrongType)]
    [InlineData("pipelineName: Minimal", "pipelineName: my pipeline", "pipelineName", DiagnosticCodes.Pattern)]
    [InlineData("pipelineName: Minimal", "pipelineName: ''", "pipelineName", DiagnosticCodes.Length)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nbundleName: Other", "bundleName", DiagnosticCodes.Conflict)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nbundel: {}", "bundel", DiagnosticCodes.UnknownKey)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: {}", "workflows", DiagnosticCodes.WrongType)]
    // bundle
    [InlineData("bundle:\n", "bundle:\n  bundlesDirectory: 5\n", "bundle.bundlesDirectory", DiagnosticCodes.WrongType)]
    [InlineData("    - connectionName: default.s3_shared\n", "    - include: ['src']\n", "bundle.storage[0].connectionName", DiagnosticCodes.Required)]
    [InlineData("      include: ['src']", "      include: ['src']\n      append: sometimes", "bundle.storage[0].append", DiagnosticCodes.WrongType)]
    [InlineData("      include: ['src']", "      include: src", "bundle.storage[0].include", DiagnosticCodes.WrongType)]
    [InlineData("      include: ['src']", "      include: [[src]]", "bundle.storage[0].include[0]", DiagnosticCodes.WrongType)]
    [InlineData("      include: ['src']", "      include: ['src']\n      exclud: ['*.pyc']", "bundle.storage[0].exclud", DiagnosticCodes.UnknownKey)]
    [InlineData("      include: ['src']", "      include: ['src']\n      airflow-serverless: 1", "bundle.storage[0].airflow-serverless", DiagnosticCodes.WrongType)]
    [InlineData("bundle:\n", "bundle:\n  git: {repository: r, url: 'https://example.com/r.git'}\n", "bundle.git.targetDir", DiagnosticCodes.Required)]
    [InlineData("bundle:\n", "bundle:\n  git: {repository: r, url: 'not a url', targetDir: g}\n", "bundle.git.url", DiagnosticCodes.Pattern)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{permission: READ}]}\n", "bundle.catalog.assets[0].selector", DiagnosticCodes.Required)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {assetId: abc}, permission: ADMIN}]}\n", "bundle.catalog.assets[0].permission", DiagnosticCodes.EnumValue)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {}}]}\n", "bundle.catalog.assets[0].selector", DiagnosticCodes.Required)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {assetId: abc, search: {assetType: GlueTable, identifier: a.b}}}]}\n", "bundle.catalog.assets[0].selector", DiagnosticCodes.Required)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {assetId: 'not/an/id'}}]}\n", "bundle.catalog.assets[0].selector.assetId", DiagnosticCodes.Pattern)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {search: {assetType: GlueTable}}}]}\n", "bundle.catalog.assets[0].selector.search.identifier", DiagnosticCodes.Required)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {search: {assetType: GlueTable, identifier: a.b, kind: x}}}]}\n", "bundle.catalog.assets[0].selector.search.kind", DiagnosticCodes.UnknownKey)]
    [InlineData("bundle:\n", "bundle:\n  catalog: {assets: [{selector: {assetId: abc}, requestReason: ''}]}\n", "bundle.catalog.assets[0].requestReason", DiagnosticCodes.Length)]
    // workflows
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{connectionName: c}]", "workflows[0].workflowName", DiagnosticCodes.Required)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w, connectionName: c, engine: mwaa}]", "workflows[0].engine", DiagnosticCodes.EnumValue)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w, connectionName: c, logging: verbose}]", "workflows[0].logging", DiagnosticCodes.EnumValue)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w, connectionName: c, parameters: {a: [1]}}]", "workflows[0].parameters.a", DiagnosticCodes.WrongType)]
    [InlineData("pipelineName: Minimal", "pipelineName: Minimal\nworkflows: [{workflowName: w, connectionName: c, parameters: [a]}]", "workflows[0].parameters", DiagnosticCodes.WrongType)]
    // targets
    [InlineData("targets:\n", "targets: {}\nother:\n", "targets", DiagnosticCodes.Required)]
    [InlineData("  prod:\n", "  9prod:\n", "targets.9prod", DiagnosticCodes.Pattern)]
    [InlineData(ProdProject, ProdProject + "\n    stage: ''", "targets.prod.stage", DiagnosticCodes.Length)]
    [InlineData(ProdProject, ProdProject + "\n    stage: [PROD]", "targets.prod.stage", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, ProdProject + "\n    default: yes", "targets.prod.default", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, ProdProject + "\n    bundle_target_config: {}", "targets.prod.bundle_target_config", DiagnosticCodes.UnknownKey)]
    [InlineData(ProdDomain, "  prod:", "targets.prod.domain", DiagnosticCodes.MissingDomain)]
    [InlineData(ProdDomain, "  prod:\n    domain: {region: us-east-1}", "targets.prod.domain.name", DiagnosticCodes.Required)]
    [InlineData(ProdDomain, "  prod:\n    domain: {name: d}", "targets.prod.domain.region", DiagnosticCodes.Required)]
    [InlineData(ProdDomain, "  prod:\n    domain: {name: d, region: US-EAST-1}", "targets.prod.domain.region", DiagnosticCodes.Pattern)]
    [InlineData(ProdDomain, "  prod:\n    domain: {name: '', region: us-east-1}", "targets.prod.domain.name", DiagnosticCodes.Length)]
    [InlineData(ProdDomain, "  prod:\n    domain: {name: d, region: us-east-1, account: '1'}", "targets.prod.domain.account", DiagnosticCodes.UnknownKey)]
    [InlineData(ProdDomain, "  prod:\n    domain: d", "targets.prod.domain", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, "project: {create: true}", "targets.prod.project.name", DiagnosticCodes.Required)]
    [InlineData(ProdProject, "project: {name: 'prod/project'}", "targets.prod.project.name", DiagnosticCodes.Pattern)]
    [InlineData(ProdProject, "project: [prod-project]", "targets.prod.project", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, "project: {name: p, create: 'true'}", "targets.prod.project.create", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, "project: {name: p, owners: alice}", "targets.prod.project.owners", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, "project: {name: p, contributors: [{name: bob}]}", "targets.prod.project.contributors[0]", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, "project: {name: p, profile_name: A, profileName: A}", "targets.prod.project.profileName", DiagnosticCodes.Conflict)]
    [InlineData(ProdProject, "project: {name: p, profile: A}", "targets.prod.project.profile", DiagnosticCodes.UnknownKey)]
    // initialization
    [InlineData(ProdProject, ProdProject + "\n    initialization: {project: {create: 1}}", "targets.prod.initialization.project.create", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, ProdProject + "\n    initialization: {environments: [{Name: x}]}", "targets.prod.initialization.environments[0].EnvironmentConfigurationName", DiagnosticCodes.Required)]
    [InlineData(ProdProject, ProdProject + "\n    initialization: {project: {userParameters: [{EnvironmentConfigurationName: x}]}}", "targets.prod.initialization.project.userParameters[0].parameters", DiagnosticCodes.Required)]
    [InlineData(ProdProject, ProdProject + "\n    initialization: {project: {userParameters: [{EnvironmentConfigurationName: x, parameters: [{name: a}]}]}}", "targets.prod.initialization.project.userParameters[0].parameters[0].value", DiagnosticCodes.Required)]
    [InlineData(ProdProject, ProdProject + "\n    initialization: {project: {create: true}, environment: []}", "targets.prod.initialization.environment", DiagnosticCodes.UnknownKey)]
    [InlineData(ProdProject, "project: {name: p, profile_name: A}\n    initialization: {project: {profileName: B}}", "targets.prod.initialization.project.profileName", DiagnosticCodes.Conflict)]
    // bundle_target_configuration
    [InlineData("directory: src}", "}", "targets.prod.bundle_target_configuration.storage.directory", DiagnosticCodes.Required)]
    [InlineData("{connectionName: default.s3_shared, directory: src}", "{directory: src}", "targets.prod.bundle_target_configuration.storage.connectionName", DiagnosticCodes.Required)]
    [InlineData("directory: src}", "directory: src}\n      catalog: {disable: no}", "targets.prod.bundle_target_configuration.catalog.disable", DiagnosticCodes.WrongType)]
    [InlineData("directory: src}", "directory: src}\n      catalog: {disabled: true}", "targets.prod.bundle_target_configuration.catalog.disabled", DiagnosticCodes.UnknownKey)]
    // target workflows, tests, environment variables
    [InlineData(ProdProject, ProdProject + "\n    workflows: [{parameters: {}}]", "targets.prod.workflows[0].workflowName", DiagnosticCodes.Required)]
    [InlineData(ProdProject, ProdProject + "\n    tests: {}", "targets.prod.tests.folder", DiagnosticCodes.Required)]
    [InlineData(ProdProject, ProdProject + "\n    tests: {folder: tests, pattern: '*'}", "targets.prod.tests.pattern", DiagnosticCodes.UnknownKey)]
    [InlineData(ProdProject, ProdProject + "\n    environment_variables: {S3-PREFIX: x}", "targets.prod.environment_variables.S3-PREFIX", DiagnosticCodes.Pattern)]
    [InlineData(ProdProject, ProdProject + "\n    environment_variables: {S3_PREFIX: {a: b}}", "targets.prod.environment_variables.S3_PREFIX", DiagnosticCodes.WrongType)]
    [InlineData(ProdProject, ProdProject + "\n    environment_variables: {S3_PREFIX: }", "targets.prod.environment_variables.S3_PREFIX", DiagnosticCodes.WrongType)]
    public void Rejects_manifest_breaking_a_schema_rule(string find, string replace, string path, string code)
    {
        AssertError(MinimalWith(find, replace), path, code);
    }

    [Fact]
    public void Missing_project_name_is_reported_in_file_line_column_path_form()
    {
        var yaml = MinimalWith(ProdProject, "project:\n      create: true");

        var error = AssertError(yaml, "targets.prod.project.name", DiagnosticCodes.Required);

        Assert.Equal("pipeline.yaml:13:7: targets.prod.project.name: required", error.ToString());
    }

    [Fact]
    public void Unknown_key_suggests_the_nearest_known_key()
    {
        var error = AssertError(MinimalWith("    bundle_target_configuration:", "    bundle_target_configuraton:"),
            "targets.prod.bundle_target_configuraton", DiagnosticCodes.UnknownKey);

        Assert.Contains("did you mean 'bundle_target_configuration'?", error.Message);
    }

    [Fact]
    public void Unknown_key_far_from_every_known_key_lists_the_allowed_ones()
    {
        var error = AssertError(MinimalWith("pipelineName: Minimal", "pipelineName: Minimal\nxyzzy: 1"), "xyzzy", DiagnosticCodes.UnknownKey);

        Assert.Contains("allowed: pipelineName, bundleName", error.Message);
    }

    [Fact]
    public void Number_where_a_string_is_expected_says_to_quote_it()
    {
        var error = AssertError(MinimalWith("project: {name: dev-project}", "project: {name: 2024}"), "targets.dev.project.name", DiagnosticCodes.WrongType);

        Assert.Contains("quote it", error.Message);
    }

    [Fact]
    public void Reports_every_error_in_one_load()
    {
        var yaml = MinimalWith("pipelineName: Minimal", "pipelineName: 'bad name'\nbundel: {}")
            .Replace("project: {name: prod-project, create: true}", "project: {create: true}", StringComparison.Ordinal);

        var result = Load(yaml);

        Assert.Equal(
            ["pipelineName", "bundel", "targets.prod.project.name"],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Diagnostics_are_sorted_by_position()
    {
        var yaml = MinimalWith("project: {name: dev-project}", "project: {name: ''}")
            .Replace("pipelineName: Minimal", "pipelineName: ''", StringComparison.Ordinal);

        var lines = Load(yaml).Diagnostics.Select(d => d.Line).ToList();

        Assert.Equal(lines.Order(), lines);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void Missing_name_says_either_pipeline_name_or_bundle_name_will_do()
    {
        var error = AssertError(MinimalWith("pipelineName: Minimal\n", ""), "pipelineName", DiagnosticCodes.Required);

        Assert.Equal("required (or its later name 'bundleName')", error.Message);
    }
}
