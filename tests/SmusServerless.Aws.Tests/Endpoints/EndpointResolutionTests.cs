using System.Text.Json.Nodes;
using SmusServerless.Aws.DataZone;
using SmusServerless.Aws.Endpoints;
using SmusServerless.Aws.EventBridge;
using SmusServerless.Aws.Protocols;
using SmusServerless.Aws.StepFunctions;
using SmusServerless.Aws.Tests.Support;

namespace SmusServerless.Aws.Tests.Endpoints;

/// <summary>
/// Every case of the services' endpoint-tests-1.json. Supported: standard endpoints in every partition, custom
/// endpoints, and the rule sets' configuration errors. Declared unsupported (and checked to fail clearly):
/// FIPS, dual-stack and EventBridge global (EndpointId, SigV4a) endpoints.
/// </summary>
public sealed class EndpointResolutionTests
{
    private static readonly Dictionary<string, AwsServiceMetadata> Services = new()
    {
        ["datazone"] = DataZoneService.Metadata,
        ["stepfunctions"] = StepFunctionsService.Metadata,
        ["events"] = EventBridgeService.Metadata,
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var service in Services.Keys)
        {
            var cases = AwsModels.Load(service, "endpoint-tests-1.json")["testCases"]!.AsArray();
            for (var i = 0; i < cases.Count; i++)
                data.Add(service, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolves_each_official_endpoint_test_case(string service, int index)
    {
        var testCase = AwsModels.Load(service, "endpoint-tests-1.json")["testCases"]![index]!;
        var parameters = testCase["params"] as JsonObject ?? [];
        var expect = testCase["expect"]!;
        var region = parameters["Region"]?.GetValue<string>();
        var fips = parameters["UseFIPS"]?.GetValue<bool>() ?? false;
        var dualStack = parameters["UseDualStack"]?.GetValue<bool>() ?? false;
        var endpoint = parameters["Endpoint"]?.GetValue<string>() is { } url ? new Uri(url) : null;
        var endpointId = parameters["EndpointId"]?.GetValue<string>();
        var resolve = () => AwsEndpointResolver.Resolve(Services[service], new EndpointParameters(region, fips, dualStack, endpoint, endpointId));

        if (endpointId is not null && expect["error"] is null)
        {
            // Global endpoints need SigV4a, which this client does not implement: refused, never silently regional.
            Assert.Throws<EndpointNotSupportedException>(resolve);
            return;
        }
        if (expect["error"]?.GetValue<string>() is { } error)
        {
            var thrown = Record.Exception(resolve);
            Assert.True(thrown is EndpointConfigurationException or EndpointNotSupportedException, $"expected an error like '{error}', got {thrown?.GetType().Name ?? "an endpoint"}");
            if (thrown is EndpointConfigurationException)
                Assert.Equal(error, thrown.Message);
            return;
        }
        var expected = expect["endpoint"]!["url"]!.GetValue<string>();
        if (endpoint is null && (fips || dualStack))
        {
            var refusal = Assert.Throws<EndpointNotSupportedException>(resolve);
            Assert.Contains(fips ? "FIPS" : "Dual-stack", refusal.Message);
            return;
        }
        Assert.Equal(new Uri(expected), resolve());
    }

    [Fact]
    public void DataZone_uses_the_api_aws_domain()
    {
        var uri = AwsEndpointResolver.Resolve(DataZoneService.Metadata, new EndpointParameters("eu-west-1"));

        Assert.Equal("https://datazone.eu-west-1.api.aws/", uri.ToString());
    }

    [Fact]
    public void Partition_table_matches_partitions_json()
    {
        var partitions = AwsModels.Load("partitions.json")["partitions"]!.AsArray();

        Assert.Equal(partitions.Count, AwsPartition.All.Count);
        foreach (var partition in partitions)
        {
            var ours = Assert.Single(AwsPartition.All, p => p.Name == partition!["id"]!.GetValue<string>());
            var outputs = partition!["outputs"]!;
            Assert.Equal(partition["regionRegex"]!.GetValue<string>(), ours.RegionRegex);
            Assert.Equal(outputs["dnsSuffix"]!.GetValue<string>(), ours.DnsSuffix);
            Assert.Equal(outputs["dualStackDnsSuffix"]!.GetValue<string>(), ours.DualStackDnsSuffix);
            Assert.Equal(outputs["supportsDualStack"]!.GetValue<bool>(), ours.SupportsDualStack);
        }
    }

    [Fact]
    public void PutEvents_with_an_EndpointId_is_refused_before_sending()
    {
        var request = new PutEventsRequest { Entries = [new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" }], EndpointId = "abc.def" };

        var error = Assert.Throws<AwsRequestValidationException>(() => AwsRequestSerializer.Serialize(EventBridgeOperations.PutEvents, request));

        Assert.Contains("SigV4a", error.Message);
    }

    [Fact]
    public void Refuses_a_region_that_is_not_a_host_label()
    {
        var error = Assert.Throws<EndpointConfigurationException>(() => AwsEndpointResolver.Resolve(StepFunctionsService.Metadata, new EndpointParameters("evil.com/x")));

        Assert.Contains("evil.com/x", error.Message);
    }
}
