namespace SmusServerless.Runtime;

/// <summary>
/// What a handler knows about its invocation and function; shaped like Amazon.Lambda.Core's ILambdaContext
/// (not served here) so that swapping the real package in later is a one-place change.
/// </summary>
public interface ILambdaContext
{
    string AwsRequestId { get; }

    /// <summary>Time left until Lambda's deadline for this invocation (never negative).</summary>
    TimeSpan RemainingTime { get; }

    DateTimeOffset Deadline { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    int MemoryLimitInMB { get; }

    string InvokedFunctionArn { get; }

    string LogGroupName { get; }

    string LogStreamName { get; }

    /// <summary>The X-Ray trace header of this invocation, also exported as <c>_X_AMZN_TRACE_ID</c>.</summary>
    string? TraceId { get; }

    /// <summary>Raw JSON of <c>Lambda-Runtime-Client-Context</c>, when the invoker sent one.</summary>
    string? ClientContext { get; }

    /// <summary>Raw JSON of <c>Lambda-Runtime-Cognito-Identity</c>, when the invoker sent one.</summary>
    string? Identity { get; }
}

internal sealed class LambdaContext(
    RuntimeApi.Invocation invocation,
    Configuration.LambdaFunctionSettings settings,
    TimeProvider time) : ILambdaContext
{
    public string AwsRequestId => invocation.RequestId;

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = invocation.Deadline - time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public DateTimeOffset Deadline => invocation.Deadline;

    public string FunctionName => settings.FunctionName;

    public string FunctionVersion => settings.FunctionVersion;

    public int MemoryLimitInMB => settings.MemoryLimitInMB;

    public string InvokedFunctionArn => invocation.InvokedFunctionArn;

    public string LogGroupName => settings.LogGroupName;

    public string LogStreamName => settings.LogStreamName;

    public string? TraceId => invocation.TraceId;

    public string? ClientContext => invocation.ClientContext;

    public string? Identity => invocation.CognitoIdentity;
}
