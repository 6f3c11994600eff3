using System.Reflection;

namespace SmusServerless.Core.Pipeline;

/// <summary>
/// The pytest plugin that gives app tests smus-cli's <c>smus_config</c> fixture without writing into their folder
/// (smus-cli writes a conftest.py there, overwriting the user's). One source, carried in this assembly: the Verify
/// step hands it to the test build in <see cref="TestEnvironment.PluginVariable"/>, and both the CodeBuild buildspec
/// and the offline runner write it to a directory of their own and load it with <c>pytest -p</c>.
/// </summary>
public static class TestPlugin
{
    /// <summary>The module name given to <c>pytest -p</c>; the file is this plus <c>.py</c>.</summary>
    public const string ModuleName = "smus_pytest_plugin";

    private static readonly Lazy<string> SourceText = new(() =>
    {
        using var stream = typeof(TestPlugin).Assembly.GetManifestResourceStream($"SmusServerless.Core.Pipeline.{ModuleName}.py")
                           ?? throw new InvalidOperationException($"the embedded {ModuleName}.py is missing from {typeof(TestPlugin).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string FileName => ModuleName + ".py";

    /// <summary>The plugin's Python source.</summary>
    public static string Source => SourceText.Value;
}
