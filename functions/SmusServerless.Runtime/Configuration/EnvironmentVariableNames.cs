namespace SmusServerless.Runtime.Configuration;

/// <summary>The environment variables Lambda sets for a custom runtime, and those Powertools reads.</summary>
public static class EnvironmentVariableNames
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string Handler = "_HANDLER";
    public const string TraceId = "_X_AMZN_TRACE_ID";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";
    public const string LambdaLogLevel = "AWS_LAMBDA_LOG_LEVEL";
    public const string PowertoolsServiceName = "POWERTOOLS_SERVICE_NAME";
    public const string PowertoolsLogLevel = "POWERTOOLS_LOG_LEVEL";
    public const string PowertoolsMetricsNamespace = "POWERTOOLS_METRICS_NAMESPACE";
}
