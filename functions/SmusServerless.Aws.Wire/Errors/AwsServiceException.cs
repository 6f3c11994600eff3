using SmusServerless.Aws.Protocols;

namespace SmusServerless.Aws.Errors;

/// <summary>Whether an error is worth retrying, and why.</summary>
public enum RetryClassification
{
    /// <summary>The same request will fail the same way.</summary>
    NotRetryable,

    /// <summary>The service asked us to slow down.</summary>
    Throttling,

    /// <summary>A server-side or network fault that may pass.</summary>
    Transient,
}

/// <summary>An error answer from an AWS service (or a local stand-in), with what is needed to act on it.</summary>
public class AwsServiceException(AwsErrorResponse error, string operation, RetryClassification retry)
    : Exception($"{operation} failed: {error.Code} (HTTP {error.StatusCode}){(error.Message.Length > 0 ? ": " + error.Message : "")}{(error.RequestId is null ? "" : $" [request id {error.RequestId}]")}")
{
    /// <summary>The bare error code, e.g. ResourceNotFoundException.</summary>
    public string ErrorCode { get; } = error.Code;

    public string ServiceMessage { get; } = error.Message;
    public int StatusCode { get; } = error.StatusCode;
    public string? RequestId { get; } = error.RequestId;
    public string Operation { get; } = operation;
    public RetryClassification Retry { get; } = retry;
    public bool IsRetryable => Retry != RetryClassification.NotRetryable;

    /// <summary>The raw error body (for service-specific members such as ConflictException's resource).</summary>
    public System.Text.Json.JsonElement? Body { get; } = error.Body;

    /// <summary>Builds the most specific exception for an error response.</summary>
    public static AwsServiceException From(AwsErrorResponse error, string operation) => AwsErrorClassifier.Create(error, operation);
}

/// <summary>ThrottlingException, TooManyRequestsException, HTTP 429, ...: retry with backoff.</summary>
public sealed class AwsThrottlingException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.Throttling);

/// <summary>ResourceNotFoundException, ExecutionDoesNotExist, TaskDoesNotExist, HTTP 404.</summary>
public sealed class AwsNotFoundException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>ConflictException, ExecutionAlreadyExists, HTTP 409.</summary>
public sealed class AwsConflictException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>AccessDeniedException, UnauthorizedException, HTTP 401/403.</summary>
public sealed class AwsAccessDeniedException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>ValidationException and the services' Invalid* errors, HTTP 400.</summary>
public sealed class AwsValidationException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>InternalServerException, InternalFailure, HTTP 5xx: transient, retried.</summary>
public sealed class AwsInternalServerException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.Transient);

/// <summary>ServiceQuotaExceededException, ExecutionLimitExceeded, HTTP 402.</summary>
public sealed class AwsServiceQuotaExceededException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>Step Functions' TaskTimedOut: the callback came after the task's timeout.</summary>
public sealed class AwsTaskTimedOutException(AwsErrorResponse error, string operation) : AwsServiceException(error, operation, RetryClassification.NotRetryable);

/// <summary>Maps error codes and HTTP statuses onto the exception hierarchy.</summary>
public static class AwsErrorClassifier
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestThrottledException",
        "RequestThrottled", "RequestLimitExceeded", "ProvisionedThroughputExceededException", "BandwidthLimitExceeded",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "TooManyRequests",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "ExecutionDoesNotExist", "TaskDoesNotExist", "StateMachineDoesNotExist",
        "ActivityDoesNotExist", "NotFound",
    };

    private static readonly HashSet<string> ConflictCodes = new(StringComparer.Ordinal)
    {
        "ConflictException", "ExecutionAlreadyExists", "StateMachineAlreadyExists", "ResourceAlreadyExistsException", "Conflict",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnauthorizedException", "Unauthorized", "UnrecognizedClientException",
        "InvalidSignatureException", "SignatureDoesNotMatch", "MissingAuthenticationTokenException", "IncompleteSignature",
        "ExpiredTokenException", "InvalidClientTokenId", "NotAuthorizedForSourceException",
    };

    private static readonly HashSet<string> ValidationCodes = new(StringComparer.Ordinal)
    {
        "ValidationException", "InvalidArn", "InvalidToken", "InvalidOutput", "InvalidName", "InvalidExecutionInput",
        "InvalidParameterValueException", "InvalidParameterException", "InvalidRequestException", "InvalidArgument",
        "SerializationException", "BadRequest", "InvalidEventPatternException", "MissingRequiredParameter",
    };

    private static readonly HashSet<string> QuotaCodes = new(StringComparer.Ordinal)
    {
        "ServiceQuotaExceededException", "ExecutionLimitExceeded", "LimitExceededException", "ServiceQuotaExceeded",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalServerException", "InternalServerError", "InternalException", "InternalFailure", "InternalError",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
        "TransactionInProgressException", "IDPCommunicationError",
    };

    public static AwsServiceException Create(AwsErrorResponse error, string operation)
    {
        var code = error.Code;
        if (ThrottlingCodes.Contains(code) || error.StatusCode == 429)
            return new AwsThrottlingException(error, operation);
        if (code == "TaskTimedOut")
            return new AwsTaskTimedOutException(error, operation);
        if (NotFoundCodes.Contains(code))
            return new AwsNotFoundException(error, operation);
        if (ConflictCodes.Contains(code))
            return new AwsConflictException(error, operation);
        if (AccessDeniedCodes.Contains(code))
            return new AwsAccessDeniedException(error, operation);
        if (QuotaCodes.Contains(code))
            return new AwsServiceQuotaExceededException(error, operation);
        if (ValidationCodes.Contains(code))
            return new AwsValidationException(error, operation);
        if (TransientCodes.Contains(code) || error.StatusCode >= 500)
            return new AwsInternalServerException(error, operation);
        return error.StatusCode switch
        {
            404 => new AwsNotFoundException(error, operation),
            409 => new AwsConflictException(error, operation),
            401 or 403 => new AwsAccessDeniedException(error, operation),
            402 => new AwsServiceQuotaExceededException(error, operation),
            400 => new AwsValidationException(error, operation),
            _ => new AwsServiceException(error, operation, RetryClassification.NotRetryable),
        };
    }
}
