namespace SmusServerless.Local.StepFunctions.Execution;

/// <summary>A state failed with an error name and cause (caught by the runner, fed to Retry/Catch).</summary>
internal sealed class StateFailure(string error, string cause) : Exception(cause)
{
    public string Error { get; } = error;

    public string Cause { get; } = cause;
}
