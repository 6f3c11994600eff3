using SmusServerless.Application.Pipeline;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Pipeline;

namespace SmusServerless.Application.Tests.Pipeline;

/// <summary>Resolve finds each stage's domain as the stage selects it: by name, by tags, or by region alone.</summary>
public sealed class ResolveDomainSelectionTests
{
    private readonly PipelineWorld _world = new();

    private static string Stage(string domain) => $$"""
        applicationName: demo
        content:
          storage:
            - name: code
              include: ['src']
        stages:
          dev:
            stage: DEV
            domain: {{domain}}
            project: {name: dev-demo}
        """;

    private async Task<DeploymentPlan> ResolveAsync(string manifest)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", manifest, Samples.Files);
        return await _world.Resolve().RunAsync(new ResolveInput(new ExecutionRequest(bundle, null, null, "s3"), "arn:aws:states:us-east-1:1:execution:sm:run-9", null), CancellationToken.None);
    }

    private void Domain(string id, string name, Dictionary<string, string> tags)
    {
        _world.Catalog.Domains.Add(new CatalogDomain(id, name));
        _world.Catalog.DomainTags[id] = tags;
    }

    [Fact]
    public async Task The_one_domain_whose_tags_include_every_given_tag_is_the_stages_domain()
    {
        Domain("dzd_dev", "studio-dev", new() { ["purpose"] = "cicd", ["STAGE"] = "DEV", ["team"] = "data" });
        Domain("dzd_prod", "studio-prod", new() { ["purpose"] = "cicd", ["STAGE"] = "PROD" });

        var plan = await ResolveAsync(Stage("{tags: {purpose: cicd, STAGE: DEV}, region: us-east-1}"));

        Assert.Equal(new TargetDomain("studio-dev", "us-east-1", "dzd_dev"), Assert.Single(plan.Targets).Domain);
    }

    [Fact]
    public async Task Tags_no_domain_has_fail_listing_the_regions_domains_with_their_tags()
    {
        Domain("dzd_prod", "studio-prod", new() { ["STAGE"] = "PROD" });

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(Stage("{tags: {STAGE: DEV}, region: us-east-1}")));

        Assert.Equal(PipelineErrors.DomainNotFound, failure.Error);
        Assert.Contains("stages.dev.domain.tags (STAGE=DEV)", failure.Cause, StringComparison.Ordinal);
        Assert.Contains("'studio-prod' (dzd_prod; tags: STAGE=PROD)", failure.Cause, StringComparison.Ordinal);
        Assert.Contains("'corp' (dzd_corp; tags: none)", failure.Cause, StringComparison.Ordinal);
        Assert.Empty(_world.Events.Published);
    }

    [Fact]
    public async Task Tags_several_domains_have_fail_listing_the_matches()
    {
        Domain("dzd_a", "studio-a", new() { ["STAGE"] = "DEV" });
        Domain("dzd_b", "studio-b", new() { ["STAGE"] = "DEV", ["team"] = "b" });

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(Stage("{tags: {STAGE: DEV}, region: us-east-1}")));

        Assert.Equal(PipelineErrors.DomainAmbiguous, failure.Error);
        Assert.Contains("'studio-a' (dzd_a; tags: STAGE=DEV); 'studio-b' (dzd_b; tags: STAGE=DEV, team=b)", failure.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("dzd_corp", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_alone_takes_the_regions_only_domain()
    {
        var plan = await ResolveAsync(Stage("{region: us-east-1}"));

        Assert.Equal(new TargetDomain("corp", "us-east-1", "dzd_corp"), Assert.Single(plan.Targets).Domain);
    }

    [Fact]
    public async Task A_region_alone_with_several_domains_fails_naming_them()
    {
        Domain("dzd_other", "other", []);

        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(Stage("{region: us-east-1}")));

        Assert.Equal(PipelineErrors.DomainAmbiguous, failure.Error);
        Assert.Contains("'corp' (dzd_corp; tags: none); 'other' (dzd_other; tags: none)", failure.Cause, StringComparison.Ordinal);
        Assert.Contains("stages.dev.domain.name", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_by_name_is_still_found_by_name()
    {
        var plan = await ResolveAsync(Stage("{name: corp, region: us-east-1}"));

        Assert.Equal("dzd_corp", Assert.Single(plan.Targets).Domain.Id);
        Assert.DoesNotContain(nameof(IProjectCatalog.ListDomainsWithTagsAsync), _world.Catalog.Calls);
    }
}

/// <summary>A bundle cannot choose its own project privileges: Resolve applies only what the stack allows, and refuses the rest first.</summary>
public sealed class ResolvePrivilegeTests
{
    private const string ProjectRole = "arn:aws:iam::111122223333:role/ProjectRole";
    private const string AdminRole = "arn:aws:iam::111122223333:role/Admin";
    private const string Policy = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

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
            project: {{project}}
        """;

    private async Task<DeploymentPlan> ResolveAsync(string manifest)
    {
        var bundle = await _world.PublishBundleAsync("1.0.0", manifest, Samples.Files);
        return await _world.Resolve().RunAsync(new ResolveInput(new ExecutionRequest(bundle, null, null, "s3"), "arn:aws:states:us-east-1:1:execution:sm:run-9", null), CancellationToken.None);
    }

    private async Task<PipelineFailure> RefusedAsync(string project)
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(Stage(project)));
        Assert.Equal(PipelineErrors.PrivilegeNotAllowed, failure.Error);
        // Refused before any lookup or announcement.
        Assert.Empty(_world.Catalog.Calls);
        Assert.Empty(_world.Events.Published);
        return failure;
    }

    private static ProjectPrivilegeAllowList Allow(string[]? roles = null, string[]? policies = null, bool owners = false) =>
        new(new HashSet<string>(roles ?? [], StringComparer.Ordinal), new HashSet<string>(policies ?? [], StringComparer.Ordinal), owners);

    [Fact]
    public async Task A_project_role_the_stack_does_not_allow_is_refused_naming_the_key_and_what_is_allowed()
    {
        var failure = await RefusedAsync($"{{name: dev-demo, create: true, role: {{arn: '{ProjectRole}'}}}}");

        Assert.Contains($"stages.dev.project.role.arn is {ProjectRole}; the stack allows as project roles none (AllowedProjectRoleArns)", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managed_policies_the_stack_does_not_allow_are_refused()
    {
        _world.Privileges = Allow(roles: [ProjectRole]);

        var failure = await RefusedAsync($"{{name: dev-demo, create: true, role: {{arn: '{ProjectRole}', policies: ['{Policy}']}}}}");

        Assert.Contains($"stages.dev.project.role.policies names {Policy}", failure.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("role.arn", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owners_are_refused_unless_the_stack_lets_bundles_name_owners()
    {
        var failure = await RefusedAsync("{name: dev-demo, owners: [alice]}");

        Assert.Contains("stages.dev.project.owners names alice; the stack lets no bundle name project owners (AllowProjectOwners=false)", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_that_is_an_iam_role_also_needs_the_role_allowed()
    {
        _world.Privileges = Allow(owners: true);

        var failure = await RefusedAsync($"{{name: dev-demo, owners: [alice, '{AdminRole}']}}");

        Assert.Contains($"stages.dev.project.owners names the IAM role {AdminRole}", failure.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contributor_that_is_an_iam_role_needs_the_role_allowed_and_a_user_name_does_not()
    {
        var failure = await RefusedAsync($"{{name: dev-demo, contributors: [bob, '{AdminRole}']}}");

        Assert.Contains($"stages.dev.project.contributors names the IAM role {AdminRole}", failure.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", failure.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contributors_by_user_name_need_no_allowance()
    {
        var plan = await ResolveAsync(Stage("{name: dev-demo, contributors: [bob]}"));

        Assert.Single(plan.Targets);
    }

    [Fact]
    public async Task What_the_stack_allows_is_planned()
    {
        _world.Privileges = Allow(roles: [ProjectRole, AdminRole], policies: [Policy], owners: true);

        // role.policies is allowed here but not built yet (Manifest.Unsupported): the role alone is planned.
        var plan = await ResolveAsync(Stage($"{{name: dev-demo, create: true, owners: [alice, '{AdminRole}'], role: {{arn: '{ProjectRole}'}}}}"));

        Assert.Equal("dev-demo", Assert.Single(plan.Targets).ProjectName);
    }

    [Fact]
    public async Task An_unrestricted_stack_allows_anything()
    {
        _world.Privileges = ProjectPrivilegeAllowList.Anything;

        var plan = await ResolveAsync(Stage($"{{name: dev-demo, create: true, owners: ['{AdminRole}'], role: {{arn: '{ProjectRole}'}}}}"));

        Assert.Single(plan.Targets);
    }

    [Fact]
    public async Task Pipeline_format_owners_are_named_by_their_pipeline_format_key()
    {
        var failure = await Assert.ThrowsAsync<PipelineFailure>(() => ResolveAsync(
            Samples.Manifest(createProd: true).Replace("profileName: 'All capabilities'", "profileName: 'All capabilities'\n        owners: [alice]", StringComparison.Ordinal)));

        Assert.Contains("targets.prod.initialization.project.owners names alice", failure.Cause, StringComparison.Ordinal);
    }
}
