using SmusServerless.Core.Manifest;

namespace SmusServerless.Core.Tests.Manifest;

/// <summary>
/// Every YAML snippet of smus-cli's docs (copied under Data/smus-cli-docs, see its README) loads with exactly the
/// errors listed here, or is not manifest text. Fragments are wrapped into a minimal manifest (see
/// <see cref="DocSnippets.Wrap"/>). Where the docs disagree with smus-cli's source, the source (its schema check and
/// its handlers) decides, so many of the docs' own examples are refused, as smus-cli refuses them:
/// <list type="bullet">
/// <item>a stage needs <c>stage</c>, <c>domain</c> and <c>project</c>; <c>environment_variables</c> are strings;</item>
/// <item>no <c>bundlesDirectory</c>, <c>stageDirectory</c>, <c>user_parameters</c>, <c>dashboardId</c>, <c>permissions</c>,
/// <c>role.name</c>, <c>content.tests</c>, nor <c>engine</c>/<c>triggerPostDeployment</c>/<c>logging</c> in <c>content.workflows</c>;</item>
/// <item>a stage's <c>bootstrap</c> has only <c>actions</c>, and an action's type is a registered <c>service.action</c>
/// (no <c>eventbridge.*</c>, no connection types such as <c>SPARK_GLUE</c>);</item>
/// <item><c>${project.name}</c> is not a variable name (smus-cli looks it up in the environment and fails);</item>
/// <item>a key given twice is refused (smus-cli's YAML reader silently keeps the last one).</item>
/// </list>
/// </summary>
public class SmusCliDocSnippetTests
{
    private sealed record Expectation(SnippetShape Shape, IReadOnlyList<string> Errors, string? NotAManifest = null);

    private static Expectation Expect(SnippetShape shape, params string[] errors) => new(shape, errors);

    private static Expectation Other(string why) => new(SnippetShape.Other, [], why);

    private static readonly Dictionary<string, Expectation> Expectations = new(StringComparer.Ordinal)
    {
        ["architecture.00.yaml"] = Expect(SnippetShape.Manifest, "wrong-type@content.storage[0]", "wrong-type@content.git[0]", "wrong-type@content.workflows[0]", "required@stages.dev.domain", "required@stages.dev.project", "required@stages.dev.stage", "required@stages.test.domain", "required@stages.test.project", "required@stages.test.stage", "required@stages.test.bootstrap.actions[1].workflowName", "required@stages.prod.domain", "required@stages.prod.project", "required@stages.prod.stage"),
        ["architecture.01.yaml"] = Other("a stage's environment_variables next to a workflow file's tasks, not one document"),
        ["architecture.02.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.00.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@workflows", "required@stages.test.domain", "required@stages.test.project", "required@stages.test.stage", "required@stages.test.bootstrap.actions[0].connection_type", "unknown-content@stages.test.bootstrap.actions[1].workflowName"),
        ["bootstrap-actions.01.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.02.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.03.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.04.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.05.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.06.yaml"] = Expect(SnippetShape.StageBody),
        ["bootstrap-actions.07.yaml"] = Expect(SnippetShape.StageBody, "duplicate-key@stages.dev.bootstrap", "duplicate-key@stages.dev.bootstrap", "duplicate-key@stages.dev.bootstrap"),
        ["bootstrap-actions.08.yaml"] = Expect(SnippetShape.Manifest, "enum@bootstrap.actions[0].type", "malformed-variable@bootstrap.actions[0].detail.deployedBy", "malformed-variable@bootstrap.actions[0].detail.projectName", "malformed-variable@bootstrap.actions[0].detail.region", "required@stages.dev.stage"),
        ["bootstrap-actions.09.yaml"] = Expect(SnippetShape.StageBody, "unknown-action@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.appName", "malformed-variable@stages.dev.bootstrap.actions[0].detail.metadata.project", "malformed-variable@stages.dev.bootstrap.actions[0].detail.metadata.region", "malformed-variable@stages.dev.bootstrap.actions[0].detail.tags[0]", "malformed-variable@stages.dev.bootstrap.actions[0].detail.message"),
        ["bootstrap-actions.10.yaml"] = Expect(SnippetShape.StageBody, "unknown-action@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.application"),
        ["bootstrap-actions.11.yaml"] = Expect(SnippetShape.StageBody, "unknown-action@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.app"),
        ["bootstrap-actions.12.yaml"] = Expect(SnippetShape.StageBody, "unknown-action@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.application", "malformed-variable@stages.dev.bootstrap.actions[0].detail.region"),
        ["bootstrap-actions.13.yaml"] = Expect(SnippetShape.StageBody, "unknown-action@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.application", "unknown-action@stages.dev.bootstrap.actions[1].type", "malformed-variable@stages.dev.bootstrap.actions[1].detail.project", "malformed-variable@stages.dev.bootstrap.actions[1].detail.region"),
        ["cli-commands.00.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@bundlesDirectory"),
        ["cli-commands.01.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@bundlesDirectory"),
        ["cli-commands.02.yaml"] = Expect(SnippetShape.TopLevel),
        ["connections.00.yaml"] = Expect(SnippetShape.TopLevel, "required@stages.test.stage", "unknown-key@stages.test.bootstrap.project", "unknown-key@stages.test.bootstrap.environments", "unknown-key@stages.test.bootstrap.connections"),
        ["connections.01.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.02.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.03.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.04.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.05.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.06.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.07.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.08.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.09.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.10.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.11.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.12.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.13.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.14.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.15.yaml"] = Expect(SnippetShape.TopLevel, "yaml-syntax@content.workflows[1]"),
        ["connections.16.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["connections.17.yaml"] = Expect(SnippetShape.TopLevel, "required@content.workflows[0].connectionName", "unknown-key@content.workflows[0].engine", "unknown-key@content.workflows[0].triggerPostDeployment"),
        ["connections.18.yaml"] = Expect(SnippetShape.Manifest, "required@stages.test.stage", "unknown-key@stages.test.bootstrap.project", "unknown-key@stages.test.bootstrap.environments", "unknown-key@stages.test.bootstrap.connections"),
        ["connections.19.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.20.yaml"] = Other("connection properties shown alone"),
        ["connections.21.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["connections.22.yaml"] = Other("a list of connection names shown alone"),
        ["connections.23.yaml"] = Expect(SnippetShape.TopLevel, "required@stages.test.domain", "required@stages.test.project", "required@stages.test.stage", "unknown-key@stages.test.bootstrap.connections", "required@stages.prod.domain", "required@stages.prod.project", "required@stages.prod.stage", "unknown-key@stages.prod.bootstrap.connections"),
        ["github-actions-integration.00.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.01.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.02.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.03.yaml"] = Expect(SnippetShape.TopLevel),
        ["github-actions-integration.04.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.05.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.06.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.07.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.08.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.09.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.10.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.11.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.12.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.13.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.14.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.15.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.16.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.17.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.18.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.19.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.20.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["github-actions-integration.21.yaml"] = Other("GitHub Actions configuration, not manifest text"),
        ["manifest-schema.00.yaml"] = Expect(SnippetShape.Manifest, "required@stages"),
        ["manifest-schema.01.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type"),
        ["manifest-schema.02.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@stages.dev.project.role.name", "unknown-content@stages.dev.deployment_configuration.storage[0].name", "unknown-key@stages.dev.deployment_configuration.quicksight.permissions", "pattern@stages.dev.bootstrap.actions[0].type", "malformed-variable@stages.dev.bootstrap.actions[0].detail.application", "malformed-variable@stages.dev.bootstrap.actions[0].detail.stage", "malformed-variable@stages.dev.bootstrap.actions[0].detail.project", "malformed-variable@stages.dev.bootstrap.actions[0].detail.region", "pattern@stages.dev.bootstrap.actions[1].type", "required@stages.dev.bootstrap.actions[2].connection_type", "required@stages.dev.bootstrap.actions[2].name"),
        ["manifest-schema.03.yaml"] = Expect(SnippetShape.Manifest, "required@stages.dev.stage"),
        ["manifest-schema.04.yaml"] = Expect(SnippetShape.Manifest, "required@stages.test.stage", "required@stages.prod.stage"),
        ["manifest-schema.05.yaml"] = Expect(SnippetShape.Manifest, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type", "required@stages.prod.stage"),
        ["manifest.00.yaml"] = Expect(SnippetShape.Manifest, "duplicate-key@content", "unknown-key@stages.test.deployment_configuration.storage[0].stageDirectory"),
        ["manifest.01.yaml"] = Expect(SnippetShape.Manifest, "unknown-key@bundlesDirectory", "duplicate-key@content", "unknown-content@stages.test.deployment_configuration.storage[0].name", "unknown-key@stages.test.deployment_configuration.storage[0].stageDirectory", "unknown-content@stages.test.deployment_configuration.storage[1].name", "unknown-key@stages.test.deployment_configuration.storage[1].stageDirectory", "wrong-type@stages.test.environment_variables.DEBUG_MODE", "wrong-type@stages.test.environment_variables.MAX_RETRIES", "duplicate-key@stages.test", "unknown-content@stages.prod.deployment_configuration.storage[0].name", "unknown-key@stages.prod.deployment_configuration.storage[0].stageDirectory", "unknown-content@stages.prod.deployment_configuration.storage[1].name", "unknown-key@stages.prod.deployment_configuration.storage[1].stageDirectory", "wrong-type@stages.prod.environment_variables.DEBUG_MODE", "wrong-type@stages.prod.environment_variables.MAX_RETRIES", "duplicate-key@content"),
        ["manifest.02.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@bundlesDirectory", "duplicate-key@bundlesDirectory"),
        ["manifest.03.yaml"] = Expect(SnippetShape.TopLevel),
        ["manifest.04.yaml"] = Expect(SnippetShape.TopLevel),
        ["manifest.05.yaml"] = Expect(SnippetShape.TopLevel),
        ["manifest.06.yaml"] = Expect(SnippetShape.TopLevel),
        ["manifest.07.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@stages.test.project.user_parameters"),
        ["manifest.08.yaml"] = Expect(SnippetShape.TopLevel, "unknown-content@stages.test.deployment_configuration.storage[0].name", "unknown-key@stages.test.deployment_configuration.storage[0].stageDirectory", "unknown-content@stages.test.deployment_configuration.storage[1].name", "unknown-key@stages.test.deployment_configuration.storage[1].stageDirectory", "required@stages.test.deployment_configuration.git[0].name", "required@stages.test.deployment_configuration.git[0].targetDirectory", "unknown-key@stages.test.deployment_configuration.git[0].stageDirectory"),
        ["manifest.09.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.workflows[0].engine", "unknown-key@content.workflows[0].triggerPostDeployment", "unknown-key@content.workflows[0].logging"),
        ["manifest.10.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.tests"),
        ["manifest.11.yaml"] = Expect(SnippetShape.StageBody),
        ["manifest.12.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.13.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.14.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.15.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.16.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.17.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.18.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.19.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.20.yaml"] = Other("a connection definition shown alone (name, type, properties): no manifest key takes this list"),
        ["manifest.21.yaml"] = Expect(SnippetShape.StageBody, "pattern@stages.dev.bootstrap.actions[2].type", "pattern@stages.dev.bootstrap.actions[3].type", "pattern@stages.dev.bootstrap.actions[4].type", "pattern@stages.dev.bootstrap.actions[5].type", "pattern@stages.dev.bootstrap.actions[6].type", "pattern@stages.dev.bootstrap.actions[7].type", "pattern@stages.dev.bootstrap.actions[8].type"),
        ["manifest.22.yaml"] = Expect(SnippetShape.Manifest, "required@stages.dev.stage"),
        ["manifest.23.yaml"] = Expect(SnippetShape.TopLevel),
        ["manifest.24.yaml"] = Expect(SnippetShape.TopLevel, "required@stages.dev.domain", "required@stages.dev.project", "required@stages.dev.stage", "wrong-type@stages.dev.environment_variables.DEBUG_MODE", "wrong-type@stages.dev.environment_variables.MAX_RETRIES", "required@stages.test.domain", "required@stages.test.project", "required@stages.test.stage", "wrong-type@stages.test.environment_variables.DEBUG_MODE", "wrong-type@stages.test.environment_variables.MAX_RETRIES"),
        ["manifest.25.yaml"] = Other("a workflow (DAG) file, not manifest text"),
        ["manifest.26.yaml"] = Other("a workflow file's parameter values, not manifest text"),
        ["manifest.27.yaml"] = Other("a workflow file's parameter values, not manifest text"),
        ["manifest.28.yaml"] = Other("a workflow file's parameter values, not manifest text"),
        ["manifest.29.yaml"] = Expect(SnippetShape.StageBody, "wrong-type@stages.dev.environment_variables.BOOLEAN_VAR", "wrong-type@stages.dev.environment_variables.NUMBER_VAR"),
        ["manifest.30.yaml"] = Expect(SnippetShape.Manifest, "required@stages.dev.stage", "wrong-type@stages.dev.environment_variables.DEBUG_MODE", "wrong-type@stages.dev.environment_variables.MAX_RETRIES"),
        ["manifest.31.yaml"] = Other("a workflow (DAG) file, not manifest text"),
        ["pipeline-deployment-metrics.00.yaml"] = Expect(SnippetShape.Manifest, "required@stages"),
        ["pipeline-deployment-metrics.01.yaml"] = Expect(SnippetShape.Manifest, "wrong-type@stages.prod"),
        ["quicksight-deployment.00.yaml"] = Expect(SnippetShape.Manifest, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type", "required@stages.dev.stage", "unknown-key@stages.dev.deployment_configuration.quicksight.permissions", "required@stages.prod.stage", "unknown-key@stages.prod.deployment_configuration.quicksight.permissions"),
        ["quicksight-deployment.01.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type", "required@stages.dev.domain", "required@stages.dev.project", "required@stages.dev.stage", "required@stages.prod.domain", "required@stages.prod.project", "required@stages.prod.stage"),
        ["quicksight-deployment.02.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type", "required@stages.dev.domain", "required@stages.dev.project", "required@stages.dev.stage", "unknown-key@stages.dev.deployment_configuration.quicksight.permissions", "required@stages.prod.domain", "required@stages.prod.project", "required@stages.prod.stage", "unknown-key@stages.prod.deployment_configuration.quicksight.permissions"),
        ["quicksight-deployment.03.yaml"] = Expect(SnippetShape.TopLevel, "unknown-key@content.quicksight[0].dashboardId", "required@content.quicksight[0].name", "required@content.quicksight[0].type", "required@stages.prod.domain", "required@stages.prod.project", "required@stages.prod.stage"),
        ["quicksight-deployment.04.yaml"] = Expect(SnippetShape.StageQuickSight),
        ["quicksight-deployment.05.yaml"] = Expect(SnippetShape.StageQuickSight),
        ["quicksight-deployment.06.yaml"] = Expect(SnippetShape.StageQuickSight),
        ["quicksight-deployment.07.yaml"] = Expect(SnippetShape.StageQuickSight),
        ["quicksight-deployment.08.yaml"] = Expect(SnippetShape.StageQuickSight, "unknown-key@stages.dev.deployment_configuration.quicksight.permissions"),
        ["quicksight-deployment.09.yaml"] = Expect(SnippetShape.StageQuickSight, "unknown-key@stages.dev.deployment_configuration.quicksight.permissions"),
        ["quicksight-deployment.10.yaml"] = Expect(SnippetShape.StageQuickSight, "unknown-key@stages.dev.deployment_configuration.quicksight.permissions"),
        ["substitutions-and-variables.00.yaml"] = Other("a placeholder shown alone, not YAML"),
        ["substitutions-and-variables.01.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["substitutions-and-variables.02.yaml"] = Other("a workflow file's tasks, not manifest text"),
        ["substitutions-and-variables.03.yaml"] = Expect(SnippetShape.TopLevel, "required@stages.dev.domain", "required@stages.dev.stage", "required@stages.test.domain", "required@stages.test.stage"),
    };

    public static TheoryData<string> ManifestSnippets { get; } =
        [.. Expectations.Where(e => e.Value.Shape != SnippetShape.Other).Select(e => e.Key)];

    [Theory]
    [MemberData(nameof(ManifestSnippets))]
    public void Doc_snippet_loads_with_exactly_the_errors_smus_cli_would_also_refuse_it_for(string name)
    {
        var expected = Expectations[name];

        var result = DocSnippets.Load(name, expected.Shape);

        Assert.Equal(expected.Errors.Order(StringComparer.Ordinal), result.Errors.Select(e => $"{e.Code}@{e.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_copied_doc_snippet_has_an_expectation()
    {
        Assert.Equal(DocSnippets.Names, Expectations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Snippets_left_out_say_why_they_are_not_manifest_text()
    {
        Assert.All(Expectations.Values.Where(e => e.Shape == SnippetShape.Other), e => Assert.False(string.IsNullOrWhiteSpace(e.NotAManifest)));
    }
}
