using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class ProvisionStepTests
{
    private readonly PipelineWorld _world = new();

    private async Task<ProvisionResult> ProvisionAsync(PlannedTarget target, bool createProd = false)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(createProd), Samples.Files);
        return await _world.Provision().RunAsync(new ProvisionInput(Samples.Run(bundle), target, 0), CancellationToken.None);
    }

    [Fact]
    public async Task An_active_project_is_ready()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));

        var result = await ProvisionAsync(Samples.Target());

        Assert.Equal((StepProgress.ReadyStatus, "prj_dev-demo"), (result.Status, result.Project?.ProjectId));
    }

    [Fact]
    public async Task A_missing_domain_fails_when_the_stack_may_not_create_one()
    {
        _world.Catalog.Domains.Clear();

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target(domainId: null)));

        Assert.Equal(PipelineErrors.DomainNotFound, failure.Error);
    }

    [Fact]
    public async Task A_missing_domain_is_created_and_waited_for_when_allowed()
    {
        _world.Catalog.Domains.Clear();
        _world.DomainCreation = new DomainCreationPolicy(true, "arn:aws:iam::111122223333:role/dz");

        var result = await ProvisionAsync(Samples.Target(domainId: null));

        Assert.Equal(StepProgress.WaitStatus, result.Status);
        Assert.Equal("corp", Assert.Single(_world.Catalog.CreatedDomains).Name);
    }

    [Fact]
    public async Task Two_domains_of_one_name_are_ambiguous()
    {
        _world.Catalog.Domains.Add(new CatalogDomain("dzd_other", "corp"));

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target(domainId: null)));

        Assert.Equal(PipelineErrors.DomainAmbiguous, failure.Error);
    }

    [Fact]
    public async Task A_domain_that_failed_cannot_take_deployments()
    {
        _world.Catalog.DomainStatus["dzd_corp"] = new CatalogDomainStatus(DomainState.Unusable, "CREATION_FAILED");

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target()));

        Assert.Equal(PipelineErrors.DomainCreationFailed, failure.Error);
        Assert.Contains("CREATION_FAILED", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_project_the_manifest_does_not_create_fails()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target()));

        Assert.Equal(PipelineErrors.ProjectNotFound, failure.Error);
    }

    [Fact]
    public async Task A_missing_project_is_created_from_its_profile_and_waited_for()
    {
        var result = await ProvisionAsync(Samples.Target("prod", "PROD", "prod-demo", create: true), createProd: true);

        Assert.Equal(StepProgress.WaitStatus, result.Status);
        Assert.Equal(("prod-demo", "prof_all"), (Assert.Single(_world.Catalog.CreatedProjects).Name, _world.Catalog.CreatedProjects[0].ProfileId));
    }

    [Fact]
    public async Task A_project_another_run_created_first_is_waited_for()
    {
        _world.Catalog.CreateAnswer = CreateOutcome.AlreadyExists;

        var result = await ProvisionAsync(Samples.Target("prod", "PROD", "prod-demo", create: true), createProd: true);

        Assert.Equal(StepProgress.WaitStatus, result.Status);
    }

    [Fact]
    public async Task A_missing_profile_fails()
    {
        _world.Catalog.Profiles.Clear();

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target("prod", "PROD", "prod-demo", create: true), createProd: true));

        Assert.Equal(PipelineErrors.ProfileNotFound, failure.Error);
    }

    [Fact]
    public async Task A_failed_project_fails_with_its_status_and_reasons()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo", ProjectState.Failed, "UPDATE_FAILED") with { FailureReasons = ["E1: broken"] });

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target()));

        Assert.Equal(PipelineErrors.ProjectFailed, failure.Error);
        Assert.Contains("is UPDATE_FAILED: E1: broken", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_environment_deployment_fails_the_project()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo", deployment: EnvironmentDeploymentState.Failed, deploymentStatus: "FAILED_DEPLOYMENT"));

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync(Samples.Target()));

        Assert.Contains("environment deployment FAILED_DEPLOYMENT", failure.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProjectState.Changing, EnvironmentDeploymentState.None)]
    [InlineData(ProjectState.Active, EnvironmentDeploymentState.InProgress)]
    public async Task A_project_still_changing_is_waited_for(ProjectState state, EnvironmentDeploymentState deployment)
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo", state, "UPDATING", deployment));

        var result = await ProvisionAsync(Samples.Target());

        Assert.Equal(StepProgress.WaitStatus, result.Status);
    }
}
