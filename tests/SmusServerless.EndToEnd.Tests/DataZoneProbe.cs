using System.Text.Json.Nodes;
using SmusServerless.Local.DataZone;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>Reads what the simulated DataZone holds (through its own operations), to count what a run created.</summary>
internal sealed class DataZoneProbe(DataZoneSimulator simulator)
{
    public async Task<string> DomainIdAsync(string name)
    {
        var domains = await simulator.InvokeAsync("ListDomains", new JsonObject());
        return Assert.Single(Items(domains, "items"), d => d["name"]!.GetValue<string>() == name)["id"]!.GetValue<string>();
    }

    /// <summary>The ids of every project with this name (more than one would be a duplicate).</summary>
    public async Task<List<string>> ProjectIdsAsync(string domainId, string name)
    {
        var projects = await simulator.InvokeAsync("ListProjects", new JsonObject { ["domainIdentifier"] = domainId });
        return [.. Items(projects, "items").Where(p => p["name"]!.GetValue<string>() == name).Select(p => p["id"]!.GetValue<string>())];
    }

    /// <summary>The S3 location of the project's connection named <paramref name="name"/>.</summary>
    public async Task<string> ConnectionS3UriAsync(string domainId, string projectId, string name)
    {
        var connections = await simulator.InvokeAsync("ListConnections", new JsonObject { ["domainIdentifier"] = domainId, ["projectIdentifier"] = projectId, ["name"] = name });
        return Assert.Single(Items(connections, "items"))["props"]!["s3Properties"]!["s3Uri"]!.GetValue<string>();
    }

    /// <summary>The user id of every membership of the project (a user twice would be a duplicate).</summary>
    public async Task<List<string>> MemberUserIdsAsync(string domainId, string projectId)
    {
        var members = await simulator.InvokeAsync("ListProjectMemberships", new JsonObject { ["domainIdentifier"] = domainId, ["projectIdentifier"] = projectId });
        return [.. Items(members, "members").Select(m => m["memberDetails"]?["user"]?["userId"]?.GetValue<string>() ?? m["memberDetails"]!.ToJsonString())];
    }

    /// <summary>Every subscription request the project made, whatever its status.</summary>
    public async Task<List<string>> SubscriptionRequestIdsAsync(string domainId, string projectId)
    {
        var ids = new List<string>();
        foreach (var status in new[] { "PENDING", "ACCEPTED", "REJECTED" })
        {
            var requests = await simulator.InvokeAsync("ListSubscriptionRequests",
                new JsonObject { ["domainIdentifier"] = domainId, ["owningProjectId"] = projectId, ["status"] = status });
            ids.AddRange(Items(requests, "items").Select(r => r["id"]!.GetValue<string>()));
        }
        return ids;
    }

    public async Task<List<string>> EnvironmentNamesAsync(string domainId, string projectId)
    {
        var environments = await simulator.InvokeAsync("ListEnvironments", new JsonObject { ["domainIdentifier"] = domainId, ["projectIdentifier"] = projectId });
        return [.. Items(environments, "items").Select(e => e["name"]!.GetValue<string>())];
    }

    private static IEnumerable<JsonObject> Items(JsonObject page, string member) =>
        page[member]?.AsArray().OfType<JsonObject>() ?? [];
}
