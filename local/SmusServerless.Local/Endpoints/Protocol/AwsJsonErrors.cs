using System.Text.Json.Nodes;

namespace SmusServerless.Local.Endpoints.Protocol;

/// <summary>Error responses of the awsJson1_0 / awsJson1_1 protocols: <c>__type</c> in the body and <c>x-amzn-ErrorType</c>.</summary>
public static class AwsJsonErrors
{
    public static AwsHttpResponse Error(int status, string code, string message, string contentType) =>
        AwsHttpResponse.Json(status, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), contentType,
            [new("x-amzn-ErrorType", code)]);
}
