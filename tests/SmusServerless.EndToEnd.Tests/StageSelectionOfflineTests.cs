using System.Text.Json.Nodes;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.DataZone;

namespace SmusServerless.EndToEnd.Tests;

/// <summary>
/// Offline, a stage that selects its domain by tags, creates its project with a role and names owners (a user and an
/// IAM role) deploys: the local stack allows every privilege, and the simulator answers tags and role groups.
/// </summary>
public sealed class StageSelectionOfflineTests : IAsyncLifetime
{
    private const string AdminRole = "arn:aws:iam::123456789012:role/data-admins";

    private readonly OfflineWorld _world = new();
    private readonly string _source = Directory.CreateTempSubdirectory("smus-stage-").FullName;

    public Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_source, "pipeline.yaml"), $$"""
            applicationName: TaggedApp
            content:
              storage:
                - name: code
                  include: ['src']
            stages:
              dev:
                stage: DEV
                domain:
                  tags: {purpose: smus-cicd, STAGE: DEV}
                  region: us-east-1
                project:
                  name: tagged-dev
                  create: true
                  profileName: All capabilities
                  owners: [alice, '{{AdminRole}}']
                  role:
                    arn: arn:aws:iam::123456789012:role/ProjectRole
            """);
        Directory.CreateDirectory(Path.Combine(_source, "src"));
        File.WriteAllText(Path.Combine(_source, "src", "etl.py"), "print('tagged')\n");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_stage_found_by_tags_with_its_project_role_and_owners_deploys_offline()
    {
        var bundle = await _world.BundleDirectoryAsync(_source, "1.0.0");
        var run = await _world.StartAsync(await OfflineWorld.ManifestAsync(bundle));

        var result = await run.RunBundleAsync(bundle, null, CancellationToken.None);

        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        var files = await _world.ProjectFilesAsync(run);
        Assert.Contains(files, f => f.Key.EndsWith("/etl.py", StringComparison.Ordinal) && f.Value == "print('tagged')\n");

        // The project as DataZone holds it: in the tagged domain, with the stage's role and both owners.
        var statePath = Directory.GetFiles(_world.StateDirectory, "datazone.json", SearchOption.AllDirectories).Single();
        var dataZone = new DataZoneSimulator(new DataZoneSimulatorOptions { StateDirectory = Path.GetDirectoryName(statePath) });
        var domain = (await dataZone.InvokeAsync("ListDomains", new JsonObject()))["items"]!.AsArray().Single()!;
        var project = (await dataZone.InvokeAsync("ListProjects", new JsonObject { ["domainIdentifier"] = (string)domain["id"]!, ["name"] = "tagged-dev" }))["items"]!.AsArray().Single()!;
        // GetProject does not answer the execution role; the simulator's state holds what CreateProject was given.
        var stored = JsonNode.Parse(File.ReadAllText(statePath))!["projects"]!.AsArray().Single(p => (string?)p!["id"] == (string)project["id"]!)!;
        Assert.Equal("arn:aws:iam::123456789012:role/ProjectRole", (string?)stored["projectExecutionRole"]);
        var members = (await dataZone.InvokeAsync("ListProjectMemberships", new JsonObject { ["domainIdentifier"] = (string)domain["id"]!, ["projectIdentifier"] = (string)project["id"]! }))["members"]!.AsArray();
        Assert.Contains(members, m => m!["memberDetails"]!["group"] is not null && (string?)m["designation"] == "PROJECT_OWNER");
        Assert.True(members.Count(m => (string?)m!["designation"] == "PROJECT_OWNER") >= 3, members.ToJsonString()); // the caller, alice and the role's group
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
