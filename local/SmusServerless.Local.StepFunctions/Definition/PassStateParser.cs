using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Pass: passes its input on, or a fixed Result, shaped by Parameters and placed by ResultPath.</summary>
internal static class PassStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath", "Next", "End", "Result", "ResultPath", "Parameters"];

    public static PassState Parse(JsonObject obj, StateHeader h, DefinitionFields f) => new()
    {
        Name = h.Name, Type = "Pass", Next = h.Next, End = h.End, InputPath = h.InputPath, OutputPath = h.OutputPath,
        HasResult = obj.ContainsKey("Result"), Result = obj["Result"]?.DeepClone(),
        Parameters = f.Template(obj, "Parameters", h.Location),
        ResultPath = f.PathOrNull(obj, "ResultPath", h.Location, reference: true),
    };
}
