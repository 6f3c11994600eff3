namespace SmusServerless.Runtime.RuntimeApi;

/// <summary>One event handed out by <c>GET /runtime/invocation/next</c>, with its invocation headers.</summary>
public sealed record Invocation(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity,
    byte[] Payload);
