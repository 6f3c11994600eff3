using SmusServerless.Core.Manifest;

namespace SmusServerless.Cli.Tests.SmusCli;

/// <summary>create -n NAME --stages a,b --domain-id --dev-project-id --region -o FILE: a starter manifest that validates, never over a file.</summary>
public sealed class CreateCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly CliRunner _cli;

    public CreateCommandTests() => _cli = new CliRunner(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private static ManifestLoadResult Load(string path) =>
        ManifestLoader.Load(File.ReadAllText(path), path, new Cli.EnvironmentVariableSource(new Dictionary<string, string?>()));

    [Fact]
    public async Task Writes_manifest_yaml_in_the_application_format_by_default()
    {
        var run = await _cli.RunAsync("create", "-n", "MyApp");

        Assert.True(run.ExitCode == 0, run.ToString());
        var manifest = Load(_directory.Combine("manifest.yaml")).Manifest!;
        Assert.Equal(ManifestFormat.Application, manifest.Format);
        Assert.Equal("MyApp", manifest.Name);
        Assert.Equal(["dev", "test", "prod"], manifest.Targets.Select(t => t.Name));
    }

    [Fact]
    public async Task The_written_manifest_validates_with_the_validator()
    {
        await _cli.RunAsync("create", "-n", "MyApp", "--stages", "dev,qa,prod", "--region", "eu-west-1");

        var validate = await _cli.RunAsync("validate", "-m", "manifest.yaml");

        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("0 warnings", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_written_manifest_bundles_once_its_source_folder_exists()
    {
        await _cli.RunAsync("create", "-n", "MyApp");
        Directory.CreateDirectory(_directory.Combine("src"));
        File.WriteAllText(_directory.Combine("src", "job.py"), "print(1)\n");

        var bundle = await _cli.RunAsync("bundle", "--version", "1.0.0", "--author", "dev@example.com");

        Assert.True(bundle.ExitCode == 0, bundle.ToString());
        Assert.True(File.Exists(_directory.Combine("artifacts", "MyApp-1.0.0.zip")));
    }

    [Fact]
    public async Task Stages_region_and_projects_follow_the_options()
    {
        await _cli.RunAsync("create", "-n", "Sales", "--stages", "dev,prod", "--region", "eu-west-1", "--dev-project-id", "p123");

        var manifest = Load(_directory.Combine("manifest.yaml")).Manifest!;
        var dev = manifest.FindTarget("dev")!;
        var prod = manifest.FindTarget("prod")!;
        Assert.Equal("DEV", dev.Stage);
        Assert.False(dev.Create);
        Assert.True(prod.Create);
        Assert.Equal("sales-prod", prod.Project.Name);
        Assert.Equal("eu-west-1", prod.Domain.Region);
        Assert.Contains("the name of project p123", File.ReadAllText(_directory.Combine("manifest.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_domain_id_is_written_beside_the_name_to_fill_in()
    {
        await _cli.RunAsync("create", "--domain-id", "dzd_abc123");

        Assert.Contains("(ID dzd_abc123)", File.ReadAllText(_directory.Combine("manifest.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dash_o_names_the_file_and_its_folder_is_created()
    {
        var run = await _cli.RunAsync("create", "-n", "MyApp", "-o", "apps/sales.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Load(_directory.Combine("apps", "sales.yaml")).IsValid);
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten()
    {
        File.WriteAllText(_directory.Combine("manifest.yaml"), "mine\n");

        var run = await _cli.RunAsync("create", "-n", "MyApp");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("manifest.yaml: already exists; create never overwrites a manifest", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(_directory.Combine("manifest.yaml")));
    }

    [Fact]
    public async Task A_name_the_validator_refuses_is_a_usage_error_and_writes_nothing()
    {
        var run = await _cli.RunAsync("create", "-n", "my app!");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("applicationName", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("manifest.yaml")));
    }

    [Fact]
    public async Task A_region_the_validator_refuses_is_a_usage_error()
    {
        var run = await _cli.RunAsync("create", "--region", "moon-1");

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(_directory.Combine("manifest.yaml")));
    }

    [Fact]
    public async Task A_stage_named_twice_is_a_usage_error()
    {
        var run = await _cli.RunAsync("create", "--stages", "dev,dev");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stages names 'dev' twice", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_stage_is_a_usage_error()
    {
        var run = await _cli.RunAsync("create", "--stages", " , ");

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Json_prints_what_was_written()
    {
        var run = await _cli.RunAsync("create", "-n", "MyApp", "--json");

        var document = run.Document();
        Assert.Equal("create", document.GetProperty("command").GetString());
        Assert.Equal(_directory.Combine("manifest.yaml"), document.GetProperty("file").GetString());
        Assert.Equal(3, document.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task The_default_name_is_a_placeholder_that_validates()
    {
        await _cli.RunAsync("create");

        Assert.Equal(CreateCommandDefaults.Name, Load(_directory.Combine("manifest.yaml")).Manifest!.Name);
    }

    private static class CreateCommandDefaults
    {
        public const string Name = Commands.CreateCommand.DefaultApplicationName;
    }
}
