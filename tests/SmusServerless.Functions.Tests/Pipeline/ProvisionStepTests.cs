using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;


namespace SmusServerless.Functions.Tests.Pipeline;

public sealed class ProvisionStepTests : IDisposable
{
    private readonly PipelineFixture _world = new();

    public ProvisionStepTests()
    {
        _world.DataZone.GetDomainAsync(Arg.Any<GetDomainInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetDomainOutput { Id = "dzd_corp", Status = "AVAILABLE", DomainExecutionRole = "role" });
        _world.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectsOutput { Items = [] });
        _world.DataZone.ListProjectProfilesAsync(Arg.Any<ListProjectProfilesInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectProfilesOutput { Items = [new ProjectProfileSummary { Id = "pp_all", Name = "All capabilities", DomainId = "dzd_corp", CreatedBy = "x" }] });
    }

    private async Task<ProvisionResult> ProvisionProdAsync(bool create, string profile = "All capabilities")
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", SampleManifests.Demo(createProd: create, profile: profile),
            new Dictionary<string, string> { ["src/a.py"] = "a", ["workflows/dags/d.py"] = "d" }, SampleManifests.Rules);
        return await _world.Services().Provision().RunAsync(
            new ProvisionInput(Runs.For(bundle), Runs.Target("prod", "PROD", "prod-demo", create), 0), CancellationToken.None);
    }

    [Fact]
    public async Task Missing_project_that_may_not_be_created_ends_with_Project_NotFound()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionProdAsync(create: false));
        Assert.Equal(PipelineErrors.ProjectNotFound, failure.Error);
        Assert.Contains("prod-demo", failure.Cause);
        await _world.DataZone.DidNotReceiveWithAnyArgs().CreateProjectAsync(default!, default);
    }

    [Fact]
    public async Task Missing_project_that_may_be_created_is_created_with_its_profile_and_the_step_waits()
    {
        var result = await ProvisionProdAsync(create: true);

        Assert.Equal(StepProgress.WaitStatus, result.Status);
        Assert.Equal(1, result.Attempt);
        Assert.True(result.WaitSeconds > 0);
        await _world.DataZone.Received(1).CreateProjectAsync(
            Arg.Is<CreateProjectInput>(i => i.Name == "prod-demo" && i.ProjectProfileId == "pp_all" && i.DomainIdentifier == "dzd_corp"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Unknown_profile_ends_with_Profile_NotFound_and_creates_nothing()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionProdAsync(create: true, profile: "No such profile"));
        Assert.Equal(PipelineErrors.ProfileNotFound, failure.Error);
        await _world.DataZone.DidNotReceiveWithAnyArgs().CreateProjectAsync(default!, default);
    }

    [Fact]
    public async Task Active_existing_project_is_ready_and_nothing_is_created()
    {
        _world.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectsOutput { Items = [new ProjectSummary { Id = "prj_prod", Name = "prod-demo", DomainId = "dzd_corp", CreatedBy = "x" }] });
        _world.DataZone.GetProjectAsync(Arg.Any<GetProjectInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetProjectOutput { Id = "prj_prod", Name = "prod-demo", DomainId = "dzd_corp", CreatedBy = "x", ProjectStatus = "ACTIVE" });

        var result = await ProvisionProdAsync(create: true);

        Assert.Equal(StepProgress.ReadyStatus, result.Status);
        Assert.Equal(new ProjectReference("dzd_corp", "prj_prod", "prod-demo", "us-east-1"), result.Project);
        await _world.DataZone.DidNotReceiveWithAnyArgs().CreateProjectAsync(default!, default);
    }

    [Fact]
    public async Task Project_names_found_twice_are_an_ambiguity_not_a_guess()
    {
        _world.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(
                new ListProjectsOutput { Items = [new ProjectSummary { Id = "prj_1", Name = "prod-demo", DomainId = "d", CreatedBy = "x" }], NextToken = "page2" },
                new ListProjectsOutput { Items = [new ProjectSummary { Id = "prj_2", Name = "prod-demo", DomainId = "d", CreatedBy = "x" }] });

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionProdAsync(create: true));

        Assert.Equal(PipelineErrors.ProjectAmbiguous, failure.Error);
        Assert.Contains("prj_1", failure.Cause);
        Assert.Contains("prj_2", failure.Cause);
    }

    public void Dispose() => _world.Dispose();
}
