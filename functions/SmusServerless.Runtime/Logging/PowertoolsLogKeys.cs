namespace SmusServerless.Runtime.Logging;

/// <summary>The standard keys of a Powertools for AWS Lambda (.NET) log line, so Logs Insights queries carry over.</summary>
public static class PowertoolsLogKeys
{
    public const string Level = "level";
    public const string Message = "message";
    public const string Timestamp = "timestamp";
    public const string Service = "service";
    public const string ColdStart = "cold_start";
    public const string FunctionName = "function_name";
    public const string FunctionMemorySize = "function_memory_size";
    public const string FunctionArn = "function_arn";
    public const string FunctionRequestId = "function_request_id";
    public const string FunctionVersion = "function_version";
    public const string XRayTraceId = "xray_trace_id";
    public const string CorrelationId = "correlation_id";
    public const string Name = "name";
    public const string Exception = "exception";

    private static readonly HashSet<string> Reserved =
    [
        Level, Message, Timestamp, Service, ColdStart, FunctionName, FunctionMemorySize, FunctionArn,
        FunctionRequestId, FunctionVersion, XRayTraceId, CorrelationId, Name, Exception,
    ];

    public static bool IsReserved(string key) => Reserved.Contains(key);
}
