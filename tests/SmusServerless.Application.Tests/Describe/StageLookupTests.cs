using SmusServerless.Application.Describe;
using SmusServerless.Application.Ports;
using SmusServerless.Application.Tests.Fakes;
using SmusServerless.Core.Manifest;

namespace SmusServerless.Application.Tests.Describe;

/// <summary>describe --connect: each stage's domain, project and connections, read only, with what stands in the way named.</summary>
public sealed class StageLookupTests
{
    private readonly FakeProjectCatalog _catalog = new();

    private static TargetDefinition Stage(string project = "dev-demo", bool create = false, DomainReference? domain = null) =>
        new("dev", "DEV", false, domain ?? new DomainReference("corp", "us-east-1"), false,
            new ProjectDefinition(project, create, null, null, null), null, null, [], null, new Dictionary<string, string>());

    private Task<StageFound> LookUpAsync(TargetDefinition stage) => new StageLookup(_catalog).LookUpAsync(stage, CancellationToken.None);

    [Fact]
    public async Task Finds_the_domain_the_project_and_its_connections()
    {
        _catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));
        _catalog.Connections["prj_dev-demo"] = [new ProjectConnection("default.s3_shared", "S3", "s3://bucket/shared/")];

        var found = await LookUpAsync(Stage());

        Assert.True(found.Ok, found.Problem);
        Assert.Equal("dzd_corp", found.Domain!.Id);
        Assert.Equal("prj_dev-demo", found.Project!.Id);
        Assert.Equal("s3://bucket/shared/", Assert.Single(found.Connections).S3Uri);
    }

    [Fact]
    public async Task A_missing_domain_is_a_problem_naming_it_and_its_region()
    {
        var found = await LookUpAsync(Stage(domain: new DomainReference("elsewhere", "eu-west-1")));

        Assert.Equal("no domain 'elsewhere' in eu-west-1", found.Problem);
    }

    [Fact]
    public async Task A_missing_project_the_stage_creates_is_not_a_problem()
    {
        var found = await LookUpAsync(Stage(create: true));

        Assert.True(found.Ok);
        Assert.True(found.ProjectWillBeCreated);
        Assert.Null(found.Project);
    }

    [Fact]
    public async Task A_missing_project_the_stage_does_not_create_is_a_problem()
    {
        var found = await LookUpAsync(Stage());

        Assert.Contains("project 'dev-demo' does not exist in domain 'corp'", found.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_without_connections_is_a_problem()
    {
        _catalog.Projects.Add(FakeProjectCatalog.Project("dev-demo"));

        var found = await LookUpAsync(Stage());

        Assert.Contains("has no connections", found.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_domains_of_one_name_are_a_problem_not_a_guess()
    {
        _catalog.Domains.Add(new CatalogDomain("dzd_other", "corp"));

        var found = await LookUpAsync(Stage());

        Assert.Contains("2 resources are named domain 'corp'", found.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_domain_selected_by_tags_is_not_looked_up_and_says_so()
    {
        var byTags = new DomainReference("", "us-east-1") { Tags = new Dictionary<string, string> { ["purpose"] = "cicd" } };

        var found = await LookUpAsync(Stage(domain: byTags));

        Assert.True(found.Ok);
        Assert.Contains("selected by tags", found.Note, StringComparison.Ordinal);
    }
}
