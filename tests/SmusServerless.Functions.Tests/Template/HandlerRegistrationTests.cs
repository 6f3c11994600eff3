using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Core.Approvals;
using SmusServerless.Functions.Approvals;
using SmusServerless.Functions.Hosting;
using SmusServerless.Runtime;
using SmusServerless.Runtime.Configuration;
using SmusServerless.Runtime.Logging;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// template.yaml against the bootstrap: every function's Handler is registered in FunctionCatalog, and the approval
/// functions get every variable and IAM action their AWS composition uses.
/// </summary>
public sealed class HandlerRegistrationTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    /// <summary>The stack parameters a deployment would pass where the template's default is empty.</summary>
    private static readonly Dictionary<string, string> StackParameters = new()
    {
        ["Approvers"] = "alice@example.com,bob@example.com,carol@example.com",
    };

    private const string FunctionUrl = "https://abc123.lambda-url.eu-west-1.on.aws/";

    private static IEnumerable<(string LogicalId, JsonObject Properties)> Functions() =>
        Template.Resources
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::Serverless::Function")
            .Select(r => (r.Key, r.Value!["Properties"]!.AsObject()));

    private static HandlerRegistry Registry()
    {
        var registry = new HandlerRegistry();
        FunctionCatalog.Register(registry);
        return registry;
    }

    [Fact]
    public void Every_handler_in_the_template_is_registered_in_the_bootstrap()
    {
        var registered = Registry().Names.ToHashSet(StringComparer.Ordinal);

        var missing = Functions().Select(f => $"{f.LogicalId}: {f.Properties["Handler"]}").Where(h => !registered.Contains(h.Split(": ")[1])).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_registered_handler_is_a_function_of_the_template()
    {
        var handlers = Functions().Select(f => f.Properties["Handler"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        var orphans = Registry().Names.Where(n => !handlers.Contains(n)).ToList();

        Assert.Empty(orphans);
    }

    public static TheoryData<string> ApprovalFunctions => new() { "RequestApprovalFunction", "ExpireApprovalFunction", "ApprovalEndpointFunction" };

    [Theory]
    [MemberData(nameof(ApprovalFunctions))]
    public void The_gate_composes_from_the_environment_the_template_gives_the_function(string logicalId)
    {
        var gate = AwsApprovalGate.Compose(Runtime(EnvironmentOf(logicalId)));

        Assert.Equal(["alice@example.com", "bob@example.com", "carol@example.com"], gate.Options.Policy.Approvers);
        Assert.Equal((2, TimeSpan.FromSeconds(259200)), (gate.Options.Policy.Quorum, gate.Options.Policy.Timeout));
    }

    [Fact]
    public void The_request_function_gets_the_endpoints_url_to_issue_links()
    {
        var gate = AwsApprovalGate.Compose(Runtime(EnvironmentOf("RequestApprovalFunction")));

        Assert.NotNull(gate.RequestHandler);
        Assert.Equal(new Uri(FunctionUrl), gate.Options.BaseUrl);
    }

    [Theory]
    [InlineData("RequestApprovalFunction", "SMUS_APPROVERS")]
    [InlineData("RequestApprovalFunction", "SMUS_APPROVAL_TIMEOUT_SECONDS")]
    [InlineData("RequestApprovalFunction", "SMUS_APPROVAL_KEY_ID")]
    [InlineData("RequestApprovalFunction", "SMUS_TASK_TOKEN_KEY_ID")]
    [InlineData("RequestApprovalFunction", "SMUS_STATE_BUCKET")]
    [InlineData("RequestApprovalFunction", "SMUS_AUDIT_BUCKET")]
    [InlineData("ApprovalEndpointFunction", "SMUS_APPROVERS")]
    [InlineData("ApprovalEndpointFunction", "SMUS_APPROVAL_KEY_ID")]
    [InlineData("ExpireApprovalFunction", "SMUS_STATE_BUCKET")]
    public void A_missing_variable_fails_the_composition_naming_it(string logicalId, string variable)
    {
        var environment = EnvironmentOf(logicalId);
        environment.Remove(variable);

        var error = Assert.Throws<ApprovalConfigurationException>(() => AwsApprovalGate.Compose(Runtime(environment)));

        Assert.Contains(variable, error.Message);
    }

    [Fact]
    public void The_request_function_without_the_endpoint_url_fails_at_init_naming_it()
    {
        var environment = EnvironmentOf("RequestApprovalFunction");
        environment.Remove("SMUS_APPROVAL_BASE_URL");
        var gate = AwsApprovalGate.Compose(Runtime(environment));

        var error = Assert.Throws<ApprovalConfigurationException>(() => gate.RequestHandler);

        Assert.Contains("SMUS_APPROVAL_BASE_URL", error.Message);
    }

    [Fact]
    public async Task The_registered_endpoint_function_builds_from_its_template_environment_and_answers_a_function_url_event()
    {
        var functions = new InProcessFunctions(Registry(), Runtime(EnvironmentOf("ApprovalEndpointFunction")));
        // A path that is no approval page: answered without calling any AWS service.
        var @event = """{"version":"2.0","routeKey":"$default","rawPath":"/favicon.ico","rawQueryString":"","headers":{"host":"abc123.lambda-url.eu-west-1.on.aws"},"requestContext":{"http":{"method":"GET","path":"/favicon.ico","protocol":"HTTP/1.1","sourceIp":"198.51.100.1","userAgent":"UA"},"requestId":"r1","timeEpoch":1},"isBase64Encoded":false}""";

        var result = await functions.InvokeAsync("approval-endpoint", Encoding.UTF8.GetBytes(@event), TimeSpan.FromSeconds(15), default);

        Assert.Null(result.Error);
        using var response = JsonDocument.Parse(result.Payload);
        Assert.Equal(404, response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("no-store", response.RootElement.GetProperty("headers").GetProperty("Cache-Control").GetString());
    }

    [Fact]
    public void The_endpoints_timeout_is_below_the_callback_redelivery_grace()
    {
        var timeout = Properties("ApprovalEndpointFunction")["Timeout"]?.GetValue<long>()
                      ?? Template.Root["Globals"]!["Function"]!["Timeout"]!.GetValue<long>();

        Assert.True(TimeSpan.FromSeconds(timeout) < ApprovalVoting.RedeliveryGrace,
            $"ApprovalEndpointFunction's Timeout ({timeout}s) must stay below ApprovalVoting.RedeliveryGrace ({ApprovalVoting.RedeliveryGrace.TotalSeconds}s)");
    }

    [Theory]
    [InlineData("RequestApprovalFunction", "kms:GenerateMac kms:Encrypt kms:Decrypt s3:GetObject s3:GetObjectVersion s3:PutObject s3:ListBucket events:PutEvents")]
    [InlineData("ApprovalEndpointFunction", "kms:GenerateMac kms:VerifyMac kms:Decrypt s3:GetObject s3:PutObject s3:ListBucket events:PutEvents states:SendTaskSuccess states:SendTaskFailure")]
    [InlineData("ExpireApprovalFunction", "s3:GetObject s3:PutObject s3:ListBucket events:PutEvents")]
    public void Each_approval_function_is_granted_what_its_adapters_call(string logicalId, string actions)
    {
        var granted = Properties(logicalId)["Policies"]!.AsArray()
            .SelectMany(p => p!["Statement"]?.AsArray() ?? [])
            .Where(s => (string?)s!["Effect"] == "Allow")
            .SelectMany(s => s!["Action"] is JsonArray list ? list.Select(a => a!.GetValue<string>()) : [s["Action"]!.GetValue<string>()])
            .ToHashSet(StringComparer.Ordinal);

        var missing = actions.Split(' ').Where(a => !granted.Contains(a)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_audit_trail_and_the_records_are_written_only_under_the_approvals_prefix()
    {
        foreach (var logicalId in new[] { "RequestApprovalFunction", "ApprovalEndpointFunction", "ExpireApprovalFunction" })
        {
            var puts = Properties(logicalId)["Policies"]!.AsArray()
                .SelectMany(p => p!["Statement"]?.AsArray() ?? [])
                .Where(s => s!["Action"]!.ToJsonString().Contains("s3:PutObject", StringComparison.Ordinal))
                .Select(s => s!["Resource"]!.ToJsonString())
                .ToList();
            Assert.All(puts, resource => Assert.Contains("/approvals/*", resource));
        }
    }

    private static JsonObject Properties(string logicalId) => Template.Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>
    /// The function's environment as Lambda would set it: the Globals' variables and its own, with the intrinsic functions
    /// resolved to plausible values, plus what Lambda itself provides.
    /// </summary>
    private static Dictionary<string, string> EnvironmentOf(string logicalId)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9001",
            ["AWS_LAMBDA_FUNCTION_NAME"] = logicalId,
            ["_HANDLER"] = Properties(logicalId)["Handler"]!.GetValue<string>(),
        };
        var sources = new[]
        {
            Template.Root["Globals"]?["Function"]?["Environment"]?["Variables"]?.AsObject(),
            Properties(logicalId)["Environment"]?["Variables"]?.AsObject(),
        };
        foreach (var variables in sources.OfType<JsonObject>())
        {
            foreach (var (name, value) in variables)
                environment[name] = Resolve(value!);
        }
        return environment;
    }

    private static string Resolve(JsonNode node) => node switch
    {
        JsonValue value => value.ToString(),
        JsonObject { Count: 1 } o when o["Ref"] is JsonValue name => ResolveRef(name.GetValue<string>()),
        JsonObject { Count: 1 } o when o["Fn::GetAtt"] is JsonArray args =>
            args[1]!.GetValue<string>() == "FunctionUrl" ? FunctionUrl : $"arn:aws:sample:eu-west-1:123456789012:{args[0]}",
        JsonObject { Count: 1 } o when o["Fn::Join"] is JsonArray args =>
            args[1] is JsonArray parts ? string.Join(args[0]!.GetValue<string>(), parts.Select(p => Resolve(p!))) : Resolve(args[1]!),
        _ => throw new InvalidOperationException($"no sample value for {node.ToJsonString()}"),
    };

    private static string ResolveRef(string name)
    {
        if (StackParameters.TryGetValue(name, out var given))
            return given;
        if (Template.Parameters[name] is JsonObject parameter)
            return parameter["Default"]?.ToString() ?? throw new InvalidOperationException($"parameter {name} has no default; add a value to StackParameters");
        // Resources: S3 buckets and KMS keys are referenced by name / key id.
        return Template.Resources[name]!["Type"]!.GetValue<string>() == "AWS::KMS::Key"
            ? "1234abcd-12ab-34cd-56ef-1234567890ab"
            : $"{name.ToLowerInvariant()}-sample";
    }

    private static RuntimeServices Runtime(IReadOnlyDictionary<string, string> variables)
    {
        var environment = new InMemoryEnvironmentVariables(variables);
        return RuntimeServices.Create(LambdaFunctionSettings.FromEnvironment(environment), environment, new JsonLineOutput(Stream.Null), TimeProvider.System);
    }
}
