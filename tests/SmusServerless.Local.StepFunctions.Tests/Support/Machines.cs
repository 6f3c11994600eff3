namespace SmusServerless.Local.StepFunctions.Tests.Support;

/// <summary>Small definitions for specification tests, so each test shows only the state it is about.</summary>
public static class Machines
{
    /// <summary>A Lambda function ARN; the engine fixture's Lambda answers for the function name.</summary>
    public static string Function(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    /// <summary>A machine of one state named "S" (the state must end: End, Succeed or Fail).</summary>
    public static string Single(string state) => "{\"StartAt\":\"S\",\"States\":{\"S\":" + state + "}}";

    /// <summary>A machine of the given states (name → JSON), starting at the first.</summary>
    public static string Of(params (string Name, string State)[] states)
        => "{\"StartAt\":\"" + states[0].Name + "\",\"States\":{" + string.Join(",", states.Select(s => $"\"{s.Name}\":{s.State}")) + "}}";
}
