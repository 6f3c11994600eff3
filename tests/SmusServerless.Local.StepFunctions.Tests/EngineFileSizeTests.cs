using SmusServerless.Testing;

namespace SmusServerless.Local.StepFunctions.Tests;

/// <summary>The engine stays in rooms: no source file of the engine project grows past 400 lines.</summary>
public sealed class EngineFileSizeTests
{
    private const int MaxLines = 400;

    public static TheoryData<string> SourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in EngineSources())
        {
            data.Add(Path.GetRelativePath(ProjectDirectory, file).Replace('\\', '/'));
        }
        return data;
    }

    private static string ProjectDirectory => TestRepository.PathOf("local", "SmusServerless.Local.StepFunctions");

    private static IEnumerable<string> EngineSources()
        => Directory.EnumerateFiles(ProjectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_engine_project_has_source_files()
        => Assert.True(EngineSources().Count() > 20, $"no engine sources under {ProjectDirectory}");

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void A_source_file_has_at_most_400_lines(string file)
    {
        var lines = File.ReadLines(Path.Combine(ProjectDirectory, file)).Count();
        Assert.True(lines <= MaxLines, $"{file} has {lines} lines; split it by concern (at most {MaxLines})");
    }
}
