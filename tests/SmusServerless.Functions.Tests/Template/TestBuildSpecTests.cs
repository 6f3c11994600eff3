using System.Diagnostics;
using System.Text.RegularExpressions;
using SmusServerless.Core.Pipeline;
using SmusServerless.Local.Pipeline;
using YamlDotNet.RepresentationModel;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>
/// The CodeBuild test project gives app tests what the offline runner gives them: the <c>smus_config</c> plugin the
/// Verify step passes (<see cref="TestEnvironment.PluginVariable"/>), loaded with <c>pytest -p</c> from a directory
/// outside the tests folder, and <c>SMUS_TEST_CONFIG</c> naming the config document written there.
/// </summary>
public sealed partial class TestBuildSpecTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Load(TestRepository.PathOf("template.yaml"));

    private static IReadOnlyList<string> BuildCommands()
    {
        var buildSpec = Template.Resources["TestProject"]!["Properties"]!["Source"]!["BuildSpec"]!.GetValue<string>();
        var yaml = new YamlStream();
        yaml.Load(new StringReader(buildSpec));
        var commands = (YamlSequenceNode)yaml.Documents[0].RootNode["phases"]["build"]["commands"];
        return [.. commands.Children.Select(c => ((YamlScalarNode)c).Value!)];
    }

    [Fact]
    public void The_buildspec_writes_the_plugin_from_the_Verify_step_and_loads_it_with_pytest_p()
    {
        var commands = BuildCommands();
        var plugin = Assert.Single(commands, c => c.Contains($"\"${TestEnvironment.PluginVariable}\"", StringComparison.Ordinal));
        var pluginFile = PluginFile().Match(plugin);
        Assert.True(pluginFile.Success, plugin);
        Assert.EndsWith("/" + TestPlugin.FileName, pluginFile.Groups["path"].Value);
        var pluginDirectory = pluginFile.Groups["path"].Value[..^(TestPlugin.FileName.Length + 1)];

        var pytest = Assert.Single(commands, c => c.Contains("python -m pytest", StringComparison.Ordinal));
        Assert.Contains($"-p {TestPlugin.ModuleName}", pytest);
        Assert.Contains($"PYTHONPATH=\"{pluginDirectory}", pytest);
        Assert.Contains("cd \"bundle/$" + TestEnvironment.TestsFolderVariable + "\"", pytest);
    }

    [Fact]
    public void The_buildspec_sets_SMUS_TEST_CONFIG_to_the_config_document_it_writes_outside_the_tests_folder()
    {
        var commands = BuildCommands();
        var write = Assert.Single(commands, c => c.Contains($"\"${TestEnvironment.ConfigJsonVariable}\"", StringComparison.Ordinal));
        var configFile = ConfigFile().Match(write);
        Assert.True(configFile.Success, write);
        Assert.StartsWith("/tmp/", configFile.Groups["path"].Value);

        var pytest = Assert.Single(commands, c => c.Contains("python -m pytest", StringComparison.Ordinal));
        Assert.Contains($"{TestEnvironment.ConfigVariable}={configFile.Groups["path"].Value} ", pytest);
    }

    [Fact]
    public async Task The_buildspecs_commands_run_a_test_that_takes_smus_config_and_leave_the_users_conftest_alone()
    {
        var work = Directory.CreateTempSubdirectory("smus-buildspec-").FullName;
        try
        {
            // The commands after the download and unzip, with /tmp moved into the test's own directory.
            var tmp = Directory.CreateDirectory(Path.Combine(work, "tmp")).FullName;
            var tests = Directory.CreateDirectory(Path.Combine(work, "src", "bundle", "smus-app-tests")).FullName;
            const string conftest = "import pytest\n\n@pytest.fixture\ndef greeting():\n    return 'hello'\n";
            await File.WriteAllTextAsync(Path.Combine(tests, "conftest.py"), conftest);
            await File.WriteAllTextAsync(Path.Combine(tests, "test_config.py"),
                "import os\ndef test_config(smus_config, greeting):\n    assert smus_config['target_name'] == 'prod'\n    assert sorted(os.listdir('.')) == ['conftest.py', 'test_config.py']\n");
            var script = string.Join("\n", BuildCommands().Where(c => !c.StartsWith("aws ", StringComparison.Ordinal) && !c.Contains("unzip", StringComparison.Ordinal))
                .Select(c => c.Replace("/tmp/", tmp + "/", StringComparison.Ordinal)));

            // CodeBuild's python is the one with pytest; here it is the one the offline runner finds.
            var bin = Directory.CreateDirectory(Path.Combine(work, "bin")).FullName;
            File.CreateSymbolicLink(Path.Combine(bin, "python"), Which(LocalTestRunner.FindPython()));
            var start = new ProcessStartInfo("bash", ["-e", "-c", script]) { WorkingDirectory = Path.Combine(work, "src"), RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment[TestEnvironment.TestsFolderVariable] = "smus-app-tests";
            start.Environment[TestEnvironment.PluginVariable] = TestPlugin.Source;
            start.Environment[TestEnvironment.ConfigJsonVariable] =
                new TestConfig("us-east-1", "123456789012", "p", "prod-project", "dzd_d", "domain", "prod", new Dictionary<string, string>()).ToJson();
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, output);
            Assert.Equal(conftest, await File.ReadAllTextAsync(Path.Combine(tests, "conftest.py")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Which(string program) =>
        Path.IsPathRooted(program) ? program
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).First(File.Exists);

    [GeneratedRegex("""\$SMUS_TEST_PLUGIN" > (?<path>\S+)""")]
    private static partial Regex PluginFile();

    [GeneratedRegex("""\$SMUS_TEST_CONFIG_JSON" > (?<path>\S+)""")]
    private static partial Regex ConfigFile();
}
