using SmusServerless.Local.StepFunctions.Definition;
using SmusServerless.Local.StepFunctions.Tasks;
using SmusServerless.Local.StepFunctions.Tests.Conformance;
using SmusServerless.Testing;

namespace SmusServerless.Local.StepFunctions.Tests.Definition;

/// <summary>
/// The asl-validator test definitions (vendor/aws-models/asl-schemas/test-definitions): every valid one
/// parses with no "invalid" problem (it may use features this engine does not run, reported as unsupported),
/// and every invalid one is rejected.
/// </summary>
public sealed class SchemaFixtureTests
{
    private static string FixtureDirectory
        => TestRepository.AwsModels("asl-schemas", "test-definitions");

    public static TheoryData<string> Valid => Fixtures("valid-");

    public static TheoryData<string> Invalid => Fixtures("invalid-");

    private static TheoryData<string> Fixtures(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FixtureDirectory, prefix + "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    private static IReadOnlyList<DefinitionProblem> Parse(string file)
        => new DefinitionParser(r => TaskResourceName.TryParse(r) is null ? $"'{r}' is not an integration or Lambda function ARN" : null).TryParse(File.ReadAllText(Path.Combine(FixtureDirectory, file))).Problems;

    [Fact]
    public void The_fixture_set_is_present()
    {
        Assert.True(Directory.Exists(FixtureDirectory), $"missing {FixtureDirectory}");
        Assert.True(Directory.EnumerateFiles(FixtureDirectory, "*.json").Count() >= 100);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_definition_has_no_invalid_problem(string file)
    {
        var invalid = Parse(file).Where(p => p.Kind == DefinitionProblemKind.Invalid).ToList();
        Assert.True(invalid.Count == 0, $"{file}: {string.Join("; ", invalid)}");
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_definition_is_rejected(string file)
    {
        var problems = Parse(file);
        Assert.NotEmpty(problems);
        // Definitions using JSONata, workflow variables or Distributed Map are rejected as unsupported (those
        // features are not parsed here); every other invalid fixture must be caught as invalid, not merely unsupported.
        var text = File.ReadAllText(Path.Combine(FixtureDirectory, file));
        var usesUnsupportedFeature = new[] { "JSONata", "\"Assign\"", "DISTRIBUTED" }.Any(f => text.Contains(f, StringComparison.Ordinal));
        if (!usesUnsupportedFeature)
        {
            Assert.True(problems.Any(p => p.Kind == DefinitionProblemKind.Invalid), $"{file}: only {string.Join("; ", problems)}");
        }
    }
}
