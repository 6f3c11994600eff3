namespace SmusServerless.Local.StepFunctions;

/// <summary>
/// A Step Functions API error, named as in the service model (ExecutionAlreadyExists, TaskDoesNotExist,
/// InvalidToken, TaskTimedOut, ...), so the local HTTP endpoint can return it as the error code.
/// </summary>
public sealed class StepFunctionsException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public static StepFunctionsException ExecutionAlreadyExists(string name)
        => new("ExecutionAlreadyExists", $"Execution Already Exists: '{name}'");

    public static StepFunctionsException ExecutionDoesNotExist(string arn)
        => new("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");

    public static StepFunctionsException StateMachineDoesNotExist(string arn)
        => new("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");

    public static StepFunctionsException TaskDoesNotExist()
        => new("TaskDoesNotExist", "Task Does Not Exist");

    public static StepFunctionsException InvalidToken(string why)
        => new("InvalidToken", $"Invalid Token: {why}");

    public static StepFunctionsException TaskTimedOut()
        => new("TaskTimedOut", "Task Timed Out");
}
