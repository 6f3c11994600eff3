using System.Text.Json.Serialization;

namespace SmusServerless.Runtime.RuntimeApi;

/// <summary>
/// Lambda's standard error body (<c>application/vnd.aws.lambda.error+json</c>, see the note at the top of
/// aws-models/lambda-runtime-api.yaml). Build it through <see cref="ErrorReports"/>, which redacts.
/// </summary>
public sealed record ErrorReport(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string>? StackTrace = null);

/// <summary>The error types the runtime itself reports (handler exceptions report their own type name).</summary>
public static class RuntimeErrorTypes
{
    public const string UnknownHandler = "Runtime.UnknownHandler";
    public const string HandlerNotSet = "Runtime.HandlerNotSet";
    public const string HandlerInitFailed = "Runtime.HandlerInitFailed";
    public const string InvalidConfiguration = "Runtime.InvalidConfiguration";
    public const string InvalidInput = "Runtime.InvalidInput";
    public const string DeadlineExceeded = "Runtime.DeadlineExceeded";
    public const string ResponseTooLarge = "Runtime.ResponseTooLarge";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class RuntimeApiJsonContext : JsonSerializerContext;
