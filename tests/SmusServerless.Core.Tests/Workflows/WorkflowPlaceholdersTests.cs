using SmusServerless.Core.Workflows;

namespace SmusServerless.Core.Tests.Workflows;

public class WorkflowPlaceholdersTests
{
    private static readonly PlaceholderValues Values = new(
        "test",
        new Dictionary<string, string> { ["S3_PREFIX"] = "data/test", ["MODE"] = "full" },
        "prj_1", "test-project", "dzd_1", "corp", "eu-west-1",
        "arn:aws:iam::123456789012:role/datazone_usr_role_prj_1", null,
        [
            new PlaceholderConnection("default.s3_shared", new Dictionary<string, string> { ["s3Uri"] = "s3://shared-bucket/dzd_1/prj_1/shared/" }),
            new PlaceholderConnection("default.s3", new Dictionary<string, string> { ["s3Uri"] = "s3://other/" }),
            new PlaceholderConnection("mlflow", new Dictionary<string, string> { ["trackingServerArn"] = "arn:aws:sagemaker:eu-west-1:123456789012:mlflow-tracking-server/tracker" }),
            new PlaceholderConnection("athena", new Dictionary<string, string> { ["workgroupName"] = "wg" }),
        ]);

    [Theory]
    [InlineData("{env.S3_PREFIX}", "data/test")]
    [InlineData("{stage.name}", "test")]
    [InlineData("{proj.id}", "prj_1")]
    [InlineData("{proj.name}", "test-project")]
    [InlineData("{proj.domain_id}", "dzd_1")]
    [InlineData("{proj.iam_role}", "arn:aws:iam::123456789012:role/datazone_usr_role_prj_1")]
    [InlineData("{proj.iam_role_arn}", "arn:aws:iam::123456789012:role/datazone_usr_role_prj_1")]
    [InlineData("{proj.iam_role_name}", "datazone_usr_role_prj_1")]
    [InlineData("{proj.kms_key_arn}", "")]
    [InlineData("{domain.id}", "dzd_1")]
    [InlineData("{domain.name}", "corp")]
    [InlineData("{domain.region}", "eu-west-1")]
    [InlineData("{proj.connection.default.s3_shared.s3Uri}", "s3://shared-bucket/dzd_1/prj_1/shared/")]
    [InlineData("{proj.connection.default.s3_shared.bucket}", "shared-bucket")]
    [InlineData("{proj.connection.default.s3_shared.bucket_name}", "shared-bucket")]
    [InlineData("{proj.connection.default.s3.s3Uri}", "s3://other/")]
    [InlineData("{proj.connection.mlflow.trackingServerName}", "tracker")]
    [InlineData("{proj.connection.athena.workgroupName}", "wg")]
    public void Fills_each_placeholder(string placeholder, string expected)
    {
        var result = WorkflowPlaceholders.Resolve("workflows/x.yaml", $"value: {placeholder}", Values);

        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        Assert.Equal($"value: {expected}", result.Text);
    }

    [Theory]
    [InlineData("{{ ds }} {{ params.x }}")]
    [InlineData("{\"json\": 1} {other.x} ${S3_PREFIX} {env}")]
    public void Leaves_other_braces_as_written(string text)
    {
        var result = WorkflowPlaceholders.Resolve("workflows/x.yaml", text, Values);

        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("{proj.owner}", "unknown placeholder")]
    [InlineData("{domain.arn}", "unknown placeholder")]
    [InlineData("{stage.id}", "unknown placeholder")]
    [InlineData("{env.MISSING}", "no environment variable 'MISSING'")]
    [InlineData("{proj.connection.nope.s3Uri}", "no connection")]
    [InlineData("{proj.connection.athena.s3Uri}", "connection 'athena' has no property 's3Uri'")]
    [InlineData("{proj.connection.athena}", "is a connection, not a value")]
    public void Refuses_an_unknown_placeholder_naming_file_line_and_column(string placeholder, string message)
    {
        var result = WorkflowPlaceholders.Resolve("workflows/x.yaml", $"a: 1\nb:\n  c: x-{placeholder}\n", Values);

        Assert.Null(result.Text);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, 8), (problem.Line, problem.Column));
        Assert.Contains(message, problem.Message);
        Assert.StartsWith("workflows/x.yaml:3:8: " + placeholder, problem.ToString());
    }

    [Fact]
    public void Reports_every_unknown_placeholder_at_once()
    {
        var result = WorkflowPlaceholders.Resolve("w.yaml", "{proj.a}\n{env.B} {env.S3_PREFIX} {domain.c}", Values);

        Assert.Equal([(1, 1), (2, 1), (2, 25)], result.Problems.Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public void Env_never_comes_from_the_process_environment()
    {
        var name = "SMUS_PLACEHOLDER_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "leaked");
        try
        {
            var noVariables = Values with { Environment = new Dictionary<string, string>() };

            var result = WorkflowPlaceholders.Resolve("w.yaml", $"{{env.{name}}} {{env.PATH}}", noVariables);

            Assert.Null(result.Text);
            Assert.Equal(2, result.Problems.Count);
            Assert.All(result.Problems, p => Assert.Contains("has no environment_variables", p.Message));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_project_without_a_user_role_cannot_fill_the_role()
    {
        var result = WorkflowPlaceholders.Resolve("w.yaml", "{proj.iam_role_arn}", Values with { IamRoleArn = null });

        Assert.Contains("has no user role", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Locates_a_workflow_by_its_top_level_key_or_dag_id_and_no_other_file()
    {
        (string, string)[] files =
        [
            ("storage/code/notes.yaml", "title: {env.S3_PREFIX}\n"),
            ("storage/code/workflows/b.yaml", "etl:\n  dag_id: etl\n  tasks: {}\n"),
            ("storage/code/workflows/a.yml", "other:\n  dag_id: reporting\n  tasks: {}\n"),
            ("storage/code/workflows/c.yaml", "etl:\n  dag_id: etl\n"),
            ("storage/code/manifest.yaml", "applicationName: etl\ncontent: {}\netl: {}\n"),
            ("storage/code/broken.yaml", "etl: [\n"),
        ];

        var located = WorkflowPlaceholders.Locate(["etl", "reporting", "absent"], files);

        Assert.Equal(["storage/code/workflows/a.yml", "storage/code/workflows/b.yaml"], located);
    }
}
