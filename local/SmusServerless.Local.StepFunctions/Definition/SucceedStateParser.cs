namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Succeed: ends its scope successfully; only InputPath and OutputPath shape its output.</summary>
internal static class SucceedStateParser
{
    public static readonly string[] Fields = ["InputPath", "OutputPath"];

    public static SucceedState Parse(StateHeader h)
        => new() { Name = h.Name, Type = "Succeed", InputPath = h.InputPath, OutputPath = h.OutputPath, End = true };
}
