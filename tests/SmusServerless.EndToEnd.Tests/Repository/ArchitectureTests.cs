using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SmusServerless.EndToEnd.Tests.Repository;

/// <summary>
/// The layer rule of ARCHITECTURE.md holds: each product project references only what its row of the table there
/// allows, every product project has a row, and the core and the application layer stay free of AWS, HTTP and file code.
/// </summary>
public sealed partial class ArchitectureTests
{
    [GeneratedRegex(@"^\|\s*`(?<project>(?:functions|local|cli)/[^`]+)`\s*\|[^|]*\|\s*(?<refs>[^|]+?)\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex LayerRow();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b(?:File|Directory)\.(?:Open|Read|Write|Create|Delete|Enumerate|Exists|Get|Set|Move|Copy|Append)\w*\(|\bnew\s+(?:FileStream|FileInfo|DirectoryInfo|HttpClient)\b|using\s+(?:Amazon|System\.Net\.Http|SmusServerless\.Aws)\b")]
    private static partial Regex InputOutput();

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> AllowedReferences()
    {
        var rows = LayerRow().Matches(File.ReadAllText(TestRepository.PathOf("ARCHITECTURE.md")));
        return rows.ToDictionary(
            row => row.Groups["project"].Value,
            row => (IReadOnlySet<string>)Quoted().Matches(row.Groups["refs"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private static IEnumerable<string> ProductProjects() =>
        new[] { "functions", "local", "cli" }
            .SelectMany(folder => Directory.EnumerateFiles(TestRepository.PathOf(folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(TestRepository.Root, Path.GetDirectoryName(path)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> ProjectReferences(string projectFolder)
    {
        var file = Directory.EnumerateFiles(TestRepository.PathOf(projectFolder), "*.csproj").Single();
        return XDocument.Load(file).Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
    }

    [Fact]
    public void The_table_names_the_core_and_the_adapters()
    {
        var table = AllowedReferences();
        Assert.Empty(table["functions/SmusServerless.Core"]);
        Assert.Contains("SmusServerless.Core", table["functions/SmusServerless.Aws"]);
    }

    [Fact]
    public void Every_product_project_has_a_row_in_ARCHITECTURE_md()
    {
        var table = AllowedReferences();
        Assert.DoesNotContain(ProductProjects(), project => !table.ContainsKey(project));
    }

    [Fact]
    public void Every_project_reference_is_one_its_row_allows()
    {
        var table = AllowedReferences();
        var violations = ProductProjects()
            .Where(table.ContainsKey)
            .SelectMany(project => ProjectReferences(project)
                .Where(reference => !table[project].Contains(reference))
                .Select(reference => $"{project} references {reference}"))
            .ToArray();
        Assert.True(violations.Length == 0, "Not allowed by ARCHITECTURE.md:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_core_references_no_framework_and_no_AWS_or_HTTP_package() => AssertNoFrameworkAwsOrHttpPackage("SmusServerless.Core");

    [Fact]
    public void The_application_references_no_framework_and_no_AWS_or_HTTP_package() => AssertNoFrameworkAwsOrHttpPackage("SmusServerless.Application");

    [Fact]
    public void The_application_layer_may_reference_the_core_only()
    {
        Assert.Equal(["SmusServerless.Core"], AllowedReferences()["functions/SmusServerless.Application"]);
        Assert.Contains("SmusServerless.Application", AllowedReferences()["functions/SmusServerless.Aws"]);
    }

    private static void AssertNoFrameworkAwsOrHttpPackage(string name)
    {
        var project = XDocument.Load(TestRepository.PathOf("functions", name, name + ".csproj"));
        Assert.Empty(project.Descendants("FrameworkReference"));
        var packages = project.Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value).ToArray();
        Assert.DoesNotContain(packages, package => package.StartsWith("AWSSDK", StringComparison.Ordinal) || package.Contains("Http", StringComparison.Ordinal));
    }

    [Fact]
    public void The_core_source_does_no_file_or_network_input_output()
    {
        var offenders = InputOutputLines("SmusServerless.Core");
        Assert.True(offenders.Length == 0, "The core does input/output itself:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_application_source_does_no_file_or_network_input_output()
    {
        var offenders = InputOutputLines("SmusServerless.Application");
        Assert.True(offenders.Length == 0, "The application layer does input/output itself:\n" + string.Join("\n", offenders));
    }

    /// <summary>The lines of a project's source that read or write files, speak HTTP or use AWS code.</summary>
    private static string[] InputOutputLines(string name)
    {
        var root = TestRepository.PathOf("functions", name);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadAllLines(path).Select((line, index) => (path, line, index)))
            .Where(entry => InputOutput().IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(root, entry.path)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToArray();
    }

    [Theory]
    [InlineData("        using var stream = File.OpenRead(path);")]
    [InlineData("        var http = new HttpClient();")]
    [InlineData("using Amazon.S3;")]
    [InlineData("using SmusServerless.Aws.DataZone;")]
    public void Input_output_in_a_line_is_recognised(string line) => Assert.Matches(InputOutput(), line);
}
