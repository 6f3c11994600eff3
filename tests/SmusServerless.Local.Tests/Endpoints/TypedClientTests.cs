using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Errors;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Http;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Local.DataZone;
using SmusServerless.Local.Endpoints;
using SmusServerless.Local.Endpoints.StepFunctions;
using SmusServerless.Local.StepFunctions;

namespace SmusServerless.Local.Tests.Endpoints;

/// <summary>
/// Our own typed clients (SigV4 signer, protocols) against the local endpoints (SigV4 verifier, simulator, ASL engine):
/// the same pairs that run offline pipelines, so a signing or wire bug on either side fails here.
/// </summary>
public sealed class TypedClientTests : IAsyncLifetime
{
    private const string Seed = """
        { "domains": [ { "name": "corp", "id": "dzd_corp0001",
            "projectProfiles": [ { "name": "All capabilities", "environmentConfigurations": [ { "name": "Tooling", "blueprint": "Tooling", "deploymentOrder": 0 } ] } ],
            "projects": [ { "name": "alpha", "profile": "All capabilities" }, { "name": "beta", "profile": "All capabilities" }, { "name": "gamma", "profile": "All capabilities" } ] } ] }
        """;

    private readonly string _state = Directory.CreateTempSubdirectory("smus-typed-").FullName;
    private LocalStepFunctions _engine = null!;
    private LocalAwsHost _host = null!;

    public async Task InitializeAsync()
    {
        _engine = new LocalStepFunctions(new LocalStepFunctionsOptions { StateDirectory = Path.Combine(_state, "sfn") });
        _host = await LocalAwsHost.StartAsync(new LocalAwsHostOptions
        {
            StateDirectory = Path.Combine(_state, "aws"),
            Seed = DataZoneSeed.Parse(Seed),
            StepFunctions = new LocalStepFunctionsBackend(_engine),
        });
    }

    private AwsClientOptions Options() =>
        AwsClientOptions.ForLocalEndpoint(_host.BaseUrl, _host.Credentials.AccessKeyId, _host.Credentials.SecretAccessKey, _host.Credentials.Region);

    [Fact]
    public async Task DataZone_client_lists_every_page_of_projects()
    {
        var client = new DataZoneClient(Options());
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListProjectsAsync(new ListProjectsInput { DomainIdentifier = "dzd_corp0001", MaxResults = 1, NextToken = token });
            names.AddRange(page.Items!.Select(p => p.Name!));
            token = page.NextToken;
        } while (token is not null);

        Assert.Equal(["alpha", "beta", "gamma"], names.Order());
    }

    [Fact]
    public async Task DataZone_client_gets_a_typed_not_found_error()
    {
        var client = new DataZoneClient(Options());
        var error = await Assert.ThrowsAsync<AwsNotFoundException>(() =>
            client.GetProjectAsync(new GetProjectInput { DomainIdentifier = "dzd_corp0001", Identifier = "nosuchproject1" }));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task Requests_signed_with_another_secret_are_refused()
    {
        var client = new DataZoneClient(AwsClientOptions.ForLocalEndpoint(_host.BaseUrl, _host.Credentials.AccessKeyId, "not-the-secret", _host.Credentials.Region));
        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.ListDomainsAsync(new ListDomainsInput()));
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public async Task Step_Functions_client_starts_and_describes_an_execution_of_the_local_engine()
    {
        var machine = _engine.CreateStateMachine("hello", """{"StartAt":"Say","States":{"Say":{"Type":"Pass","Result":{"hello":"world"},"End":true}}}""");
        var client = new StepFunctionsClient(Options());

        var started = await client.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine.StateMachineArn, Name = "run-1", Input = "{}" });
        await _engine.RunUntilIdleAsync();
        var described = await client.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = started.ExecutionArn });

        Assert.Equal("SUCCEEDED", described.Status);
        Assert.Equal("""{"hello":"world"}""", described.Output);
    }

    [Fact]
    public async Task Step_Functions_client_gets_the_modelled_error_for_an_unknown_task_token()
    {
        var client = new StepFunctionsClient(Options());
        var error = await Assert.ThrowsAnyAsync<AwsServiceException>(() =>
            client.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = "AAAAunknowntoken", Output = "{}" }));
        Assert.Contains(error.ErrorCode, new[] { "TaskDoesNotExist", "InvalidToken" });
    }

    [Fact]
    public async Task EventBridge_client_puts_events_that_the_local_bus_records()
    {
        var publisher = new EventBridgeBatchPublisher(new EventBridgeClient(Options()));
        var result = await publisher.PublishAsync([new PutEventsRequestEntry { Source = "smus.pipeline", DetailType = "Deployment Started", Detail = """{"pipeline":"demo"}""" }]);

        Assert.Empty(result.Failed);
        Assert.Contains(_host.Events.Log, e => e["detail-type"]?.GetValue<string>() == "Deployment Started");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }
}
