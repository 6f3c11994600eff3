using System.Text.Json.Nodes;
using SmusServerless.Local.StepFunctions.Tests.Support;

namespace SmusServerless.Local.StepFunctions.Tests.Conformance;

/// <summary>The ASL conformance corpus (Conformance/Cases/*.json) run on the local engine.</summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Cases => ConformanceCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_ends_as_expected(string name)
    {
        var c = ConformanceCase.Named(name);
        using var dir = new TempStateDirectory();

        var (result, _) = await c.RunAsync(dir.Path);

        var expected = c.Expected;
        Assert.True(expected["status"]!.GetValue<string>() == result.Status,
            $"{name} ({c.Description}): expected {expected["status"]} but ended {result.Status} with {result.Error}: {result.Cause}");
        if (expected.ContainsKey("output"))
        {
            JsonAssert.Equal(expected["output"], result.Output is null ? null : JsonNode.Parse(result.Output), name);
        }
        if (expected["error"] is { } error)
        {
            Assert.Equal(error.GetValue<string>(), result.Error);
        }
        if (expected["cause"] is { } cause)
        {
            Assert.Equal(cause.GetValue<string>(), result.Cause);
        }
        if (expected["stateTransitions"] is { } transitions)
        {
            Assert.Equal(transitions.GetValue<long>(), result.StateTransitions);
        }
    }
}
