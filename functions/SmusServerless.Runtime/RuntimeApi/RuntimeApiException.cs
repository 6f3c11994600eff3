using System.Net;

namespace SmusServerless.Runtime.RuntimeApi;

/// <summary>The Runtime API answered in a way the runtime cannot carry on from (status, missing header).</summary>
public sealed class RuntimeApiException(string message, HttpStatusCode? statusCode = null) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>
    /// 5xx is the spec's "Container error. Non-recoverable state. Runtime should exit promptly."; a protocol
    /// violation (no status) is as fatal, since the runtime can no longer tell which invocation it serves.
    /// </summary>
    public bool IsFatal => StatusCode is null || (int)StatusCode >= 500;
}
