using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.Signing;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Protocols;

/// <summary>
/// Walks every operation we expose (the registries DataZoneOperations.All, StepFunctionsOperations.All,
/// EventBridgeOperations.All) and checks it against the official service-2.json.
/// </summary>
public sealed class OperationModelTests
{
    private static readonly Dictionary<string, IReadOnlyList<IAwsOperation>> Registries = new()
    {
        ["datazone"] = DataZoneOperations.All,
        ["stepfunctions"] = StepFunctionsOperations.All,
        ["events"] = EventBridgeOperations.All,
    };

    private static readonly Dictionary<string, JsonNode> Models = Registries.Keys.ToDictionary(k => k, k => AwsModels.Load(k, "service-2.json"));

    /// <summary>Members the client refuses on purpose (checked in EndpointResolutionTests).</summary>
    private static readonly HashSet<(string Operation, string Member)> UnsupportedByDesign = [("PutEvents", "EndpointId")];

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        foreach (var (model, operations) in Registries)
            foreach (var operation in operations)
                data.Add(model, operation.Name);
        return data;
    }

    private static IAwsOperation Find(string model, string name) => Registries[model].Single(o => o.Name == name);

    [Fact]
    public void Exposes_exactly_the_operations_the_pipeline_uses()
    {
        string[] stepFunctions = ["StartExecution", "DescribeExecution", "GetExecutionHistory", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat"];
        string[] dataZone =
        [
            "ListDomains", "GetDomain", "CreateDomain", "ListProjects", "GetProject", "CreateProject", "ListProjectProfiles",
            "GetProjectProfile", "CreateProjectProfile", "ListEnvironments", "GetEnvironment", "CreateEnvironment",
            "ListEnvironmentBlueprints", "ListEnvironmentBlueprintConfigurations", "ListConnections", "GetConnection",
            "CreateConnection", "SearchListings", "Search", "GetListing", "CreateSubscriptionRequest",
            "GetSubscriptionRequestDetails", "ListSubscriptionRequests", "AcceptSubscriptionRequest",
            "RejectSubscriptionRequest", "ListSubscriptions", "GetSubscription", "ListSubscriptionGrants",
            "GetSubscriptionGrant", "CreateProjectMembership", "ListProjectMemberships", "SearchUserProfiles", "GetUserProfile",
            "SearchGroupProfiles", "ListTagsForResource",
        ];

        Assert.Equal(stepFunctions.Order(), StepFunctionsOperations.All.Select(o => o.Name).Order());
        Assert.Equal(["PutEvents"], EventBridgeOperations.All.Select(o => o.Name));
        Assert.Equal(dataZone.Order(), DataZoneOperations.All.Select(o => o.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Http_binding_matches_the_model(string model, string name)
    {
        var operation = Find(model, name);
        var json = Models[model];
        var metadata = json["metadata"]!;
        var spec = json["operations"]![name]!;

        Assert.Equal(metadata["signingName"]?.GetValue<string>() ?? metadata["endpointPrefix"]!.GetValue<string>(), operation.Service.SigningName);
        Assert.Equal(metadata["endpointPrefix"]!.GetValue<string>(), operation.Service.EndpointPrefix);
        Assert.Equal(metadata["targetPrefix"]?.GetValue<string>(), operation.Service.TargetPrefix);
        var protocol = metadata["protocol"]!.GetValue<string>() == "rest-json" ? AwsProtocol.RestJson1
            : metadata["jsonVersion"]!.GetValue<string>() == "1.0" ? AwsProtocol.AwsJson1_0 : AwsProtocol.AwsJson1_1;
        Assert.Equal(protocol, operation.Service.Protocol);
        Assert.Equal(spec["http"]!["method"]!.GetValue<string>(), operation.HttpMethod);
        Assert.Equal(spec["http"]!["requestUri"]!.GetValue<string>(), operation.RequestUri);
        Assert.Equal(spec["http"]!["responseCode"]?.GetValue<int>() ?? 200, operation.SuccessStatusCode);
        Assert.Equal(spec["input"]!["shape"]!.GetValue<string>(), operation.InputShape);
        Assert.Equal(spec["output"]!["shape"]!.GetValue<string>(), operation.OutputShape);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Every_input_member_has_the_models_location_name_and_required_flag(string model, string name)
    {
        var operation = Find(model, name);
        var shape = Models[model]["shapes"]![operation.InputShape]!.AsObject();
        var required = ModelSamples.RequiredOf(shape);
        var members = shape["members"]!.AsObject();

        Assert.Equal(members.Count, operation.InputMembers.Count);
        foreach (var (member, reference) in members)
        {
            var ours = Assert.Single(operation.InputMembers, m => m.MemberName == member);
            var location = reference!["location"]?.GetValue<string>() switch
            {
                "uri" => MemberLocation.Uri,
                "querystring" => MemberLocation.Query,
                "header" => MemberLocation.Header,
                null => MemberLocation.Body,
                var other => throw new NotSupportedException(other),
            };
            Assert.Equal(location, ours.Location);
            Assert.Equal(reference["locationName"]?.GetValue<string>() ?? member, ours.WireName);
            Assert.Equal(required.Contains(member), ours.Required);
            Assert.Equal(reference["idempotencyToken"]?.GetValue<bool>() ?? false, ours.IdempotencyToken);

            var property = operation.RequestType.GetProperty(ours.PropertyName);
            Assert.NotNull(property);
            if (location == MemberLocation.Body)
                Assert.Equal(member, property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name);
            else
                Assert.NotNull(property.GetCustomAttribute<JsonIgnoreAttribute>());
        }
    }

    private static (IAwsOperation Operation, object Request, JsonObject BodySample, Dictionary<OperationMember, string> Bound) SampleRequest(string model, string name)
    {
        var operation = Find(model, name);
        var samples = new ModelSamples(Models[model]);
        var shape = samples.Shape(operation.InputShape);
        var bodySample = new JsonObject();
        var bound = new Dictionary<OperationMember, string>();
        foreach (var member in operation.InputMembers)
        {
            var reference = shape["members"]![member.MemberName]!.AsObject();
            if (member.Location == MemberLocation.Body)
            {
                if (UnsupportedByDesign.Contains((name, member.MemberName)))
                    continue;
                if (samples.Sample(reference["shape"]!.GetValue<string>(), reference) is { } value)
                    bodySample[member.MemberName] = value;
                continue;
            }
            var property = operation.RequestType.GetProperty(member.PropertyName)!;
            bound[member] = property.PropertyType == typeof(string) ? $"{member.MemberName} a/b:c" : property.PropertyType == typeof(bool?) ? "true" : "25";
        }
        var request = JsonSerializer.Deserialize(bodySample.ToJsonString(), operation.RequestJsonTypeInfo)!;
        foreach (var (member, text) in bound)
        {
            var property = operation.RequestType.GetProperty(member.PropertyName)!;
            object value = property.PropertyType == typeof(string) ? text : property.PropertyType == typeof(bool?) ? true : 25;
            property.SetValue(request, value);
        }
        return (operation, request, bodySample, bound);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Each_member_travels_where_the_model_puts_it(string model, string name)
    {
        var (operation, request, bodySample, bound) = SampleRequest(model, name);

        var wire = operation.SerializeRequest(request);

        Assert.Equal(operation.HttpMethod, wire.Method);
        var expectedPath = operation.RequestUri.Split('?')[0];
        foreach (var (member, text) in bound.Where(b => b.Key.Location == MemberLocation.Uri))
            expectedPath = expectedPath.Replace("{" + member.WireName + "}", SigV4Canonicalizer.UriEncode(text));
        Assert.Equal(expectedPath, wire.Path);
        var query = SigV4Canonicalizer.ParseQuery(wire.Query);
        foreach (var (member, text) in bound.Where(b => b.Key.Location == MemberLocation.Query))
            Assert.Contains(new KeyValuePair<string, string>(member.WireName, text), query);
        Assert.Equal(bound.Count(b => b.Key.Location == MemberLocation.Query), query.Count);
        if (operation.InputMembers.Any(m => m.Location == MemberLocation.Body))
            JsonAssert.Equivalent(bodySample, JsonNode.Parse(wire.Body));
        else
            Assert.Empty(wire.Body);
        if (operation.Service.Protocol != AwsProtocol.RestJson1)
            Assert.Contains(new KeyValuePair<string, string>("X-Amz-Target", $"{operation.Service.TargetPrefix}.{operation.Name}"), wire.Headers);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_served_request_reads_back_as_it_was_sent(string model, string name)
    {
        var (operation, request, _, _) = SampleRequest(model, name);
        var wire = operation.SerializeRequest(request);
        var target = wire.Headers.FirstOrDefault(h => h.Key == "X-Amz-Target").Value;

        var match = AwsRequestReader.Match(Registries[model], wire.Method, wire.Path, target);
        Assert.NotNull(match);
        Assert.Same(operation, match.Operation);
        var read = operation.ReadRequest(match.Labels, SigV4Canonicalizer.ParseQuery(wire.Query), wire.Headers, wire.Body);

        var again = operation.SerializeRequest(read);
        Assert.Equal((wire.Method, wire.Path), (again.Method, again.Path));
        Assert.Equal(SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.ParseQuery(wire.Query)), SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.ParseQuery(again.Query)));
        if (wire.Body.Length > 0)
            JsonAssert.Equivalent(JsonNode.Parse(wire.Body), JsonNode.Parse(again.Body));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_request_without_its_required_members_is_refused_naming_them(string model, string name)
    {
        var operation = Find(model, name);
        var empty = Activator.CreateInstance(operation.RequestType)!;
        var required = operation.InputMembers.Where(m => m.Required).Select(m => m.MemberName).ToList();

        var error = Record.Exception(() => operation.SerializeRequest(empty));

        if (required.Count == 0)
        {
            Assert.Null(error);
            return;
        }
        var validation = Assert.IsType<AwsRequestValidationException>(error);
        foreach (var member in required)
            Assert.Contains(member, validation.Message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_response_in_the_models_shape_parses_without_losing_members(string model, string name)
    {
        var operation = Find(model, name);
        var samples = new ModelSamples(Models[model]);
        var sample = samples.Sample(operation.OutputShape)!;

        var parsed = JsonSerializer.Deserialize(sample.ToJsonString(), operation.ResponseJsonTypeInfo)!;
        var roundTrip = JsonNode.Parse(JsonSerializer.Serialize(parsed, operation.ResponseJsonTypeInfo));

        JsonAssert.Equivalent(sample, roundTrip);
        foreach (var member in ModelSamples.RequiredOf(samples.Shape(operation.OutputShape)))
            Assert.NotNull(roundTrip![member]);
    }

    [Fact]
    public void Enum_constants_are_exactly_the_models_enum_values()
    {
        var checkedEnums = 0;
        foreach (var (model, operations) in Registries)
        {
            var ns = operations[0].RequestType.Namespace;
            var shapes = Models[model]["shapes"]!;
            var enumClasses = typeof(IAwsOperation).Assembly.GetTypes()
                .Where(t => t.Namespace == ns && t.IsAbstract && t.IsSealed && t.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.PropertyType == typeof(IReadOnlyList<string>));
            foreach (var enumClass in enumClasses)
            {
                var values = (IReadOnlyList<string>)enumClass.GetProperty("All")!.GetValue(null)!;
                var modelValues = shapes[enumClass.Name]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
                Assert.Equal(modelValues, values);
                checkedEnums++;
            }
        }
        Assert.True(checkedEnums > 40, $"only {checkedEnums} enum classes found");
    }

    [Fact]
    public void Idempotency_tokens_are_filled_only_where_the_model_marks_them()
    {
        var withTokens = DataZoneOperations.All.Where(o => o.InputMembers.Any(m => m.IdempotencyToken)).Select(o => o.Name).Order();

        Assert.Equal(["CreateConnection", "CreateDomain", "CreateSubscriptionRequest"], withTokens);
        var filled = DataZoneOperations.CreateDomain.WithIdempotencyTokens(new CreateDomainInput { Name = "d" }, () => "token-1");
        var kept = DataZoneOperations.CreateDomain.WithIdempotencyTokens(new CreateDomainInput { Name = "d", ClientToken = "mine" }, () => "token-2");
        Assert.Equal("token-1", filled.ClientToken);
        Assert.Equal("mine", kept.ClientToken);
    }
}
