using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;

namespace SmusServerless.Local.Tests.DataZone;

/// <summary>Builds simulators over a seeded domain and calls operations with JSON inputs.</summary>
public sealed class SimulatorFixture
{
    public const string SeedJson = """
    {
      "domains": [{
        "name": "local-domain",
        "id": "dzd_local0001",
        "users": [
          { "ssoUsername": "alice", "firstName": "Alice", "lastName": "Owner" },
          { "iamArn": "arn:aws:iam::123456789012:role/ci-deployer" }
        ],
        "projectProfiles": [{
          "name": "All capabilities",
          "environmentConfigurations": [
            { "name": "Tooling", "blueprint": "Tooling", "deploymentOrder": 0 },
            { "name": "Lakehouse Database", "blueprint": "DataLake", "deploymentOrder": 1 },
            { "name": "OnDemand Redshift", "blueprint": "RedshiftServerless", "deploymentMode": "ON_DEMAND" }
          ]
        }],
        "projects": [{ "name": "producer", "profile": "All capabilities", "members": [{ "user": "alice", "designation": "PROJECT_OWNER" }] }],
        "listings": [
          { "databaseName": "covid19_db", "tableName": "countries_aggregated", "owningProject": "producer", "id": "listingauto01" },
          { "databaseName": "sales_db", "tableName": "orders", "owningProject": "producer", "id": "listingmanual1", "ownerPolicy": { "mode": "Manual" } },
          { "databaseName": "hr_db", "tableName": "salaries", "owningProject": "producer", "id": "listingreject1",
            "ownerPolicy": { "mode": "AutoReject", "decisionDelaySeconds": 30, "rejectReason": "PII: not for this project" } },
          { "databaseName": "ops_db", "tableName": "incidents", "owningProject": "producer", "id": "listinggrantx1",
            "grantPolicy": { "outcome": "Fail", "failureMessage": "Lake Formation denied the grant" } }
        ]
      }]
    }
    """;

    public const string DomainId = "dzd_local0001";

    public ManualTimeProvider Clock { get; } = new();

    public DataZoneSimulator Create(DataZoneSimulatorOptions? options = null, string? stateDirectory = null)
    {
        var simulator = new DataZoneSimulator((options ?? new DataZoneSimulatorOptions()) with { TimeProvider = Clock, StateDirectory = stateDirectory });
        simulator.SeedAsync(DataZoneSeed.Parse(SeedJson)).GetAwaiter().GetResult();
        return simulator;
    }

    public static JsonObject Input(string json) => (JsonObject)JsonNode.Parse(json)!;
}

internal static class SimulatorCalls
{
    public static Task<JsonObject> Call(this DataZoneSimulator simulator, string operation, string inputJson) =>
        simulator.InvokeAsync(operation, SimulatorFixture.Input(inputJson));

    public static async Task<DataZoneServiceException> Fails(this DataZoneSimulator simulator, string operation, string inputJson) =>
        await Assert.ThrowsAsync<DataZoneServiceException>(() => simulator.Call(operation, inputJson));

    public static async Task<string> ProfileId(this DataZoneSimulator simulator)
    {
        var profiles = await simulator.Call("ListProjectProfiles", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}"}""");
        return (string)profiles["items"]![0]!["id"]!;
    }

    public static async Task<string> ProjectId(this DataZoneSimulator simulator, string name)
    {
        var projects = await simulator.Call("ListProjects", $$"""{"domainIdentifier":"{{SimulatorFixture.DomainId}}","name":"{{name}}"}""");
        return (string)projects["items"]![0]!["id"]!;
    }
}
