using System.Text.Json.Nodes;

namespace SmusServerless.Functions.Tests.Template;

/// <summary>The Task states of a state machine definition, inside Map and Parallel states too.</summary>
internal static class StateMachineTasks
{
    /// <summary>A Lambda task (the optimised lambda:invoke integration).</summary>
    public static bool IsLambda(JsonObject state) =>
        state["Resource"]?.GetValue<string>() is { } resource && resource.StartsWith("arn:aws:states:::lambda:invoke", StringComparison.Ordinal);

    /// <summary>Every Task state with its name, depth first.</summary>
    public static IEnumerable<(string Name, JsonObject State)> In(JsonObject states)
    {
        foreach (var (name, node) in states)
        {
            var state = node!.AsObject();
            switch (state["Type"]!.GetValue<string>())
            {
                case "Task":
                    yield return (name, state);
                    break;
                case "Map":
                    foreach (var inner in In((state["ItemProcessor"] ?? state["Iterator"])!["States"]!.AsObject()))
                        yield return inner;
                    break;
                case "Parallel":
                    foreach (var branch in state["Branches"]!.AsArray())
                        foreach (var inner in In(branch!["States"]!.AsObject()))
                            yield return inner;
                    break;
            }
        }
    }
}
