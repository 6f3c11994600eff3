using SmusServerless.Testing;

namespace SmusServerless.Cli.Tests.Packaging;

/// <summary>
/// The CLI as a user gets it: packed as a dotnet tool, installed into a folder of its own, and run on a copy of an
/// example from a temporary folder with no checkout (and so no reference shelf) anywhere above it.
/// </summary>
public sealed class InstalledToolTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_installed_tool_runs_the_example_pipeline_offline_from_an_unrelated_folder()
    {
        using var scratch = new TemporaryDirectory();
        AssertNothingAbove(scratch.Path);
        var packages = scratch.Combine("packages");
        var tool = scratch.Combine("tool");
        var app = scratch.Combine("marketing-demo");
        TestRepository.CopyExample("marketing-demo", app);

        // Packed from the build the test command has just made (-c Release), as a release would be.
        var pack = await ExternalCommand.RunAsync("dotnet",
            ["pack", TestRepository.PathOf("cli", "SmusServerless.Cli", "SmusServerless.Cli.csproj"), "-c", "Release", "--no-build", "-o", packages, "-nologo"],
            scratch.Path, Bound);
        Assert.True(pack.ExitCode == 0, pack.ToString());

        // Only the folder the package was packed into is a source: nothing is fetched.
        var config = scratch.Combine("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await ExternalCommand.RunAsync("dotnet",
            ["tool", "install", "--tool-path", tool, "--configfile", config, "SmusServerless.Cli"], scratch.Path, Bound);
        Assert.True(install.ExitCode == 0, install.ToString());

        var run = await ExternalCommand.RunAsync(Path.Combine(tool, "smus-serverless"),
            ["run", app, "--auto-approve", "--state-dir", scratch.Combine("state")], scratch.Path, Bound);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lastLine = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("deployment succeeded", lastLine, StringComparison.Ordinal);
        Assert.DoesNotContain("aws-models", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The point of the test: no checkout and no reference shelf above the folder the tool runs in.</summary>
    private static void AssertNothingAbove(string folder)
    {
        for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
        {
            Assert.False(File.Exists(Path.Combine(directory.FullName, "SmusServerless.sln")), $"{directory.FullName} holds a checkout");
            // Only looks for the shelf's absence; reads nothing in it.
            var shelf = Path.Combine(directory.FullName, "shared");
            Assert.False(Directory.Exists(Path.Combine(shelf, "aws-models")), $"{directory.FullName} holds the reference shelf");
        }
    }
}
