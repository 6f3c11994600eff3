using SmusServerless.Core.Pipeline;
using SmusServerless.Core.Storage;

namespace SmusServerless.Core.Tests.Pipeline;

public sealed class DeploymentLayoutTests
{
    private static readonly ResolvedDestination[] Destinations =
    [
        new(DeploymentLayout.StorageArea, S3Uri.Parse("s3://project-bucket/shared/"), "src"),
        new(DeploymentLayout.WorkflowsArea, S3Uri.Parse("s3://project-bucket/shared"), "workflows"),
    ];

    [Fact]
    public void Storage_files_go_under_the_connection_and_directory()
    {
        Assert.Equal("s3://project-bucket/shared/src/src/etl.py", DeploymentLayout.Destination("storage/src/etl.py", Destinations)!.ToString());
    }

    [Fact]
    public void Workflow_files_go_under_the_workflows_directory()
    {
        Assert.Equal("s3://project-bucket/shared/workflows/dags/a.py", DeploymentLayout.Destination("workflows/dags/a.py", Destinations)!.ToString());
    }

    [Theory]
    [InlineData("pipeline.yaml")]
    [InlineData("bundle.json")]
    [InlineData("tests/test_a.py")]
    public void Files_outside_a_configured_area_are_not_deployed(string path)
    {
        Assert.Null(DeploymentLayout.Destination(path, Destinations));
    }

    [Fact]
    public void Area_without_a_destination_is_not_deployed()
    {
        Assert.Null(DeploymentLayout.Destination("workflows/dags/a.py", [Destinations[0]]));
    }
}
