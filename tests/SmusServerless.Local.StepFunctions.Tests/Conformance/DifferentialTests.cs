using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Conformance;

/// <summary>
/// The corpus cases that aws-local-stepfunctions also supports give the same end on both engines
/// (same scripted task results). Cases where the reference engine departs from the AWS documentation are
/// marked differential=false with a knownDifference note.
/// </summary>
public sealed class DifferentialTests
{
    public static TheoryData<string> Cases => ConformanceCase.Names(differentialOnly: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Both_engines_end_the_same(string name)
    {
        var c = ConformanceCase.Named(name);
        var reference = (JsonObject)(await ReferenceEngine.ResultsAsync())[name]!;
        using var dir = new TempStateDirectory();

        var (ours, _) = await c.RunAsync(dir.Path);

        var context = $"{name} ({c.Description})";
        Assert.True(reference["status"]!.GetValue<string>() == ours.Status,
            $"{context}: aws-local-stepfunctions ended {reference["status"]} ({reference["error"]}: {reference["cause"]}), ours {ours.Status} ({ours.Error}: {ours.Cause})");
        if (ours.Status == "SUCCEEDED")
        {
            JsonAssert.Equal(reference["output"], ours.Output is null ? null : JsonNode.Parse(ours.Output), context);
        }
        else
        {
            Assert.Equal(reference["error"]?.GetValue<string>(), ours.Error);
            if (c.Expected.ContainsKey("cause"))
            {
                Assert.Equal(reference["cause"]?.GetValue<string>(), ours.Cause);
            }
        }
    }

    [Fact]
    public async Task Every_corpus_definition_passes_asl_validator()
    {
        var verdicts = await ReferenceEngine.ValidateAllAsync();
        Assert.Equal(ConformanceCase.All().Count(), verdicts.Count);
        foreach (var (name, verdict) in verdicts)
        {
            Assert.True(verdict!["isValid"]!.GetValue<bool>(), $"{name}: {verdict["errors"]?.ToJsonString()}");
        }
    }

    [Fact]
    public void Corpus_has_enough_differential_cases_to_mean_something()
    {
        Assert.True(ConformanceCase.All().Count(c => c.Differential) >= 40);
    }

    [Fact]
    public void Every_case_left_out_of_the_differential_run_says_why()
    {
        foreach (var c in ConformanceCase.All().Where(c => !c.Differential))
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Json["knownDifference"]?.GetValue<string>()),
                $"{c.Name} is left out of the differential test without a knownDifference note");
        }
    }
}
