namespace SmusServerless.Cli.Tests;

public sealed class CliApplicationTests
{
    private readonly CliRunner _cli = new(Path.GetTempPath());

    [Fact]
    public async Task No_command_is_a_usage_error()
    {
        var run = await _cli.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("smus-serverless --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        var run = await _cli.RunAsync("deploy-everything");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("deploy-everything", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("bundle")]
    [InlineData("inspect")]
    [InlineData("publish")]
    public async Task Each_command_has_help_that_exits_0(string command)
    {
        var run = await _cli.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"smus-serverless {command}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--json", run.Stdout, StringComparison.Ordinal);
    }
}
