using SmusServerless.Local.Pipeline;
using SmusServerless.Testing;

namespace SmusServerless.Local.Tests.Pipeline;

public sealed class PipelineDefinitionTests
{
    [Fact]
    public void The_offline_run_carries_the_state_machine_the_template_deploys()
    {
        var deployed = File.ReadAllText(TestRepository.PathOf("statemachines", "deployment-pipeline.asl.json"));

        Assert.Equal(deployed, PipelineDefinition.Embedded);
    }
}
