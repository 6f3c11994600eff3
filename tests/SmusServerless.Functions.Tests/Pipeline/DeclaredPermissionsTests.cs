using System.Text.Json;
using NSubstitute;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Core.Pipeline;
using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Pipeline.Steps;
using SmusServerless.Application.Ports;
using SmusServerless.Functions.Pipeline;

namespace SmusServerless.Functions.Tests.Pipeline;

/// <summary>
/// Keeps <see cref="FunctionPermissions"/> honest: each handler runs through its usual paths with its calls on S3,
/// DataZone, Step Functions and EventBridge recorded, and every IAM action those calls need must be declared for it
/// (template.yaml's policies are checked against the declarations in the template tests).
/// </summary>
public sealed class DeclaredPermissionsTests : IDisposable
{
    private readonly HandlerHarness _harness = new();
    private BundleReference _bundle = null!;

    private static readonly Dictionary<string, string> Version1 = new()
    {
        ["src/etl.py"] = "print('v1')",
        ["src/old.sql"] = "select 1",
        ["workflows/dags/daily.py"] = "dag = 1",
    };

    public DeclaredPermissionsTests()
    {
        var dataZone = _harness.World.DataZone;
        dataZone.ListDomainsAsync(Arg.Any<ListDomainsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListDomainsOutput { Items = [new DomainSummary { Id = "dzd_corp", Name = "corp", Status = "AVAILABLE" }] });
        dataZone.GetDomainAsync(Arg.Any<GetDomainInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetDomainOutput { Id = "dzd_corp", Status = "AVAILABLE" });
        dataZone.ListProjectProfilesAsync(Arg.Any<ListProjectProfilesInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectProfilesOutput { Items = [new ProjectProfileSummary { Id = "pp_all", Name = "All capabilities", DomainId = "dzd_corp", CreatedBy = "x" }] });
        dataZone.ListConnectionsAsync(Arg.Any<ListConnectionsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListConnectionsOutput
            {
                Items =
                [
                    new ConnectionSummary
                    {
                        ConnectionId = "c1", DomainId = "dzd_corp", DomainUnitId = "u", Name = "default.s3_shared", Type = "S3", PhysicalEndpoints = [],
                        Props = new ConnectionPropertiesOutput { S3Properties = new S3PropertiesOutput { S3Uri = $"s3://{PipelineFixture.ProjectBucket}/shared/" } },
                    },
                ],
            });
        dataZone.GetProjectAsync(Arg.Any<GetProjectInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetProjectOutput { Id = "prj_dev-demo", Name = "dev-demo", DomainId = "dzd_corp", CreatedBy = "x", ProjectStatus = "ACTIVE" });
        dataZone.ListEnvironmentsAsync(Arg.Any<ListEnvironmentsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListEnvironmentsOutput { Items = [] });
        _harness.StepFunctions.StartExecutionAsync(Arg.Any<StartExecutionInput>(), Arg.Any<CancellationToken>())
            .Returns(new StartExecutionOutput { ExecutionArn = "arn:aws:states:us-east-1:111122223333:execution:sm:x" });
    }

    private async Task PublishAsync(bool createProd = false) =>
        _bundle = await _harness.World.PublishBundleAsync("1.0.0", SampleManifests.Demo(createProd: createProd), Version1, SampleManifests.Rules);

    private RunContext Run => Runs.For(_bundle);

    /// <summary>Runs the handler and returns the actions its calls needed that are not declared for it.</summary>
    private async Task<IReadOnlyList<IamGrant>> UndeclaredAsync(string handler, string payload, bool mayFail = false)
    {
        _harness.StartObserving();
        var result = await _harness.InvokeAsync(handler, payload);
        Assert.True(mayFail || result.Error is null, $"{handler} failed: {result.Error?.ErrorType}: {result.Error?.ErrorMessage}");
        var observed = _harness.ObservedGrants();
        Assert.NotEmpty(observed);
        var declared = FunctionPermissions.ByHandler[handler];
        // S3 calls show which bucket they were on; for the other services only the action is observable here.
        return [.. observed.Where(grant => !declared.Any(d => d.Action == grant.Action && (d.Resource == grant.Resource || !grant.Action.StartsWith("s3:", StringComparison.Ordinal))))];
    }

    private async Task<DeploymentSummary> DeployAsync()
    {
        var response = await _harness.InvokeSucceedingAsync("deploy",
            JsonSerializer.Serialize(new DeployInput(Run, Runs.Target(), Runs.Project(), 0), PipelineJsonContext.Default.DeployInput));
        return response.GetProperty("deployment").Deserialize(PipelineJsonContext.Default.DeploymentSummary)!;
    }

    [Fact]
    public void Every_pipeline_handler_declares_its_permissions()
    {
        Assert.Equal(PipelineFunctions.Names.Order(StringComparer.Ordinal), FunctionPermissions.ByHandler.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Start_calls_only_what_it_declares()
    {
        _harness.World.Settings = _harness.World.Settings with { BundlesBucket = "smus-serverless-bundlesbucket-example" };

        Assert.Empty(await UndeclaredAsync("start", SampleEvents.Text("s3-bundle-uploaded.json")));
    }

    [Fact]
    public async Task Resolve_calls_only_what_it_declares()
    {
        await PublishAsync();
        var input = new ResolveInput(new ExecutionRequest(_bundle, null, null, "s3"), "arn:aws:states:us-east-1:111122223333:execution:sm:run-1", null);

        Assert.Empty(await UndeclaredAsync("resolve", JsonSerializer.Serialize(input, PipelineJsonContext.Default.ResolveInput)));
    }

    [Fact]
    public async Task Provision_creating_a_project_calls_only_what_it_declares()
    {
        await PublishAsync(createProd: true);
        _harness.World.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectsOutput { Items = [] });
        var input = new ProvisionInput(Run, Runs.Target("prod", "PROD", "prod-demo", create: true, domainId: null), 0);

        Assert.Empty(await UndeclaredAsync("provision", JsonSerializer.Serialize(input, PipelineJsonContext.Default.ProvisionInput)));
    }

    [Fact]
    public async Task Provision_of_an_active_project_calls_only_what_it_declares()
    {
        await PublishAsync();
        _harness.World.DataZone.ListProjectsAsync(Arg.Any<ListProjectsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListProjectsOutput { Items = [new ProjectSummary { Id = "prj_dev-demo", Name = "dev-demo", DomainId = "dzd_corp", CreatedBy = "x" }] });
        var input = new ProvisionInput(Run, Runs.Target(), 0);

        Assert.Empty(await UndeclaredAsync("provision", JsonSerializer.Serialize(input, PipelineJsonContext.Default.ProvisionInput)));
    }

    [Fact]
    public async Task Subscribe_without_catalog_assets_calls_only_what_it_declares()
    {
        await PublishAsync();
        var input = new SubscribeInput(Run, Runs.Target(), Runs.Project(), 0, []);

        Assert.Empty(await UndeclaredAsync("subscribe", JsonSerializer.Serialize(input, PipelineJsonContext.Default.SubscribeInput)));
    }

    [Fact]
    public async Task Subscribe_requesting_an_asset_until_granted_calls_only_what_it_declares()
    {
        var manifest = SampleManifests.Demo().Replace("bundle:\n", "bundle:\n  catalog:\n    assets:\n      - selector: {assetId: asset_1}\n        permission: READ\n", StringComparison.Ordinal);
        _bundle = await _harness.World.PublishBundleAsync("1.0.0", manifest, Version1, SampleManifests.Rules);
        var dataZone = _harness.World.DataZone;
        dataZone.SearchListingsAsync(Arg.Any<SearchListingsInput>(), Arg.Any<CancellationToken>())
            .Returns(new SearchListingsOutput { Items = [new SearchResultItem { AssetListing = new AssetListingItem { ListingId = "ls_1", Name = "countries", EntityId = "asset_1" } }] });
        dataZone.ListSubscriptionsAsync(Arg.Any<ListSubscriptionsInput>(), Arg.Any<CancellationToken>()).Returns(new ListSubscriptionsOutput { Items = [] });
        dataZone.ListSubscriptionRequestsAsync(Arg.Any<ListSubscriptionRequestsInput>(), Arg.Any<CancellationToken>()).Returns(new ListSubscriptionRequestsOutput { Items = [] });
        dataZone.CreateSubscriptionRequestAsync(Arg.Any<CreateSubscriptionRequestInput>(), Arg.Any<CancellationToken>()).Returns(new CreateSubscriptionRequestOutput { Id = "sr_1" });
        dataZone.GetSubscriptionRequestDetailsAsync(Arg.Any<GetSubscriptionRequestDetailsInput>(), Arg.Any<CancellationToken>())
            .Returns(new GetSubscriptionRequestDetailsOutput { Id = "sr_1", Status = "ACCEPTED", ExistingSubscriptionId = "sub_1" });
        dataZone.ListSubscriptionGrantsAsync(Arg.Any<ListSubscriptionGrantsInput>(), Arg.Any<CancellationToken>())
            .Returns(new ListSubscriptionGrantsOutput { Items = [new SubscriptionGrantSummary { Id = "g_1", Status = "COMPLETED" }] });
        var input = new SubscribeInput(Run, Runs.Target(), Runs.Project(), 0, []);

        Assert.Empty(await UndeclaredAsync("subscribe", JsonSerializer.Serialize(input, PipelineJsonContext.Default.SubscribeInput)));
        await dataZone.Received(1).CreateSubscriptionRequestAsync(Arg.Any<CreateSubscriptionRequestInput>(), Arg.Any<CancellationToken>());
        await dataZone.Received(1).ListSubscriptionGrantsAsync(Arg.Any<ListSubscriptionGrantsInput>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Deploy_first_and_again_with_files_to_prune_calls_only_what_it_declares()
    {
        await PublishAsync();
        var input = JsonSerializer.Serialize(new DeployInput(Run, Runs.Target(), Runs.Project(), 0), PipelineJsonContext.Default.DeployInput);
        Assert.Empty(await UndeclaredAsync("deploy", input));

        var smaller = new Dictionary<string, string>(Version1);
        smaller.Remove("src/old.sql");
        smaller["src/etl.py"] = "print('v2')";
        var second = await _harness.World.PublishBundleAsync("2.0.0", SampleManifests.Demo(), smaller, SampleManifests.Rules);
        var again = JsonSerializer.Serialize(new DeployInput(Runs.For(second, "run-2", "2.0.0"), Runs.Target(), Runs.Project(), 0), PipelineJsonContext.Default.DeployInput);

        Assert.Empty(await UndeclaredAsync("deploy", again));
        Assert.Contains(_harness.Objects.Calls, call => call.Call == Aws.S3.ObjectStoreCall.Delete && call.Bucket == PipelineFixture.ProjectBucket);
    }

    [Fact]
    public async Task Verify_calls_only_what_it_declares()
    {
        await PublishAsync();
        var deployment = await DeployAsync();
        var input = new VerifyInput(Run, Runs.Target(), Runs.Project(), [], deployment);

        Assert.Empty(await UndeclaredAsync("verify", JsonSerializer.Serialize(input, PipelineJsonContext.Default.VerifyInput)));
    }

    [Fact]
    public async Task Record_tests_with_and_without_a_report_calls_only_what_it_declares()
    {
        await PublishAsync();
        var deployment = await DeployAsync();
        var input = JsonSerializer.Serialize(new RecordTestsInput(Run, Runs.Target(), deployment, null, null), PipelineJsonContext.Default.RecordTestsInput);
        Assert.Empty(await UndeclaredAsync("record-tests", input, mayFail: true));

        await _harness.World.Store.PutAsync(PipelineFixture.StateBucket, StateKeys.TestReport("test-reports/", "demo", "dev", Run.RunId),
            new MemoryStream("""<testsuite tests="2" failures="0" errors="0" skipped="0"/>"""u8.ToArray()), Core.Storage.PutOptions.Default, CancellationToken.None);
        Assert.Empty(await UndeclaredAsync("record-tests", input));
    }

    [Theory]
    [InlineData("complete-target.json")]
    [InlineData("complete-run.json")]
    [InlineData("report-failure.json")]
    public async Task Completion_and_failure_reports_call_only_what_they_declare(string sample)
    {
        Assert.Empty(await UndeclaredAsync(SampleEvents.HandlerOf(sample), SampleEvents.Text(sample)));
    }

    public void Dispose() => _harness.Dispose();
}
