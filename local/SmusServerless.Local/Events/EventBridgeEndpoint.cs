using System.Text.Json;
using System.Text.Json.Nodes;
using SmusServerless.Local.Endpoints.Protocol;

namespace SmusServerless.Local.Events;

/// <summary>The EventBridge awsJson1_1 endpoint: <c>AWSEvents.PutEvents</c>, validated against <c>events/service-2.json</c>.</summary>
public sealed class EventBridgeEndpoint(ServiceModel model, EventBus bus)
{
    public const string ContentType = "application/x-amz-json-1.1";
    private readonly ShapeValidator _validator = new(model);

    public async Task<AwsHttpResponse> HandleAsync(AwsHttpRequest request, CancellationToken cancellationToken)
    {
        var target = request.Header("X-Amz-Target");
        if (target != model.Metadata.TargetPrefix + ".PutEvents")
        {
            return AwsJsonErrors.Error(400, "UnknownOperationException", $"The local EventBridge endpoint serves PutEvents only (X-Amz-Target '{target}').", ContentType);
        }

        JsonObject input;
        try
        {
            input = JsonNode.Parse(request.Body.Span) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return AwsJsonErrors.Error(400, "SerializationException", "The request body is not a JSON object.", ContentType);
        }

        var issues = _validator.Validate(model.Operation("PutEvents").InputShape!, input);
        if (issues.Count > 0)
        {
            return AwsJsonErrors.Error(400, "ValidationException", ShapeValidator.FormatMessage(issues), ContentType);
        }

        var results = new JsonArray();
        var failed = 0;
        foreach (var entry in ((JsonArray)input["Entries"]!).OfType<JsonObject>())
        {
            var result = await bus.PutAsync(entry, cancellationToken).ConfigureAwait(false);
            failed += result.ContainsKey("ErrorCode") ? 1 : 0;
            results.Add(result);
        }

        return AwsHttpResponse.Json(200, new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results }.ToJsonString(), ContentType);
    }
}
