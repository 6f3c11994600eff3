using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

/// <summary>Provision makes the project as the stage describes it: its role, its user parameters, its members by user name or IAM role.</summary>
public sealed class ProvisionProjectAsStagedTests
{
    private const string ProjectRole = "arn:aws:iam::111122223333:role/ProjectRole";
    private const string AdminRole = "arn:aws:iam::111122223333:role/Admin";

    private readonly PipelineWorld _world = new();

    private static string Stage(string project) => $$"""
        applicationName: demo
        content:
          storage:
            - name: code
              include: ['src']
        stages:
          dev:
            stage: DEV
            domain: {name: corp, region: us-east-1}
            project:
        {{project}}
        """;

    private async Task<ProvisionResult> ProvisionAsync(string project, bool create = false)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", Stage(project), Samples.Files);
        return await _world.Provision().RunAsync(new ProvisionInput(Samples.Run(bundle), Samples.Target(create: create), 0), CancellationToken.None);
    }

    [Fact]
    public async Task A_created_project_gets_the_stages_role_as_its_execution_role_and_its_user_parameters()
    {
        await ProvisionAsync($"""
                  name: dev-demo
                  create: true
                  role:
                    arn: '{ProjectRole}'
                  userParameters:
                    - EnvironmentConfigurationName: Tooling
                      parameters:
                        - name: maxSize
                          value: '3'
            """, create: true);

        var created = Assert.Single(_world.Catalog.CreatedProjects);
        Assert.Equal(ProjectRole, created.ExecutionRoleArn);
        var group = Assert.Single(created.UserParameters);
        Assert.Equal(("Tooling", "maxSize", "3"), (group.EnvironmentConfigurationName, group.Parameters[0].Key, group.Parameters[0].Value));
    }

    [Fact]
    public async Task A_created_project_without_a_role_lets_the_catalog_choose_one()
    {
        await ProvisionAsync("          name: dev-demo\n          create: true", create: true);

        Assert.Null(Assert.Single(_world.Catalog.CreatedProjects).ExecutionRoleArn);
    }

    [Fact]
    public async Task An_owner_by_user_name_becomes_a_user_member_and_an_iam_role_its_group_profile()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        _world.Catalog.Users["alice"] = "usr_alice";
        _world.Catalog.RoleGroups[AdminRole] = "grp_admin";

        var result = await ProvisionAsync($"          name: dev-demo\n          owners: [alice, '{AdminRole}']");

        Assert.Equal(StepProgress.ReadyStatus, result.Status);
        Assert.Equal([new CatalogMember("usr_alice", MemberKind.User), new CatalogMember("grp_admin", MemberKind.Group)], _world.Catalog.AddedMemberProfiles);
        Assert.All(_world.Catalog.AddedMembers, m => Assert.Equal(MemberDesignation.Owner, m.Role));
    }

    [Fact]
    public async Task A_member_already_in_the_project_is_not_added_again()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        _world.Catalog.RoleGroups[AdminRole] = "grp_admin";
        _world.Catalog.Members.Add("grp_admin");

        await ProvisionAsync($"          name: dev-demo\n          contributors: ['{AdminRole}']");

        Assert.Empty(_world.Catalog.AddedMembers);
    }

    [Fact]
    public async Task An_iam_role_the_domain_does_not_know_fails_saying_how_to_add_it()
    {
        _world.Catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ProvisionAsync($"          name: dev-demo\n          contributors: ['{AdminRole}']"));

        Assert.Equal(PipelineErrors.ProjectFailed, failure.Error);
        Assert.Contains($"The IAM role {AdminRole}", failure.Cause, StringComparison.Ordinal);
        Assert.Empty(_world.Catalog.AddedMembers);
    }
}
