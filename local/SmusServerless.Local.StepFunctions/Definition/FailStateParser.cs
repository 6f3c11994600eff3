using System.Text.Json.Nodes;

namespace SmusServerless.Local.StepFunctions.Definition;

/// <summary>Fail: ends the execution (or its branch) with an Error and Cause, fixed or read from the input by path.</summary>
internal static class FailStateParser
{
    public static readonly string[] Fields = ["Error", "ErrorPath", "Cause", "CausePath"];

    public static FailState Parse(JsonObject obj, StateHeader h, DefinitionFields f)
    {
        var location = h.Location;
        f.Exclusive(obj, location, "Error", "ErrorPath");
        f.Exclusive(obj, location, "Cause", "CausePath");
        return new FailState
        {
            Name = h.Name, Type = "Fail", End = true,
            Error = f.OptionalString(obj, "Error", location),
            ErrorPath = f.PathAllowingIntrinsic(obj, "ErrorPath", location),
            Cause = f.OptionalString(obj, "Cause", location),
            CausePath = f.PathAllowingIntrinsic(obj, "CausePath", location),
        };
    }
}
