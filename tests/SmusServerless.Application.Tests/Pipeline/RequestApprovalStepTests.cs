using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

public sealed class RequestApprovalStepTests
{
    private readonly PipelineWorld _world = new();

    [Fact]
    public async Task The_request_shows_the_change_set_deploy_writes()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        var first = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);
        await _world.Deploy().RunAsync(new DeployInput(Samples.Run(first, "run-0"), Samples.Target(), Samples.Project(), 0), CancellationToken.None);
        var next = await _world.PublishBundleAsync("1.1.0", Samples.Manifest(),
            new Dictionary<string, string> { ["src/a.sql"] = "select 1", ["src/b.sql"] = "select 22", ["src/c.sql"] = "select 3", ["workflows/next.py"] = "dag = 2" });

        var requested = await _world.RequestApproval().RunAsync(new GateInput("token", "arn:exec", Samples.Run(next), Samples.Target()), CancellationToken.None);

        var (request, token) = Assert.Single(_world.Gate.Requests);
        Assert.Equal("token", token);
        Assert.Equal(["storage/src/c.sql", "workflows/next.py"], request.Files.Added);
        Assert.Equal(["storage/src/b.sql"], request.Files.Changed);
        Assert.Equal(["workflows/dag.py"], request.Files.Removed);
        Assert.Equal("run-1.dev", requested.Request.ApprovalId);
    }

    [Fact]
    public async Task Before_the_first_provisioning_every_deployed_file_is_added()
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(createProd: true), Samples.Files);

        await _world.RequestApproval().RunAsync(new GateInput("token", "arn:exec", Samples.Run(bundle), Samples.Target("prod", "PROD", "prod-demo", create: true)), CancellationToken.None);

        var (request, _) = Assert.Single(_world.Gate.Requests);
        Assert.Equal(["storage/src/a.sql", "storage/src/b.sql", "workflows/dag.py"], request.Files.Added);
        Assert.Empty(request.Files.Changed);
    }

    [Fact]
    public async Task Targets_this_run_deployed_before_carry_their_outcome()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);
        await _world.Deploy().RunAsync(new DeployInput(Samples.Run(bundle), Samples.Target(), Samples.Project(), 0), CancellationToken.None);

        await _world.RequestApproval().RunAsync(new GateInput("token", "arn:exec", Samples.Run(bundle), Samples.Target("prod", "PROD", "prod-demo")), CancellationToken.None);

        var result = Assert.Single(Assert.Single(_world.Gate.Requests).Request.PreviousTestResults);
        Assert.Equal(("dev", "deployed, no tests"), (result.Target, result.Outcome));
    }

    [Fact]
    public async Task A_project_without_its_connection_yet_is_shown_as_not_set_up()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        _world.Catalog.Connections.Clear();
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);

        await _world.RequestApproval().RunAsync(new GateInput("token", "arn:exec", Samples.Run(bundle), Samples.Target()), CancellationToken.None);

        Assert.Equal(3, Assert.Single(_world.Gate.Requests).Request.Files.Added.Count);
    }

    [Fact]
    public async Task An_ambiguous_domain_fails_the_request()
    {
        _world.Catalog.Domains.Add(new("dzd_other", "corp"));
        var bundle = await _world.PublishBundleAsync("1.0.0", Samples.Manifest(), Samples.Files);

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() =>
            _world.RequestApproval().RunAsync(new GateInput("token", "arn:exec", Samples.Run(bundle), Samples.Target(domainId: null)), CancellationToken.None));

        Assert.Equal(PipelineErrors.DomainAmbiguous, failure.Error);
        Assert.Empty(_world.Gate.Requests);
    }
}
