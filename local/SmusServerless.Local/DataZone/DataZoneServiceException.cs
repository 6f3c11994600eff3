namespace SmusServerless.Local.DataZone;

/// <summary>A modelled DataZone error (its shape name, e.g. <c>ResourceNotFoundException</c>) with the message the client sees.</summary>
public sealed class DataZoneServiceException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;

    public static DataZoneServiceException Validation(string message) => new("ValidationException", message);

    public static DataZoneServiceException NotFound(string message) => new("ResourceNotFoundException", message);

    public static DataZoneServiceException Conflict(string message) => new("ConflictException", message);

    public static DataZoneServiceException AccessDenied(string message) => new("AccessDeniedException", message);
}
